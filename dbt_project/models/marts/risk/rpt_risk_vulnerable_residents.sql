{{
    config(
        materialized='incremental',
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

buildings as (
    -- a room's safety grade is its building's
    select
        r.address_code,
        coalesce(r.safety_grade, b.safety_grade) as safety_grade,
        r.full_address,
        -- the building a room is in (what a public screen may name: no unit, no room)
        coalesce(b.address_code, r.address_code) as building_address_code,
        coalesce(
            b.full_address,
            regexp_replace(r.full_address, '[0-9一二三四五六七八九十]+(单元|室|层|楼层|号房).*$', '')
        ) as building_full_address,
        r.grid_code,
        r.street_name,
        r.community_name,
        r.lng,
        r.lat
    from homes as r
    left join homes as b
        on b.address_level = 'building'
        and r.estate = b.estate
        and r.building = b.building
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
        b.safety_grade,
        b.grid_code,
        b.street_name,
        b.community_name,
        b.lng,
        b.lat
    from people as p
    inner join buildings as b
        on p.address_code = b.address_code
    where b.safety_grade in ('C', 'D')
)

select
    *,
    {{ registry_loaded_at(['stg_population__people', 'stg_address__addresses']) }} as _registry_loaded_at,
    '{{ invocation_id }}' as _invocation_id
from final
{{ skip_if_registry_unchanged(['stg_population__people', 'stg_address__addresses']) }}
