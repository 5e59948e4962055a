{#
  The indicator formulas of docs/domain.md §4, defined once. Input: summed counts from
  int_kpi_daily_counts. Rates are null when the denominator is 0, rounded to 4 decimals
  (93.72% is 0.9372).
#}
{% macro safe_rate(numerator, denominator) -%}
    {{ round_to('cast(' ~ numerator ~ ' as double) / nullif(' ~ denominator ~ ', 0)', 4) }}
{%- endmacro %}

{% macro kpi_count_columns() -%}
    sum(registered_count) as registered_count,
    sum(cancelled_count) as cancelled_count,
    sum(extended_count) as extended_count,
    sum(needing_response_count) as needing_response_count,
    sum(responded_in_time_count) as responded_in_time_count,
    sum(petition_count) as petition_count,
    sum(petition_accepted_in_time_count) as petition_accepted_in_time_count,
    sum(petition_repeat_count) as petition_repeat_count,
    sum(patrol_reported_count) as patrol_reported_count,
    sum(duplicate_report_count) as duplicate_report_count,
    sum(due_count) as due_count,
    sum(closed_of_due_count) as closed_of_due_count,
    sum(closed_on_time_of_due_count) as closed_on_time_of_due_count,
    sum(handled_of_due_count) as handled_of_due_count,
    sum(handled_on_time_of_due_count) as handled_on_time_of_due_count,
    sum(closed_count) as closed_count,
    sum(closed_community_count) as closed_community_count,
    sum(closed_street_count) as closed_street_count,
    sum(closed_district_count) as closed_district_count,
    sum(handled_count) as handled_count,
    sum(reworked_count) as reworked_count,
    sum(revisited_count) as revisited_count,
    sum(resolved_count) as resolved_count,
    sum(satisfied_count) as satisfied_count,
    sum(basically_satisfied_count) as basically_satisfied_count,
    {{ exact_sum('satisfaction_points', 4) }} as satisfaction_points,
    {{ exact_sum('hours_to_close_sum', 6) }} as hours_to_close_sum
{%- endmacro %}

{% macro kpi_rate_columns() -%}
    -- 结案率: closed ÷ due (cases whose deadline fell in the period)
    {{ safe_rate('closed_of_due_count', 'due_count') }} as closure_rate,
    -- 按期结案率: closed on time ÷ due
    {{ safe_rate('closed_on_time_of_due_count', 'due_count') }} as on_time_closure_rate,
    -- 处置率 / 按期处置率: handled (on time) ÷ due for handling
    {{ safe_rate('handled_of_due_count', 'due_count') }} as handling_rate,
    {{ safe_rate('handled_on_time_of_due_count', 'due_count') }} as on_time_handling_rate,
    -- 返工率: reworked ÷ handled
    {{ safe_rate('reworked_count', 'handled_count') }} as rework_rate,
    -- 延期率: extended ÷ registered
    {{ safe_rate('extended_count', 'registered_count') }} as extension_rate,
    -- 自处置率: closed at community level ÷ all closed
    {{ safe_rate('closed_community_count', 'closed_count') }} as self_handled_rate,
    -- 12345 三率: responded in time ÷ needing response; solved ÷ revisited; weighted satisfied ÷ revisited
    {{ safe_rate('responded_in_time_count', 'needing_response_count') }} as response_rate,
    {{ safe_rate('resolved_count', 'revisited_count') }} as resolution_rate,
    {{ safe_rate('satisfaction_points', 'revisited_count') }} as satisfaction_rate,
    -- petitions: accepted within 15 days ÷ registered; repeat ÷ petitions
    {{ safe_rate('petition_accepted_in_time_count', 'petition_count') }} as petition_timely_acceptance_rate,
    {{ safe_rate('petition_repeat_count', 'petition_count') }} as petition_repeat_rate,
    -- 监督举报率 (area score input): events found by patrols (grid workers, supervisors) ÷ registered
    {{ safe_rate('patrol_reported_count', 'registered_count') }} as patrol_report_rate,
    {{ round_to('hours_to_close_sum / nullif(closed_count, 0)', 1) }} as mean_hours_to_close
{%- endmacro %}

{# The period rows the KPI models roll up: each daily row once per day, week and month. #}
{% macro kpi_periods(relation) -%}
    select 'day' as period_type, day as period_start, * from {{ relation }}
    union all
    select 'week', cast(date_trunc('week', day) as date), * from {{ relation }}
    union all
    select 'month', cast(date_trunc('month', day) as date), * from {{ relation }}
{%- endmacro %}

{#- A sum of doubles that comes out the same whatever order the engine adds the rows in: each value as
    a decimal of `scale` places, summed exactly, the total back to a double. A parallel sum of doubles
    differed in its last bits between two builds of the same data, enough to turn a rate rounded to
    four places (0.8562 / 0.8563) — and would differ between DuckDB and Spark. `filter` is an
    aggregate FILTER condition. -#}
{% macro exact_sum(expr, scale, filter=none) -%}
    cast(sum(cast({{ expr }} as decimal(38, {{ scale }}))){% if filter %} filter (where {{ filter }}){% endif %} as double)
{%- endmacro %}
