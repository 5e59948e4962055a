{#
  One row per street: its boundary (the union of its grids, GeoJSON) and label point, for the wall
  map and street ranking.
#}
with

grids as (
    select * from {{ ref('int_grids_prepared') }}
),

final as (
    select
        street_code,
        any_value(street_name) as street_name,
        st_asgeojson(st_union_agg(geom)) as boundary_geojson,
        st_x(st_centroid(st_union_agg(geom))) as label_lng,
        st_y(st_centroid(st_union_agg(geom))) as label_lat,
        count(*) as grid_count
    from grids
    group by street_code
)

select * from final
