{#
  Data tests on a daily build check what the build wrote, not the history again
  (dbt_project/README.md, "Daily builds"). dbt hands every generic test its model through
  get_where_subquery; this override narrows it:
  - a table whose rows carry `_invocation_id` (the event chain, fct_event, fct_event_step, the
    KPI reports, the registry models) is tested on the rows this build wrote: a registry model
    kept as it was is not tested again, one rebuilt after a registry load is tested whole. A full
    build writes every row, so it tests every row;
  - a staging view is tested on the raw rows loaded after the lake watermark of the build this
    one started from (`main.yiping_build_fingerprint.lake_loaded_at`, written by
    `ingest publish`; absent in a build from empty, which tests everything);
  - anything else (seeds, the small reports rebuilt every time) is tested whole.
  Rows written by earlier builds were tested when those builds were published, and a change of
  rules (models, macros, seeds) makes the next build a full one. A unique test over the rows
  written is a unique test over the table: before writing, these models delete every row that
  could share a key with what they write (by event, by day or period, or the whole table).
  A test's own `where` config still applies on top. Singular tests that check row by row call
  get_where_subquery themselves; those over a whole table (a share of all events) do not.
#}
{% macro get_where_subquery(relation) -%}
    {%- set filters = [] -%}
    {%- set where = config.get('where', '') -%}
    {%- if where -%}{%- do filters.append(where) -%}{%- endif -%}
    {%- set scope = test_scope_filter(relation) -%}
    {%- if scope -%}{%- do filters.append(scope) -%}{%- endif -%}
    {%- if filters -%}
        {%- set filtered -%}
            (select * from {{ relation }} where ({{ filters | join(') and (') }})) dbt_subquery
        {%- endset -%}
        {%- do return(filtered) -%}
    {%- else -%}
        {%- do return(relation) -%}
    {%- endif -%}
{%- endmacro %}

{# The filter that narrows a test of `relation` to what this build changed ('' = test it whole). #}
{% macro test_scope_filter(relation) -%}
    {%- if not execute -%}
        {%- do return('') -%}
    {%- endif -%}
    {%- set columns = adapter.get_columns_in_relation(relation) | map(attribute='name') | list -%}
    {%- if '_invocation_id' in columns -%}
        {%- do return("_invocation_id = '" ~ invocation_id ~ "'") -%}
    {%- endif -%}
    {%- if '_loaded_at' in columns and relation.schema.endswith('staging') -%}
        {%- set stamp = adapter.get_relation(database=target.database, schema='main', identifier='yiping_build_fingerprint') -%}
        {%- if stamp is not none -%}
            {#- the watermark as a literal, not a subquery: the engine then filters the raw table's scan
                by it (its zone maps skip the old loads) instead of cleaning and typing every row of the
                view first — at 10M events that was 9–12 s per staging test of a day's build -#}
            {%- set watermark = run_query("select coalesce(max(lake_loaded_at), timestamp '1900-01-01') from " ~ stamp).columns[0].values()[0] -%}
            {%- do return("_loaded_at > timestamp '" ~ watermark ~ "'") -%}
        {%- endif -%}
    {%- endif -%}
    {%- do return('') -%}
{%- endmacro %}
