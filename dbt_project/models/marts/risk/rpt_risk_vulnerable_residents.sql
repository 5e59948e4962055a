{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_if_registry_changed(['stg_population__people', 'stg_address__addresses']) }}",
        post_hook="{{ refresh_age_from_dim_person() }}"
    )
}}
{#
  One row per active resident in a key group (独居老人, 残疾人 …) living in a C/D (dangerous)
  building: the evacuation list. Personal data masked; `person_key` links to dim_person for an
  authorised, audited lookup.
#}
with

people as (
    select * from {{ ref('dim_person') }}
    where is_active and is_key_group
),

homes as (
    select * from {{ ref('dim_address') }}
),

final as (
    select
        p.person_key,
        p.name_masked,
        p.id_number_masked,
        p.phone_masked,
        p.age,
        p.sex,
        p.key_groups,
        p.is_elderly_alone,
        b.address_code,
        b.full_address,
        b.building_address_code,
        b.building_full_address,
        b.building_safety_grade as safety_grade,
        b.grid_code,
        b.street_name,
        b.community_name,
        b.lng,
        b.lat
    from people as p
    inner join homes as b
        on p.address_code = b.address_code
    where b.is_dangerous_building
)

select
    *,
    {{ registry_loaded_at(['stg_population__people', 'stg_address__addresses']) }} as _registry_loaded_at,
    '{{ invocation_id }}' as _invocation_id
from final
{{ skip_if_registry_unchanged(['stg_population__people', 'stg_address__addresses']) }}
