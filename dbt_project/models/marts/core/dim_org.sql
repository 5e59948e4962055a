with

orgs as (
    select * from {{ ref('stg_org__orgs') }}
    where org_code is not null
    qualify row_number() over (partition by org_code order by _loaded_at desc) = 1
),

levels as (
    select * from {{ ref('handle_levels') }}
),

streets as (
    select * from {{ ref('qinhuai_streets') }}
),

final as (
    select
        o.org_code,
        o.org_name,
        o.org_type,
        o.parent_org_code,
        l.handle_level,
        -- the division the unit serves: a street office ↔ its street code, a community ↔ its
        -- 12-digit community code, through the mapping seed and the org code, never by name alone
        case
            when o.org_type = '街道' then cast(s.street_code as string)
            when o.org_type = '社区' then o.org_code
        end as division_code,
        {{ list_join('o.aliases', "','") }} as aliases
    from orgs as o
    left join levels as l
        on o.org_type = l.label
    left join streets as s
        on o.org_type = '街道'
            and replace(o.org_name, '办事处', '') = s.street_name
)

select * from final
