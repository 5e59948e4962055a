{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('registered_on_text', "registered_on"),
    ('people_count_text', "people_count"),
    ('accepted_on_text', "accepted_on"),
    ('due_on_text', "due_on"),
    ('closed_on_text', "closed_on"),
] -%}
with

source as (
    {{ source_rows('petition', 'petition') }}
),

cleaned as (
    select
        {{ clean_text('petition_no') }} as petition_no_text,
        {{ clean_text('registered_on') }} as registered_on_text,
        {{ clean_text('form') }} as form,
        {{ clean_text('petitioner_name') }} as petitioner_name,
        {{ clean_text('petitioner_id_number') }} as petitioner_id_text,
        {{ clean_text('petitioner_phone') }} as petitioner_phone_text,
        {{ clean_text('people_count') }} as people_count_text,
        {{ clean_text('is_collective') }} as is_collective_text,
        {{ clean_text('is_repeat') }} as is_repeat_text,
        {{ clean_text('original_petition_no') }} as original_petition_no_text,
        {{ clean_text('street_name') }} as street_name,
        {{ clean_text('category') }} as category,
        {{ clean_text('purpose') }} as purpose,
        {{ clean_text('summary') }} as summary,
        {{ clean_text('handling_unit') }} as handling_unit_name,
        {{ clean_text('accepted_on') }} as accepted_on_text,
        {{ clean_text('due_on') }} as due_on_text,
        {{ clean_text('closed_on') }} as closed_on_text,
        {{ clean_text('satisfaction') }} as satisfaction,
        {{ clean_text('is_reviewed') }} as is_reviewed_text,
        {{ clean_text('is_rechecked') }} as is_rechecked_text,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('petition_no_text') }} as petition_no,
        {{ is_damaged_code('petition_no_text') }} as is_petition_no_damaged,
        {{ parse_cst_date('registered_on_text') }} as registered_on,
        {{ vocabulary_member('petition', 'form', 'form') }} as form,
        form as form_original,
        petitioner_name,
        upper({{ clean_code('petitioner_id_text') }}) as petitioner_id_number,
        {{ is_damaged_code('petitioner_id_text') }} as is_id_number_damaged,
        replace(petitioner_phone_text, ' ', '') as petitioner_phone,
        {{ parse_integer('people_count_text') }} as people_count,
        {{ parse_flag('is_collective_text') }} as is_collective,
        {{ parse_flag('is_repeat_text') }} as is_repeat,
        {{ clean_code('original_petition_no_text') }} as original_petition_no,
        street_name,
        category,
        {{ vocabulary_member('petition', 'purpose', 'purpose') }} as purpose,
        purpose as purpose_original,
        summary,
        handling_unit_name,
        {{ parse_cst_date('accepted_on_text') }} as accepted_on,
        {{ parse_cst_date('due_on_text') }} as due_on,
        {{ parse_cst_date('closed_on_text') }} as closed_on,
        satisfaction,
        {{ parse_flag('is_reviewed_text') }} as is_reviewed,
        {{ parse_flag('is_rechecked_text') }} as is_rechecked,
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
