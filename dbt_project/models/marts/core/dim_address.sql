{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_if_registry_changed(['stg_address__addresses', 'stg_population__people']) }}"
    )
}}
with

addresses as (
    select * from {{ ref('int_addresses_indexed') }}
),

buildings as (
    -- a flat's safety grade is its building's (the registry grades buildings): the one place this rule lives
    select
        a.address_code,
        coalesce(a.safety_grade, b.safety_grade) as building_safety_grade,
        coalesce(b.address_code, a.address_code) as building_address_code,
        coalesce(
            b.full_address,
            regexp_replace(a.full_address, '[0-9一二三四五六七八九十]+(单元|室|层|楼层|号房).*$', '')
        ) as building_full_address
    from addresses as a
    left join addresses as b
        on b.address_level = 'building'
            and a.estate = b.estate
            and a.building = b.building
    qualify row_number() over (partition by a.address_code order by b.address_code) = 1
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
        b.building_safety_grade,
        b.building_address_code,
        b.building_full_address,
        -- a C or D building is dangerous (DOMAIN: 危房 C 级局部危险, D 级整幢危险); its flats with it
        coalesce(b.building_safety_grade in ('C', 'D'), false) as is_dangerous_building,
        a.usage,
        coalesce(r.resident_count, 0) as resident_count
    from addresses as a
    inner join buildings as b
        on a.address_code = b.address_code
    left join residents as r
        on a.address_code = r.address_code
)

select
    *,
    {{ registry_loaded_at(['stg_address__addresses', 'stg_population__people']) }} as _registry_loaded_at,
    '{{ invocation_id }}' as _invocation_id
from final
{{ skip_if_registry_unchanged(['stg_address__addresses', 'stg_population__people']) }}
