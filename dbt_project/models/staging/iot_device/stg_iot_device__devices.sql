{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('lng_text', "source_lng"),
    ('lat_text', "source_lat"),
    ('installed_on_text', "installed_on"),
] -%}
with

source as (
    {{ source_rows('iot_device', 'iot_device') }}
),

cleaned as (
    select
        {{ clean_text('device_id') }} as device_id_text,
        {{ clean_text('device_type') }} as device_type_original,
        {{ clean_text('device_name') }} as device_name,
        {{ clean_text('address_text') }} as address_text,
        {{ clean_text('lng') }} as lng_text,
        {{ clean_text('lat') }} as lat_text,
        {{ clean_text('installed_on') }} as installed_on_text,
        {{ clean_text('owner_unit') }} as owner_unit,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('device_id_text') }} as device_id,
        {{ vocabulary_member('iot_device', 'device_type', 'device_type_original') }} as device_type,
        device_type_original,
        device_name,
        address_text,
        try_cast(lng_text as double) as source_lng,
        try_cast(lat_text as double) as source_lat,
        'WGS84' as coord_system,
        {{ parse_cst_date('installed_on_text') }} as installed_on,
        owner_unit,
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
