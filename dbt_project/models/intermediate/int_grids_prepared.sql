{# One row per grid: its polygon as a spatial geometry (WGS-84), centroid and area. #}
with

grids as (
    select * from {{ ref('stg_grid__grids') }}
),

shaped as (
    select
        *,
        -- a polygon that is not valid GeoJSON is null (the gate names the row), never a failed build
        try(st_geomfromgeojson(geometry_geojson)) as geom
    from grids
    where grid_code is not null
    qualify row_number() over (partition by grid_code order by _loaded_at desc) = 1
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
        coord_system,
        geom,
        geometry_geojson,
        st_x(st_centroid(geom)) as centroid_lng,
        st_y(st_centroid(geom)) as centroid_lat,
        -- area on the sphere, km²
        st_area_spheroid(st_flipcoordinates(geom)) / 1e6 as area_km2,
        st_xmin(geom) as min_lng,
        st_xmax(geom) as max_lng,
        st_ymin(geom) as min_lat,
        st_ymax(geom) as max_lat
    from shaped
)

select * from final
