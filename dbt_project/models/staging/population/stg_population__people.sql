{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('birth_date_text', "birth_date"),
    ('registered_on_text', "registered_on"),
    ('deregistered_on_text', "deregistered_on"),
] -%}
with

source as (
    {{ source_rows('population', 'population') }}
),

cleaned as (
    select
        {{ clean_text('name') }} as person_name,
        {{ clean_text('id_number') }} as id_number_text,
        {{ clean_text('sex') }} as sex,
        {{ clean_text('birth_date') }} as birth_date_text,
        {{ clean_text('ethnicity') }} as ethnicity,
        {{ clean_text('phone') }} as phone_text,
        {{ clean_text('person_type') }} as person_type,
        {{ clean_text('address_code') }} as address_code_text,
        {{ clean_text('address_text') }} as address_text,
        {{ clean_text('hukou_address') }} as hukou_address,
        {{ clean_text('key_groups') }} as key_groups_text,
        {{ clean_text('registered_on') }} as registered_on_text,
        {{ clean_text('deregistered_on') }} as deregistered_on_text,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        person_name,
        upper({{ clean_code('id_number_text') }}) as id_number,
        {{ is_damaged_code('id_number_text') }} as is_id_number_damaged,
        {{ vocabulary_member('population', 'sex', 'sex') }} as sex,
        sex as sex_original,
        {{ parse_cst_date('birth_date_text') }} as birth_date,
        ethnicity,
        replace(phone_text, ' ', '') as phone,
        {{ vocabulary_member('population', 'person_type', 'person_type') }} as person_type,
        person_type as person_type_original,
        {{ clean_code('address_code_text') }} as address_code,
        address_text,
        hukou_address,
        -- tags arrive comma separated, in either comma width or with 、
        {{ text_list('key_groups_text') }} as key_groups,
        {{ parse_cst_date('registered_on_text') }} as registered_on,
        {{ parse_cst_date('deregistered_on_text') }} as deregistered_on,
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
