{# One row per street: its boundary (the union of its grids, GeoJSON) and label point, for the wall map and street ranking. #}
with

grids as (
    select * from {{ ref('int_grids_prepared') }}
),

final as (
    select
        street_code,
        any_value(street_name) as street_name,
        ST_AsGeoJSON(ST_Union_Agg(geom)) as boundary_geojson,
        ST_X(ST_Centroid(ST_Union_Agg(geom))) as label_lng,
        ST_Y(ST_Centroid(ST_Union_Agg(geom))) as label_lat,
        count(*) as grid_count
    from grids
    group by street_code
)

select * from final
