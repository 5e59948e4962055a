{# One row per grid: its polygon as a spatial geometry (WGS-84), centroid and area. #}
with

grids as (
    select * from {{ ref('stg_grid__grids') }}
),

latest as (
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
        geometry_geojson
    from grids
    where grid_code is not null
    qualify row_number() over (partition by grid_code order by _loaded_at desc) = 1
),

final as (
    -- the polygon's centroid, area and bounding box (macros/grids.sql; on DuckDB also `geom`)
    {{ prepared_grids('latest') }}
)

select * from final
