{#
  Daily builds touch only what new exports changed (dbt_project/README.md, "Daily builds").

  int_events_unioned reads only raw rows loaded after its newest `_batch_loaded_at`, merges them
  with the versions it already holds, and stamps every row it (re)writes with the newest load it
  has now seen. Each per-event model below it reprocesses only the events stamped later than its
  own newest stamp (`changed_events`), deleting their old rows first (`delete_changed_events`,
  a pre-hook, so a row the new version no longer produces does not linger).
  A full refresh (`make warehouse FULL=1`) rebuilds everything, e.g. after a seed or rule change.
#}

{# Watermark of `relation` (default: this model): the newest load it has processed. #}
{% macro events_watermark(relation=none) -%}
    (select coalesce(max(_batch_loaded_at), timestamp '1900-01-01') from {{ relation or this }})
{%- endmacro %}

{# The same watermark as a literal, read when the node runs: a filter against a constant reaches
   the table scan, which then skips the row groups written before it (min/max per row group)
   instead of reading ten million rows to compare each with a subquery's result. #}
{% macro events_watermark_literal(relation=none) -%}
    {%- if execute -%}
        {%- set result = run_query('select cast(' ~ events_watermark(relation) ~ ' as string)') -%}
        timestamp '{{ result.columns[0].values()[0] }}'
    {%- else -%}
        {{ events_watermark(relation) }}
    {%- endif -%}
{%- endmacro %}

{# The rows of a wide event table that match `condition`, fetched by row id: the condition's
   columns (an event key) are scanned alone, then only the few matching rows are read whole.
   A plain `where event_key in (...)` reads every column of every row first: at 10M events,
   about a second per table, against a tenth. `relation` must be a table (row ids). #}
{% macro fetch_rows(relation, condition, columns='*') -%}
    select {{ columns }} from {{ relation }}
    where rowid in (select rowid from {{ relation }} where {{ condition }})
{%- endmacro %}

{# Raw rows of a staging relation not yet merged into int_events_unioned. #}
{% macro new_raw_rows(relation) -%}
    select * from {{ relation }}
    {% if is_incremental() %}
    where _loaded_at > {{ events_watermark_literal() }}
    {% endif %}
{%- endmacro %}

{# The events of int_events_unioned this per-event model has not processed since they last changed;
   all of them when one of `registries` got a new load since the model last ran (decided when the
   node runs, so the filter stays a plain comparison with a constant). #}
{% macro changed_filter(registries=[]) -%}
    {%- if registries and execute and registry_has_newer_load(registries) -%}
    true
    {%- else -%}
    _batch_loaded_at > {{ events_watermark_literal() }}
    {%- endif -%}
{%- endmacro %}

{# The same, decided now (run when the node runs): true or false. #}
{% macro registry_has_newer_load(registries) -%}
    {%- do return(run_query('select ' ~ registry_changed(registries)).columns[0].values()[0]) -%}
{%- endmacro %}

{# True when one of `registries` got a load newer than the one this model's rows were made with. #}
{% macro registry_changed(registries) -%}
    {{ registry_loaded_at(registries) }}
        > (select coalesce(max(_registry_loaded_at), timestamp '1900-01-01') from {{ this }})
{%- endmacro %}

{% macro changed_events(columns='*', registries=[], everything=false) -%}
    select {{ star_except(['_invocation_id']) if columns == '*' else columns }} from {{ ref('int_events_unioned') }}
    {% if is_incremental() and not everything %}
    where {{ changed_filter(registries) }}
    {% endif %}
{%- endmacro %}

{# Pre-hook: remove this model's rows for the events about to be reprocessed, so a row their new
   version no longer produces does not linger. (Events a model reprocesses for another reason, like
   lifecycle's open events, are found in this model's own rows by its body, which runs after this
   hook: they must not be deleted here; delete+insert on event_key replaces them.) #}
{% macro delete_changed_events(registries=[], everything=false) -%}
    {% if is_incremental() and everything %}
    delete from {{ this }}
    {% elif is_incremental() %}
    delete from {{ this }} where event_key in (
        select event_key from {{ ref('int_events_unioned') }}
        where {{ changed_filter(registries) }}
    )
    {% endif %}
{%- endmacro %}

{# The newest load among the registries a per-event model looks up (its geocoding or org mapping
   changes when they do). #}
{% macro registry_loaded_at(registries) -%}
    (select max(_loaded_at) from (
        {%- for r in registries %}
        select _loaded_at from {{ ref(r) }}{% if not loop.last %} union all{% endif %}
        {%- endfor %}
    ))
{%- endmacro %}

{# Columns every per-event model writes: how far it has caught up, and which build wrote the row
   (fct_event rewrites the events any per-event model rewrote in the same build). #}
{% macro event_stamps(registries=[]) -%}
    {{ events_watermark(ref('int_events_unioned')) }} as _batch_loaded_at,
    {%- if registries %}
    {{ registry_loaded_at(registries) }} as _registry_loaded_at,
    {%- endif %}
    '{{ invocation_id }}' as _invocation_id
{%- endmacro %}

{# Post-hook: rows kept from earlier builds carry the "now" of their build; give them this build's
   (models with an `as_of_at` column, fed from int_events_lifecycle). #}
{% macro move_as_of() -%}
    {% if is_incremental() %}
    update {{ this }} as kept set as_of_at = built.as_of_at
    from (select max(as_of_at) as as_of_at from {{ this }} where _invocation_id = '{{ invocation_id }}') as built
    where built.as_of_at is not null and kept.as_of_at is distinct from built.as_of_at
    {% endif %}
{%- endmacro %}
