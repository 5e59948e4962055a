{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('founded_on_text', "founded_on"),
    ('issued_on_text', "issued_on"),
    ('expires_on_text', "coalesce(expires_on, case when is_permanent then date '9999-12-31' end)"),
] -%}
with

source as (
    {{ source_rows('legal_entity', 'legal_entity') }}
),

cleaned as (
    select
        {{ clean_text('uscc') }} as uscc_text,
        {{ clean_text('entity_name') }} as entity_name,
        {{ clean_text('legal_representative') }} as legal_representative,
        {{ clean_text('founded_on') }} as founded_on_text,
        {{ clean_text('address_text') }} as address_text,
        {{ clean_text('address_code') }} as address_code_text,
        {{ clean_text('industry_code') }} as industry_code_text,
        {{ clean_text('registration_status') }} as registration_status,
        {{ clean_text('licence_type') }} as licence_type,
        {{ clean_text('licence_no') }} as licence_no_text,
        {{ clean_text('issued_on') }} as issued_on_text,
        {{ clean_text('expires_on') }} as expires_on_text,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        upper({{ clean_code('uscc_text') }}) as uscc,
        {{ is_damaged_code('uscc_text') }} as is_uscc_damaged,
        entity_name,
        legal_representative,
        {{ parse_cst_date('founded_on_text') }} as founded_on,
        address_text,
        {{ clean_code('address_code_text') }} as address_code,
        {{ clean_code('industry_code_text') }} as industry_code,
        {{ vocabulary_member('legal_entity', 'registration_status', 'registration_status') }} as registration_status,
        registration_status as registration_status_original,
        licence_type,
        {{ clean_code('licence_no_text') }} as licence_no,
        {{ parse_cst_date('issued_on_text') }} as issued_on,
        -- 长期 / 永久 = no expiry
        coalesce({{ regex_full_match('expires_on_text', '长期|永久|长期有效') }}, false) as is_permanent,
        {{ parse_cst_date('expires_on_text') }} as expires_on,
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
