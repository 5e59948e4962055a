{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_events(registries=['stg_org__orgs']) }}"
    )
}}
{#
  One row per event: the handling unit named in the export mapped to dim_org (through the
  same affix rules as int_orgs_keyed, macro org_name_key), its type, and the handling level — where the event was
  finally resolved: community / street / district (docs/domain.md §2, 三级闭环). Grid reports state
  their level; for the others it is the level of the handling unit.
#}
with

events as (
    select
        event_key,
        source,
        handling_unit_name,
        reported_handle_level
    from ({{ changed_events(registries=['stg_org__orgs']) }})
),

org_keys as (
    select * from {{ ref('int_orgs_keyed') }}
),

orgs as (
    select * from {{ ref('stg_org__orgs') }}
    qualify row_number() over (partition by org_code order by _loaded_at desc) = 1
),

levels as (
    select * from {{ ref('handle_levels') }}
),

{{ org_affix_patterns_cte() }},

unit_names as (
    select
        u.handling_unit_name,
        {{ org_name_key('u.handling_unit_name') }} as name_key
    from (select distinct handling_unit_name from events where handling_unit_name is not null) as u
    cross join org_affix_patterns as a
),

final as (
    select
        e.event_key,
        e.handling_unit_name,
        k.org_code as handling_org_code,
        o.org_type as handling_org_type,
        coalesce(rl.handle_level, ol.handle_level) as handle_level,
        case
            when e.handling_unit_name is null then 'no_unit'
            when k.org_code is null then 'unmapped'
            else 'mapped'
        end as org_mapping_status
    from events as e
    left join unit_names as u
        on e.handling_unit_name = u.handling_unit_name
    left join org_keys as k
        on u.name_key = k.name_key
    left join orgs as o
        on k.org_code = o.org_code
    left join levels as ol
        on o.org_type = ol.label
    left join levels as rl
        on e.reported_handle_level = rl.label
)

select
    *,
    {{ event_stamps(['stg_org__orgs']) }}
from final
