{{
    config(
        materialized='incremental',
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_events(registries=['stg_address__addresses', 'stg_grid__grids']) }}"
    )
}}
{#
  One row per event: where it happened. In order of trust:
    1. the standard address its text names (int_address_texts_matched; a house number several
       houses share is resolved here, per event) → that address's grid and point;
    2. the estate it names, when the estate lies in one grid;
    3. its coordinates (converted to WGS-84) → the grid polygon containing them;
    4. the grid code the source reported, when it is a real grid;
    5. otherwise unlocated (flagged; the singular test counts them).
#}
with

events as (
    select
        event_key,
        source,
        address_text,
        reported_grid_code,
        concat_ws(' ', handling_unit_name, reported_street_name) as street_hint
    from ({{ changed_events(registries=['stg_address__addresses', 'stg_grid__grids']) }})
),

library as (
    select * from {{ ref('int_addresses_indexed') }}
),

matches as (
    select * from {{ ref('int_address_texts_matched') }}
),

points as (
    select * from {{ ref('int_event_points_converted') }}
    {% if is_incremental() %}
    where event_key in (select event_key from events)  -- the point-in-polygon join only for these
    {% endif %}
),

grids as (
    select * from {{ ref('int_grids_prepared') }}
),

point_grids as (
    select
        p.event_key,
        p.wgs84_lng,
        p.wgs84_lat,
        g.grid_code
    from points as p
    inner join grids as g
        on ST_Contains(g.geom, ST_Point(p.wgs84_lng, p.wgs84_lat))
    qualify row_number() over (partition by p.event_key order by g.grid_code) = 1
),

ambiguous_houses as (
    -- several street-front houses share the road and number: take the one nearest the
    -- reported point, else the one in the street the handling unit or source names
    select
        e.event_key,
        l.address_code,
        l.grid_code,
        l.lng,
        l.lat,
        case
            when p.wgs84_lng is not null then 'house_nearest_point'
            when contains(e.street_hint, replace(l.street_name, '街道', '')) then 'house_in_named_street'
            else 'house_first_candidate'
        end as resolved_by
    from events as e
    inner join matches as m
        on e.address_text = m.address_text
        and m.match_method = 'ambiguous_house'
    inner join library as l
        on l.address_level = 'house'
        and l.road_key = m.road
        and l.house_number_key = m.house_number_key
        and (m.street_name is null or l.street_name = m.street_name)
    left join points as p
        on e.event_key = p.event_key
    qualify row_number() over (
        partition by e.event_key
        order by
            pow(l.lng - p.wgs84_lng, 2) + pow(l.lat - p.wgs84_lat, 2) nulls last,
            contains(e.street_hint, replace(l.street_name, '街道', '')) desc,
            l.address_code
    ) = 1
),

joined as (
    select
        e.event_key,
        e.source,
        e.reported_grid_code,
        coalesce(m.address_code, ah.address_code) as address_code,
        coalesce(m.address_grid_code, ah.grid_code) as address_grid_code,
        coalesce(m.address_lng, ah.lng) as address_lng,
        coalesce(m.address_lat, ah.lat) as address_lat,
        m.estate_grid_code,
        coalesce(ah.resolved_by, m.match_method, 'no_text') as address_match_method,
        case ah.resolved_by
            when 'house_nearest_point' then 0.85
            when 'house_in_named_street' then 0.75
            when 'house_first_candidate' then 0.5
            else coalesce(m.match_confidence, 0.0)
        end as address_match_confidence,
        p.wgs84_lng as point_lng,
        p.wgs84_lat as point_lat,
        pg.grid_code as point_grid_code,
        rg.grid_code as valid_reported_grid_code,
        rg.centroid_lng as reported_grid_lng,
        rg.centroid_lat as reported_grid_lat,
        eg.centroid_lng as estate_grid_lng,
        eg.centroid_lat as estate_grid_lat
    from events as e
    left join matches as m
        on e.address_text = m.address_text
    left join ambiguous_houses as ah
        on e.event_key = ah.event_key
    left join points as p
        on e.event_key = p.event_key
    left join point_grids as pg
        on e.event_key = pg.event_key
    left join grids as rg
        on e.reported_grid_code = rg.grid_code
    left join grids as eg
        on m.estate_grid_code = eg.grid_code
),

decided as (
    select
        *,
        case
            when address_grid_code is not null and address_match_method like 'exact_%' then 'address_exact'
            when address_grid_code is not null then 'address_fuzzy'
            when estate_grid_code is not null then 'estate'
            when point_grid_code is not null then 'coordinates'
            when valid_reported_grid_code is not null then 'reported_grid'
            else 'unlocated'
        end as geocode_method
    from joined
),

final as (
    select
        event_key,
        geocode_method,
        case geocode_method
            when 'address_exact' then address_match_confidence
            when 'address_fuzzy' then address_match_confidence
            when 'estate' then 0.6
            when 'coordinates' then case when point_grid_code = valid_reported_grid_code then 0.9 else 0.8 end
            when 'reported_grid' then 0.5
            else 0.0
        end as geocode_confidence,
        address_match_method,
        case when geocode_method like 'address_%' then address_code end as address_code,
        case geocode_method
            when 'address_exact' then address_grid_code
            when 'address_fuzzy' then address_grid_code
            when 'estate' then estate_grid_code
            when 'coordinates' then point_grid_code
            when 'reported_grid' then valid_reported_grid_code
        end as grid_code,
        case geocode_method
            when 'address_exact' then address_lng
            when 'address_fuzzy' then address_lng
            when 'estate' then coalesce(point_lng, estate_grid_lng)
            when 'coordinates' then point_lng
            when 'reported_grid' then reported_grid_lng
        end as lng,
        case geocode_method
            when 'address_exact' then address_lat
            when 'address_fuzzy' then address_lat
            when 'estate' then coalesce(point_lat, estate_grid_lat)
            when 'coordinates' then point_lat
            when 'reported_grid' then reported_grid_lat
        end as lat,
        point_lng is not null and point_grid_code is null as is_point_outside_district,
        reported_grid_code,
        valid_reported_grid_code is not null as is_reported_grid_valid,
        point_grid_code
    from decided
)

select
    *,
    {{ event_stamps(['stg_address__addresses', 'stg_grid__grids']) }}
from final
