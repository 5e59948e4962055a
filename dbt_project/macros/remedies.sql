{# The steward's row exclusions (ingest/remedies.py): file + row number taken out of the warehouse,
   the latest line per row deciding (a later "restore" undoes an exclusion). The rows stay in the
   lake; every staging model reads its source through source_rows(), so an excluded row is in no
   model. Without the steward file (the gate's shim, a unit test) nothing is excluded. #}
{% macro excluded_rows() -%}
    {{ return(adapter.dispatch('excluded_rows')()) }}
{%- endmacro %}

{#- Spark reads the steward's file as the table raw._row_exclusions (engine_setup registers it). -#}
{% macro spark__excluded_rows() -%}
    {%- if env_var('YIPING_STEWARD_EXCLUSIONS', '') -%}
    (
        select source_file, cast(row_number as integer) as row_number, reason
        from raw._row_exclusions
        qualify row_number() over (
            partition by source_file, row_number order by cast(seq as integer) desc
        ) = 1
            and action = 'exclude'
    )
    {%- else -%}
    (select cast(null as string) as source_file, cast(null as integer) as row_number, cast(null as string) as reason where false)
    {%- endif -%}
{%- endmacro %}

{% macro default__excluded_rows() -%}
    {%- set path = env_var('YIPING_STEWARD_EXCLUSIONS', '') -%}
    {%- if path -%}
    (
        select source_file, cast(row_number as integer) as row_number, reason
        from read_csv('{{ path | replace("'", "''") }}', header = true, all_varchar = true)
        qualify row_number() over (
            partition by source_file, row_number order by cast(seq as integer) desc
        ) = 1
            and action = 'exclude'
    )
    {%- else -%}
    (select cast(null as varchar) as source_file, cast(null as integer) as row_number, cast(null as varchar) as reason where false)
    {%- endif -%}
{%- endmacro %}

{# A raw source's rows without the ones a steward excluded. #}
{% macro source_rows(source_name, table_name) -%}
    select s.*
    from {{ source(source_name, table_name) }} as s
    where not exists (
        select 1 from {{ excluded_rows() }} as x
        where x.source_file = s._source_file and x.row_number = s._row_number
    )
{%- endmacro %}
