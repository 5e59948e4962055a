with

grids as (
    select * from {{ ref('int_grids_prepared') }}
),

final as (
    select
        grid_code,
        grid_name,
        community_code,
        community_name,
        street_code,
        street_name,
        grid_type,
        worker_id,
        round(area_km2, 4) as area_km2,
        centroid_lng,
        centroid_lat,
        min_lng,
        min_lat,
        max_lng,
        max_lat,
        -- GeoJSON text so readers need no spatial extension
        geometry_geojson
    from grids
)

select * from final
