{#
  Daily builds recount only the days a build changed (dbt_project/README.md, "Daily builds").
  An event counts on three days (docs/domain.md §4): the day reported, the day due (once that day
  is not after "now") and the day closed. A build changes the counts of
    - the days of every event fct_event rewrote in this build, as it is now;
    - the days its previous version counted on (int_events_lifecycle `_replaced_days`);
    - the days between the previous "now" and this build's, where due counts start or stop.
  int_kpi_daily_counts, rpt_kpi_area and rpt_kpi_department delete what they hold for those
  days (the reports: the weeks and months around them) and recount them. Each keeps the "now" it
  counted at in a one-row table beside it (`<model>__as_of`).
#}

{# This build's "now", as a day. #}
{% macro kpi_as_of_on() -%}
    select cast(max(as_of_at) as date) as as_of_on from {{ ref('int_events_lifecycle') }}
{%- endmacro %}

{# A one-row table beside `relation` holding the "now" (as a day) its rows were counted at;
   written by the model's post-hook, so it always matches the rows. #}
{% macro kpi_as_of_relation() -%}
    {%- do return(api.Relation.create(database=this.database, schema=this.schema, identifier=this.identifier ~ '__as_of', type='table')) -%}
{%- endmacro %}

{% macro kpi_remember_as_of() -%}
    {{ return(adapter.dispatch('kpi_remember_as_of')()) }}
{%- endmacro %}

{% macro default__kpi_remember_as_of() -%}
    create or replace table {{ kpi_as_of_relation() }} as {{ kpi_as_of_on() }}
{%- endmacro %}

{# Spark builds whole tables every time (macro incremental_where_supported): nothing to remember. #}
{% macro spark__kpi_remember_as_of() -%}
    select 1
{%- endmacro %}

{# True when this build recounts only the changed days: an incremental build whose model
   remembers the "now" it counted at (else it recounts everything). #}
{% macro kpi_recounts_changed_days() -%}
    {%- if not (execute and is_incremental()) -%}{%- do return(false) -%}{%- endif -%}
    {%- do return(adapter.get_relation(database=this.database, schema=this.schema, identifier=this.identifier ~ '__as_of') is not none) -%}
{%- endmacro %}

{# The days to recount (see the top of this file). #}
{% macro kpi_changed_days() -%}
    select unnest([reported_on, due_on, cast(closed_at as date)]) as day
    from {{ ref('fct_event') }}
    where _invocation_id = '{{ invocation_id }}'
    union
    select unnest(_replaced_days)
    from {{ ref('int_events_lifecycle') }}
    where _invocation_id = '{{ invocation_id }}'
    union
    select cast(unnest(range(
        cast(least(was.as_of_on, now.as_of_on) as timestamp),
        cast(greatest(was.as_of_on, now.as_of_on) as timestamp) + interval 1 day,
        interval 1 day
    )) as date)
    from {{ kpi_as_of_relation() }} as was
    cross join ({{ kpi_as_of_on() }}) as now
{%- endmacro %}

{# The report periods (day, week, month) the changed days fall in. #}
{% macro kpi_changed_periods() -%}
    select 'day' as period_type, day as period_start from changed_days
    union
    select 'week', cast(date_trunc('week', day) as date) from changed_days
    union
    select 'month', cast(date_trunc('month', day) as date) from changed_days
{%- endmacro %}

{# The leading CTEs of a model that recounts changed days: `changed_days` and, for the reports,
   `changed_periods` (each followed by a comma); nothing when it recounts everything. #}
{% macro kpi_changed_ctes(periods=false) -%}
    {% if kpi_recounts_changed_days() %}
    changed_days as {{ materialized_cte() }} (
        {{ kpi_changed_days() }}
    ),
    {% if periods %}
    changed_periods as {{ materialized_cte() }} (
        {{ kpi_changed_periods() }}
    ),
    {% endif %}
    {% endif %}
{%- endmacro %}

{# A report's daily counts: only the days whose week or month changed (a week can span two months). #}
{% macro kpi_report_days() -%}
    select * from {{ ref('int_kpi_daily_counts') }}
    {% if kpi_recounts_changed_days() %}
    where cast(date_trunc('month', day) as date) in (select period_start from changed_periods where period_type = 'month')
        or cast(date_trunc('week', day) as date) in (select period_start from changed_periods where period_type = 'week')
    {% endif %}
{%- endmacro %}

{# A report's periods of `relation` (day × …): only the changed ones. #}
{% macro kpi_report_periods(relation) -%}
    select * from ({{ kpi_periods(relation) }})
    {% if kpi_recounts_changed_days() %}
    where (period_type, period_start) in (select period_type, period_start from changed_periods)
    {% endif %}
{%- endmacro %}

{# Pre-hook: remove the rows about to be recounted (all of them when recounting everything). #}
{% macro kpi_delete_changed(column) -%}
    {% if is_incremental() %}
    delete from {{ this }}
    {% if kpi_recounts_changed_days() %}
    where {{ column }} in (select day from ({{ kpi_changed_days() }}))
    {% endif %}
    {% endif %}
{%- endmacro %}

{# Pre-hook of rpt_kpi_area and rpt_kpi_department: remove the periods about to be recounted. #}
{% macro kpi_delete_changed_periods() -%}
    {% if is_incremental() %}
    delete from {{ this }}
    {% if kpi_recounts_changed_days() %}
    where (period_type, period_start) in (
        with changed_days as ({{ kpi_changed_days() }})
        {{ kpi_changed_periods() }}
    )
    {% endif %}
    {% endif %}
{%- endmacro %}
