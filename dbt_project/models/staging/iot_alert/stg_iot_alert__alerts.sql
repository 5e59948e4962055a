{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('alert_at_text', "alert_at"),
    ('dispatched_at_text', "dispatched_at"),
    ('handled_at_text', "handled_at"),
    ('cleared_at_text', "cleared_at"),
] -%}
with

source as (
    {{ source_rows('iot_alert', 'iot_alert') }}
),

cleaned as (
    select
        {{ clean_text('alert_id') }} as alert_id_text,
        {{ clean_text('device_id') }} as device_id_text,
        {{ clean_text('alert_at') }} as alert_at_text,
        {{ clean_text('alert_kind') }} as alert_kind,
        {{ clean_text('alert_level') }} as alert_level_original,
        {{ clean_text('dispatched_at') }} as dispatched_at_text,
        {{ clean_text('handled_at') }} as handled_at_text,
        {{ clean_text('cleared_at') }} as cleared_at_text,
        {{ clean_text('status') }} as status,
        {{ clean_text('handling_unit') }} as handling_unit_name,
        {{ clean_text('notes') }} as notes,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('alert_id_text') }} as alert_id,
        {{ clean_code('device_id_text') }} as device_id,
        {{ parse_cst_timestamp('alert_at_text') }} as alert_at,
        alert_kind,
        {{ vocabulary_member('iot_alert', 'alert_level', 'alert_level_original') }} as alert_level,
        alert_level_original,
        {{ parse_cst_timestamp('dispatched_at_text') }} as dispatched_at,
        {{ parse_cst_timestamp('handled_at_text') }} as handled_at,
        {{ parse_cst_timestamp('cleared_at_text') }} as cleared_at,
        status,
        handling_unit_name,
        notes,
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
