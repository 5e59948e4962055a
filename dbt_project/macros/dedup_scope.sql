{#
  The part of int_events_deduplicated a daily build recomputes (dbt_project/README.md, "Daily builds").
  Reports link only within one standard address and one unified category, so each
  (address_code, category_code) partition is deduplicated on its own: a build recomputes the
  partitions its changed events are in now, and the ones they were in before (an event that
  moved away can unblock a link it used to win). The events' previous partitions are read from
  fct_event as the last build left it (fct_event runs after this model).
#}

{# Events geocoded or categorised again in this build (new and changed raw rows, registry loads). #}
{% macro dedup_touched_events() -%}
    select event_key from {{ ref('int_events_dedup_touched') }}
{%- endmacro %}

{# fct_event as the last build left it (none in a build from empty). #}
{% macro dedup_previous_fct_event() -%}
    {{ return(adapter.get_relation(database=this.database, schema=generate_schema_name('marts', none), identifier='fct_event') if execute else none) }}
{%- endmacro %}

{# The partitions to recompute: where the touched events are now and where they were. #}
{% macro dedup_partitions() -%}
    select g.address_code, c.category_code
    from (
        select event_key, address_code from {{ ref('int_events_geocoded') }}
        where event_key in ({{ dedup_touched_events() }}) and address_code is not null
    ) as g
    inner join (
        select event_key, category_code from {{ ref('int_events_categorised') }}
        where event_key in ({{ dedup_touched_events() }})
    ) as c
        on g.event_key = c.event_key
    {%- set previous = dedup_previous_fct_event() %}
    {%- if previous is not none %}
    union
    select address_code, category_code
    from {{ previous }}
    where event_key in ({{ dedup_touched_events() }})
        and address_code is not null
    {%- endif %}
{%- endmacro %}

{# Pre-hook: remove the rows of the partitions about to be recomputed, and of the touched events. #}
{% macro delete_dedup_partitions() -%}
    {% if is_incremental() %}
    delete from {{ this }}
    where event_key in ({{ dedup_touched_events() }})
        or (address_code, category_code) in ({{ dedup_partitions() }})
    {% endif %}
{%- endmacro %}
