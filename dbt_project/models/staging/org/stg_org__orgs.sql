with

source as (
    {{ source_rows('org', 'org') }}
),

final as (
    select
        {{ clean_code(clean_text('org_code')) }} as org_code,
        {{ clean_text('org_name') }} as org_name,
        {{ vocabulary_member('org', 'org_type', clean_text('org_type')) }} as org_type,
        {{ clean_text('org_type') }} as org_type_original,
        {{ clean_code(clean_text('parent_org_code')) }} as parent_org_code,
        {{ text_list(clean_text('aliases')) }} as aliases,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
)

select * from final
