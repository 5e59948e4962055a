{#
  The events a daily build of int_events_deduplicated starts from: those geocoded or categorised
  again in this build (new and changed raw rows, registry loads). Empty when there is no earlier
  duplicate table to update (a full build recomputes every partition).
  A table, not a CTE: its exact row count lets DuckDB hash these few thousand keys and stream
  the ten-million-row tables past them, instead of the other way round (macros/dedup_scope.sql).
#}
-- depends_on: {{ ref('int_events_categorised') }}
{{ config(materialized='table') }}
{%- set dedup = adapter.get_relation(
    database=this.database, schema=this.schema, identifier='int_events_deduplicated'
) if execute else none %}
{%- if dedup is not none and not flags.FULL_REFRESH and incremental_where_supported() == 'incremental' %}
select event_key from {{ ref('int_events_geocoded') }} where _invocation_id = '{{ invocation_id }}'
union
select event_key from {{ ref('int_events_categorised') }} where _invocation_id = '{{ invocation_id }}'
{%- else %}
    select event_key from {{ ref('int_events_geocoded') }} where false
{%- endif %}
