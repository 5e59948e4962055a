{#- (raw text, typed column): a raw text present but not typed is listed in type_error_fields -#}
{%- set typed_fields = [
    ('posted_at_text', "posted_at"),
    ('replied_at_text', "replied_at"),
    ('likes_text', "likes"),
    ('dislikes_text', "dislikes"),
] -%}
with

source as (
    {{ source_rows('message_board', 'message_board') }}
),

cleaned as (
    select
        {{ clean_text('message_id') }} as message_id_text,
        {{ clean_text('user_name') }} as user_name,
        -- real exports pad free text with tabs and line breaks
        trim(regexp_replace({{ clean_text('subject') }}, '\s+', ' ', 'g')) as subject,
        {{ clean_text('posted_at') }} as posted_at_text,
        trim(regexp_replace({{ clean_text('content') }}, '\s+', ' ', 'g')) as content,
        trim(regexp_replace({{ clean_text('reply') }}, '\s+', ' ', 'g')) as reply,
        {{ clean_text('replied_at') }} as replied_at_text,
        {{ clean_text('likes') }} as likes_text,
        {{ clean_text('dislikes') }} as dislikes_text,
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {{ clean_code('message_id_text') }} as message_id,
        user_name,
        subject,
        {{ parse_cst_timestamp('posted_at_text') }} as posted_at,
        content,
        reply,
        {{ parse_cst_timestamp('replied_at_text') }} as replied_at,
        {{ parse_integer('likes_text') }} as likes,
        {{ parse_integer('dislikes_text') }} as dislikes,
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
