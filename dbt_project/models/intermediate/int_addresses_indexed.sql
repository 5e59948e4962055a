{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_if_registry_changed(['stg_address__addresses']) }}"
    )
}}
{#
  One row per standard address, with the match keys the address matcher joins on:
  elements normalised the same way event text is (see macro normalise_address_text).
#}
with

addresses as (
    select * from {{ ref('stg_address__addresses') }}
),

latest as (
    select *
    from addresses
    where address_code is not null
    qualify row_number() over (partition by address_code order by _loaded_at desc) = 1
),

final as (
    select
        address_code,
        street_name,
        community_name,
        road,
        house_number,
        estate,
        building,
        unit,
        floor,
        room,
        full_address,
        lng,
        lat,
        grid_code,
        safety_grade,
        usage,
        address_level,
        regexp_extract(coalesce(house_number, ''), '(\d+)', 1) as house_number_key,
        regexp_extract(coalesce(building, ''), '(\d+)', 1) as building_key,
        regexp_extract(coalesce(unit, ''), '(\d+)', 1) as unit_key,
        regexp_extract(coalesce(room, ''), '(\d+)', 1) as room_key,
        coalesce(estate, '') as estate_key,
        coalesce(road, '') as road_key
    from latest
)

select
    *,
    {{ registry_loaded_at(['stg_address__addresses']) }} as _registry_loaded_at,
    '{{ invocation_id }}' as _invocation_id
from final
{{ skip_if_registry_unchanged(['stg_address__addresses']) }}
