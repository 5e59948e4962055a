{#
  One row per (name key, org): every way an export may name a handling unit — the org's name,
  each alias from the org registry — reduced to a key by dropping the affixes of the
  org_name_affixes seed (南京市/秦淮区 prefixes, 办事处/居民委员会/居委会 suffixes).
  Keys that point at two orgs are dropped (ambiguous), never guessed.
#}
with

orgs as (
    select * from {{ ref('stg_org__orgs') }}
    where org_code is not null
    qualify row_number() over (partition by org_code order by _loaded_at desc) = 1
),

{{ org_affix_patterns_cte() }},

names as (
    select org_code, org_name as name from orgs
    union
    select org_code, {{ unnest_list('aliases') }} as name from orgs
),

keyed as (
    select distinct
        n.org_code,
        {{ org_name_key('n.name') }} as name_key
    from names as n
    cross join org_affix_patterns as a
    where n.name is not null
),

final as (
    select
        name_key,
        min(org_code) as org_code
    from keyed
    where name_key <> ''
    group by name_key
    having count(distinct org_code) = 1
)

select * from final
