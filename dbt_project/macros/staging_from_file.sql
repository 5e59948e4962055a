{#
  The staging model of a source that declares its field types in its file (ingest/sources/<source>.toml,
  read through the generated macro source_file_json): a model that is one line,
  `{{ staging_from_file('<source>') }}`. Each field is cleaned (clean_text), then typed by its `type`:
    code → clean_code · timestamp → parse_cst_timestamp · date → parse_cst_date · integer → parse_integer ·
    double → a number (fields named lng / lat become source_lng / source_lat, with the file's coord_sys as
    coord_system, ready for to_wgs84_ctes) · text → as cleaned (whitespace runs, padding included, collapsed);
  `vocabulary = true` → the vocabulary member (未知 when unknown) with the text as exported in
  <field>_original. Dates and numbers present but not typed are listed in type_error_fields, as every
  staging model does. docs/onboarding.md.
#}
{% macro staging_from_file(source_name) -%}
{%- set spec = fromjson(source_file_json(source_name)) -%}
{%- set pairs = [] -%}
{%- for f in spec.fields if f.type in ('timestamp', 'date', 'integer', 'double') -%}
    {%- do pairs.append((f.column ~ '_text', _staged_name(f.column, f.type))) -%}
{%- endfor -%}
with

source as (
    {{ source_rows(source_name, source_name) }}
),

cleaned as (
    select
        {%- for f in spec.fields %}
        {{ clean_text(f.column) }} as {{ f.column }}_text,
        {%- endfor %}
        _load_id,
        _source_file,
        _row_number,
        cast(_loaded_at as timestamp) as _loaded_at
    from source
),

typed as (
    select
        {%- for f in spec.fields %}
        {{ _typed_field(source_name, f) }},
        {%- endfor %}
        {%- if spec.coord_sys %}
        '{{ spec.coord_sys }}' as coord_system,
        {%- endif %}
        {{ type_error_inputs(pairs) -}}
        _load_id,
        _source_file,
        _row_number,
        _loaded_at
    from cleaned
),

final as (
    {{ select_with_type_errors('typed', pairs) }}
)

select * from final
{%- endmacro %}

{% macro _staged_name(column, type) -%}
    {{ return('source_' ~ column if type == 'double' and column in ('lng', 'lat') else column) }}
{%- endmacro %}

{% macro _typed_field(source_name, f) -%}
    {%- set text = f.column ~ '_text' -%}
    {%- if f.vocabulary -%}
        {{ vocabulary_member(source_name, f.column, text) }} as {{ f.column }},
        {{ text }} as {{ f.column }}_original
    {%- elif f.type == 'code' -%}
        {{ clean_code(text) }} as {{ f.column }}
    {%- elif f.type == 'timestamp' -%}
        {{ parse_cst_timestamp(text) }} as {{ f.column }}
    {%- elif f.type == 'date' -%}
        {{ parse_cst_date(text) }} as {{ f.column }}
    {%- elif f.type == 'integer' -%}
        {{ parse_integer(text) }} as {{ f.column }}
    {%- elif f.type == 'double' -%}
        try_cast({{ text }} as double) as {{ _staged_name(f.column, f.type) }}
    {%- else -%}
        {{ text }} as {{ f.column }}
    {%- endif -%}
{%- endmacro %}
