{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('accepted_at_text', "accepted_at"),
    ('dispatched_at_text', "dispatched_at"),
    ('deadline_at_text', "deadline_at"),
    ('closed_at_text', "closed_at"),
] -%}
with

source as (
    {{ source_rows('hotline_12345', 'hotline_12345') }}
),

cleaned as (
    select
        {{ clean_text('order_no') }} as order_no_text,
        {{ clean_text('accepted_at') }} as accepted_at_text,
        {{ clean_text('caller_name') }} as caller_name,
        {{ clean_text('caller_phone') }} as caller_phone_text,
        {{ clean_text('channel') }} as channel,
        {{ clean_text('request_type') }} as request_type,
        {{ clean_text('category') }} as category_text,
        {{ clean_text('urgency') }} as urgency,
        {{ clean_text('address_text') }} as address_text,
        {{ clean_text('content') }} as content,
        {{ clean_text('handling_unit') }} as handling_unit_name,
        {{ clean_text('dispatched_at') }} as dispatched_at_text,
        {{ clean_text('deadline_at') }} as deadline_at_text,
        {{ clean_text('closed_at') }} as closed_at_text,
        {{ clean_text('status') }} as status,
        {{ clean_text('satisfaction') }} as satisfaction,
        {{ clean_text('resolved') }} as resolution,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('order_no_text') }} as work_order_no,
        {{ is_damaged_code('order_no_text') }} as is_order_no_damaged,
        {{ parse_cst_timestamp('accepted_at_text') }} as accepted_at,
        caller_name,
        replace(caller_phone_text, ' ', '') as caller_phone,
        {{ vocabulary_member('hotline_12345', 'channel', 'channel') }} as channel,
        channel as channel_original,
        {{ vocabulary_member('hotline_12345', 'request_type', 'request_type') }} as request_type,
        request_type as request_type_original,
        replace(replace(category_text, '/', '>'), ' ', '') as category_path,
        {{ vocabulary_member('hotline_12345', 'urgency', 'urgency') }} as urgency,
        urgency as urgency_original,
        address_text,
        content,
        handling_unit_name,
        {{ parse_cst_timestamp('dispatched_at_text') }} as dispatched_at,
        {{ parse_cst_timestamp('deadline_at_text') }} as deadline_at,
        {{ parse_cst_timestamp('closed_at_text') }} as closed_at,
        status,
        satisfaction,
        resolution,
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
