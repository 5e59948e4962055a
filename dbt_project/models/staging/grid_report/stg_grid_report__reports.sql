{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('reported_at_text', "reported_at"),
    ('lng_text', "source_lng"),
    ('lat_text', "source_lat"),
    ('closed_at_text', "closed_at"),
] -%}
with

source as (
    {{ source_rows('grid_report', 'grid_report') }}
),

cleaned as (
    select
        {{ clean_text('event_id') }} as event_id_text,
        {{ clean_text('grid_code') }} as grid_code_text,
        {{ clean_text('reporter_id') }} as reporter_id,
        {{ clean_text('reported_at') }} as reported_at_text,
        {{ clean_text('category') }} as category,
        {{ clean_text('description') }} as description,
        {{ clean_text('address') }} as address_text,
        {{ clean_text('lng') }} as lng_text,
        {{ clean_text('lat') }} as lat_text,
        upper(replace(replace({{ clean_text('coord_sys') }}, '-', ''), ' ', '')) as coord_sys_text,
        photos,
        {{ clean_text('self_handled') }} as self_handled_text,
        {{ clean_text('handle_level') }} as handle_level,
        {{ clean_text('status') }} as status,
        steps as steps_json,
        {{ clean_text('closed_at') }} as closed_at_text,
        {{ clean_text('evaluation') }} as evaluation,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('event_id_text') }} as report_id,
        {{ clean_code('grid_code_text') }} as reported_grid_code,
        {{ is_damaged_code('grid_code_text') }} as is_grid_code_damaged,
        reporter_id,
        {{ parse_cst_timestamp('reported_at_text') }} as reported_at,
        category,
        description,
        address_text,
        try_cast(lng_text as double) as source_lng,
        try_cast(lat_text as double) as source_lat,
        -- a missing coordinate system means WGS-84 (the app's API contract)
        case
            when coord_sys_text is null then 'WGS84'
            when {{ regex_full_match('coord_sys_text', 'GCJ02|BD09|WGS84') }} then coord_sys_text
            when {{ regex_full_match('coord_sys_text', 'CGCS2000|EPSG:?4326') }} then 'WGS84'
        end as coord_system,
        coalesce({{ json_array_length_at('photos') }}, 0) as photo_count,
        {{ parse_flag('self_handled_text') }} as is_self_handled,
        {{ vocabulary_member('grid_report', 'handle_level', 'handle_level') }} as handle_level,
        handle_level as handle_level_original,
        status,
        steps_json,
        {{ parse_cst_timestamp('closed_at_text') }} as closed_at,
        evaluation,
        {{ type_error_inputs(typed_fields) -}}
        _load_id,
        _source_file,
        _row_number,
        _loaded_at
    from cleaned
),

final as (
    {{ select_with_type_errors('typed', typed_fields) }}
)

select * from final
