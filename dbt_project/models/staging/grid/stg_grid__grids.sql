with

source as (
    {{ source_rows('grid', 'grid') }}
),

final as (
    select
        {{ clean_code(clean_text('grid_code')) }} as grid_code,
        {{ clean_text('grid_name') }} as grid_name,
        {{ clean_code(clean_text('community_code')) }} as community_code,
        {{ clean_text('community_name') }} as community_name,
        {{ clean_code(clean_text('street_code')) }} as street_code,
        {{ clean_text('street_name') }} as street_name,
        {{ vocabulary_member('grid', 'grid_type', clean_text('grid_type')) }} as grid_type,
        {{ clean_text('grid_type') }} as grid_type_original,
        {{ clean_text('worker_id') }} as worker_id,
        geometry as geometry_geojson,
        -- a polygon whose rings have at least four positions (the warehouse cannot draw less)
        coalesce(
            case {{ json_text_at('geometry', '$.type') }}
                when 'Polygon' then {{ json_array_length_at('geometry', '$.coordinates[0]') }} >= 4
                when 'MultiPolygon' then {{ json_array_length_at('geometry', '$.coordinates[0][0]') }} >= 4
            end,
            false
        ) as is_geometry_valid,
        coalesce(upper(replace({{ clean_text('crs_name') }}, '-', '')), 'WGS84') as coord_system,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
)

select * from final
