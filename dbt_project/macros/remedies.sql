{# The steward's row exclusions (ingest/remedies.py): file + row number taken out of the warehouse,
   the latest line per row deciding (a later "restore" undoes an exclusion). The rows stay in the
   lake; every staging model reads its source through source_rows(), so an excluded row is in no
   model. Without the steward file (the gate's shim, a unit test) nothing is excluded. #}
{% macro excluded_rows() -%}
    {%- set path = env_var('YIPING_STEWARD_EXCLUSIONS', '') -%}
    {%- if path -%}
    (
        select source_file, cast(row_number as integer) as row_number, reason
        from {{ steward_exclusions_file(path) }}
        qualify row_number() over (
            partition by source_file, row_number order by cast(seq as integer) desc
        ) = 1
            and action = 'exclude'
    )
    {%- else -%}
    (select cast(null as string) as source_file, cast(null as integer) as row_number, cast(null as string) as reason where false)
    {%- endif -%}
{%- endmacro %}

{#- The steward's file as a relation of text columns: read directly on DuckDB; on Spark the table
    raw._row_exclusions that engine_setup registers over it. -#}
{% macro steward_exclusions_file(path) -%}
    {{ return(adapter.dispatch('steward_exclusions_file')(path)) }}
{%- endmacro %}

{% macro default__steward_exclusions_file(path) -%}
    read_csv('{{ path | replace("'", "''") }}', header = true, all_varchar = true)
{%- endmacro %}

{% macro spark__steward_exclusions_file(path) -%}
    raw._row_exclusions
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
