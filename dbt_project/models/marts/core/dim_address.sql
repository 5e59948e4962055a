{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_if_registry_changed(['stg_address__addresses', 'stg_population__people']) }}"
    )
}}
with

addresses as (
    select * from {{ ref('int_addresses_indexed') }}
),

residents as (
    select
        address_code,
        count(*) as resident_count
    from {{ ref('stg_population__people') }}
    where deregistered_on is null
    group by address_code
),

final as (
    select
        a.address_code,
        a.address_level,
        a.full_address,
        a.street_name,
        a.community_name,
        a.road,
        a.house_number,
        a.estate,
        a.building,
        a.unit,
        a.floor,
        a.room,
        a.lng,
        a.lat,
        a.grid_code,
        a.safety_grade,
        coalesce(a.safety_grade in ('C', 'D'), false) as is_dangerous_building,
        a.usage,
        coalesce(r.resident_count, 0) as resident_count
    from addresses as a
    left join residents as r
        on a.address_code = r.address_code
)

select
    *,
    {{ registry_loaded_at(['stg_address__addresses', 'stg_population__people']) }} as _registry_loaded_at,
    '{{ invocation_id }}' as _invocation_id
from final
{{ skip_if_registry_unchanged(['stg_address__addresses', 'stg_population__people']) }}
