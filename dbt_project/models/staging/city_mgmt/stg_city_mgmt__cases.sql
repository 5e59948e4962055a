{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('coord_x_text', "source_lng"),
    ('coord_y_text', "source_lat"),
    ('reported_at_text', "reported_at"),
    ('registered_at_text', "registered_at"),
    ('dispatched_at_text', "dispatched_at"),
    ('handled_at_text', "handled_at"),
    ('verified_at_text', "verified_at"),
    ('closed_at_text', "closed_at"),
    ('time_limit_hours_text', "time_limit_hours"),
    ('rework_count_text', "rework_count"),
] -%}
with

source as (
    {{ source_rows('city_mgmt', 'city_mgmt') }}
),

cleaned as (
    select
        {{ clean_text('case_no') }} as case_no_text,
        {{ clean_text('origin') }} as origin,
        {{ clean_text('case_type') }} as case_type,
        {{ clean_text('major_class') }} as major_class,
        {{ clean_text('minor_class') }} as minor_class,
        {{ clean_text('minor_code') }} as minor_code_text,
        {{ clean_text('description') }} as description,
        {{ clean_text('address_text') }} as address_text,
        {{ clean_text('street_name') }} as street_name,
        {{ clean_text('community_name') }} as community_name,
        {{ clean_text('grid_code') }} as grid_code_text,
        {{ clean_text('coord_x') }} as coord_x_text,
        {{ clean_text('coord_y') }} as coord_y_text,
        {{ clean_text('reported_at') }} as reported_at_text,
        {{ clean_text('registered_at') }} as registered_at_text,
        {{ clean_text('dispatched_at') }} as dispatched_at_text,
        {{ clean_text('handled_at') }} as handled_at_text,
        {{ clean_text('verified_at') }} as verified_at_text,
        {{ clean_text('closed_at') }} as closed_at_text,
        {{ clean_text('handling_unit') }} as handling_unit_name,
        {{ clean_text('time_limit_hours') }} as time_limit_hours_text,
        {{ clean_text('rework_count') }} as rework_count_text,
        {{ clean_text('status') }} as status,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('case_no_text') }} as case_no,
        {{ is_damaged_code('case_no_text') }} as is_case_no_damaged,
        {{ vocabulary_member('city_mgmt', 'origin', 'origin') }} as origin,
        origin as origin_original,
        {{ vocabulary_member('city_mgmt', 'case_type', 'case_type') }} as case_type,
        case_type as case_type_original,
        major_class,
        minor_class,
        {{ clean_code('minor_code_text') }} as minor_code,
        description,
        address_text,
        street_name,
        community_name,
        {{ clean_code('grid_code_text') }} as reported_grid_code,
        {{ is_damaged_code('grid_code_text') }} as is_grid_code_damaged,
        try_cast(coord_x_text as double) as source_lng,
        try_cast(coord_y_text as double) as source_lat,
        'GCJ02' as coord_system,
        {{ parse_cst_timestamp('reported_at_text') }} as reported_at,
        {{ parse_cst_timestamp('registered_at_text') }} as registered_at,
        {{ parse_cst_timestamp('dispatched_at_text') }} as dispatched_at,
        {{ parse_cst_timestamp('handled_at_text') }} as handled_at,
        {{ parse_cst_timestamp('verified_at_text') }} as verified_at,
        {{ parse_cst_timestamp('closed_at_text') }} as closed_at,
        handling_unit_name,
        {{ parse_integer('time_limit_hours_text') }} as time_limit_hours,
        {{ parse_integer('rework_count_text') }} as rework_count,
        status,
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
