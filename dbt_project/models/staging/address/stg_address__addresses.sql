{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('lng_text', "lng"),
    ('lat_text', "lat"),
] -%}
with

source as (
    {{ source_rows('address', 'address') }}
),

cleaned as (
    select
        {{ clean_text('address_code') }} as address_code_text,
        {{ clean_text('county') }} as county,
        {{ clean_text('street_name') }} as street_name,
        {{ clean_text('community_name') }} as community_name,
        {{ clean_text('road') }} as road,
        {{ clean_text('house_number') }} as house_number,
        {{ clean_text('estate') }} as estate,
        {{ clean_text('building') }} as building,
        {{ clean_text('unit') }} as unit,
        {{ clean_text('floor') }} as floor,
        {{ clean_text('room') }} as room,
        {{ clean_text('full_address') }} as full_address,
        {{ clean_text('lng') }} as lng_text,
        {{ clean_text('lat') }} as lat_text,
        {{ clean_text('grid_code') }} as grid_code_text,
        upper({{ clean_text('safety_grade') }}) as safety_grade,
        {{ clean_text('usage') }} as usage,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('address_code_text') }} as address_code,
        {{ is_damaged_code('address_code_text') }} as is_address_code_damaged,
        county,
        street_name,
        community_name,
        road,
        house_number,
        estate,
        building,
        unit,
        floor,
        room,
        full_address,
        try_cast(lng_text as double) as lng,
        try_cast(lat_text as double) as lat,
        {{ clean_code('grid_code_text') }} as grid_code,
        {{ vocabulary_member('address', 'safety_grade', 'safety_grade') }} as safety_grade,
        safety_grade as safety_grade_original,
        usage,
        case when room is not null then 'room' when building is not null then 'building' else 'house' end
            as address_level,
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
