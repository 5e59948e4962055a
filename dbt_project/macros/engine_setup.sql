{#
  What a build needs from its engine before the first model (on-run-start).
  DuckDB: the spatial extension (installed from the pinned PyPI wheel; nothing is downloaded).
  Spark: the raw layer's tables, each over its Parquet folder (`python -m ingest lake-parquet`,
  YIPING_LAKE_PARQUET), registered again at every run so the catalog sees the loads since the last,
  and the steward's row exclusions (YIPING_STEWARD_EXCLUSIONS) as the table raw._row_exclusions.
#}
{% macro engine_setup() %}
    {{ return(adapter.dispatch('engine_setup')()) }}
{% endmacro %}

{% macro default__engine_setup() %}
    load spatial;
    {#- A day's build (its target, a copy of the published warehouse, holds the fact already) merges a
        few thousand rows into ten-million-row tables. DuckDB checkpoints whenever its write-ahead log
        passes 16 MB, inside whichever statement commits next, and every checkpoint rewrites what
        changed in those tables: at 10M events that was seconds each, several times a build. A day's
        build checkpoints once instead, when dbt closes the file. A full build keeps the default:
        its checkpoints give back the space of the tables it replaces. -#}
    {%- if execute and adapter.get_relation(database=target.database, schema='marts', identifier='fct_event') is not none %}
    set checkpoint_threshold = '{{ var("day_build_checkpoint_threshold") }}'
    {%- else %}
    reset checkpoint_threshold
    {%- endif %}
{% endmacro %}

{% macro spark__engine_setup() %}
    {%- if execute -%}
        {%- set folder = env_var('YIPING_LAKE_PARQUET', '../data/parquet') -%}
        {%- set tables = graph.sources.values() | selectattr('schema', 'equalto', 'raw') | list -%}
        {%- do run_query('create database if not exists raw') -%}
        {%- for t in tables %}
            {%- do run_query('drop table if exists raw.`' ~ t.identifier ~ '`') -%}
            {%- do run_query(
                'create table raw.`' ~ t.identifier ~ '` using parquet location \'' ~ folder ~ '/' ~ t.identifier ~ '\''
            ) -%}
        {%- endfor %}
        {%- set exclusions = env_var('YIPING_STEWARD_EXCLUSIONS', '') -%}
        {%- if exclusions -%}
            {%- do run_query('drop table if exists raw._row_exclusions') -%}
            {%- do run_query(
                'create table raw._row_exclusions using csv options (header \'true\', path \'' ~ exclusions ~ '\')'
            ) -%}
        {%- endif -%}
    {%- endif -%}
    select 1
{% endmacro %}
