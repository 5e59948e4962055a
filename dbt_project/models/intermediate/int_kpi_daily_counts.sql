{#
  One row per day × grid × handling org × source: the numerators and denominators of every
  indicator in docs/domain.md §4, each counted on the day its period rule names —
    registered, extended, response, petition counts  → the day reported
    due, closed-of-due, on time, handled-of-due     → the day the deadline falls (only days up to as-of)
    closed, community-closed, revisits, rework       → the day closed
  The KPI models sum these and apply the formulas (macro kpi_rate_columns), so each formula
  exists once. Cancelled events count nowhere but in `cancelled_count`.
  Incremental: a daily build recounts only the days it changed (macros/kpi_incremental.sql).
#}
{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ kpi_delete_changed('day') }}",
        post_hook="{{ kpi_remember_as_of() }}"
    )
}}
{% set changed_only = kpi_recounts_changed_days() %}
-- depends_on: {{ ref('int_events_lifecycle') }} (the changed days, macros/kpi_incremental.sql)
with

{{ kpi_changed_ctes() }}

events as {{ materialized_cte() }} (
    -- the columns the counts read, and in a daily build only the events counted on a changed day:
    -- one narrow scan of the fact, not ten million whole rows kept for the three counts below
    select
        reported_on,
        due_on,
        closed_at,
        grid_code,
        handling_org_code,
        source,
        channel,
        as_of_at,
        is_cancelled,
        is_extended,
        is_responded_in_time,
        is_accepted_in_time,
        is_repeat,
        is_primary_report,
        is_closed,
        is_closed_on_time,
        is_handled,
        is_handled_on_time,
        handle_level,
        is_reworked,
        is_revisited,
        is_resolved,
        satisfaction,
        satisfaction_weight,
        hours_to_close
    from {{ ref('fct_event') }}
    {% if changed_only %}
    where reported_on in (select day from changed_days)
        or due_on in (select day from changed_days)
        or cast(closed_at as date) in (select day from changed_days)
    {% endif %}
),

by_report_day as (
    select
        reported_on as day,
        grid_code,
        handling_org_code,
        source,
        count(*) filter (where not is_cancelled) as registered_count,
        count(*) filter (where is_cancelled) as cancelled_count,
        count(*) filter (where is_extended and not is_cancelled) as extended_count,
        count(*) filter (where source = 'hotline_12345' and not is_cancelled) as needing_response_count,
        count(*) filter (where is_responded_in_time and not is_cancelled) as responded_in_time_count,
        count(*) filter (where source = 'petition' and not is_cancelled) as petition_count,
        count(*) filter (where is_accepted_in_time and not is_cancelled) as petition_accepted_in_time_count,
        count(*) filter (where source = 'petition' and is_repeat) as petition_repeat_count,
        count(*) filter (where not is_cancelled and (source = 'grid_report' or channel = '监督员上报'))
            as patrol_reported_count,
        count(*) filter (where not is_cancelled and not is_primary_report) as duplicate_report_count
    from events
    {% if changed_only %}
    where reported_on in (select day from changed_days)
    {% endif %}
    group by all
),

by_due_day as (
    select
        due_on as day,
        grid_code,
        handling_org_code,
        source,
        count(*) as due_count,
        count(*) filter (where is_closed) as closed_of_due_count,
        count(*) filter (where is_closed_on_time) as closed_on_time_of_due_count,
        count(*) filter (where is_handled) as handled_of_due_count,
        count(*) filter (where is_handled_on_time) as handled_on_time_of_due_count
    from events
    where not is_cancelled
        and due_on <= cast(as_of_at as date)
    {% if changed_only %}
        and due_on in (select day from changed_days)
        {% endif %}
    group by all
),

by_close_day as (
    select
        cast(closed_at as date) as day,
        grid_code,
        handling_org_code,
        source,
        count(*) as closed_count,
        count(*) filter (where handle_level = 'community') as closed_community_count,
        count(*) filter (where handle_level = 'street') as closed_street_count,
        count(*) filter (where handle_level = 'district') as closed_district_count,
        count(*) filter (where is_handled) as handled_count,
        count(*) filter (where is_reworked) as reworked_count,
        count(*) filter (where is_revisited) as revisited_count,
        count(*) filter (where is_revisited and is_resolved) as resolved_count,
        count(*) filter (where is_revisited and satisfaction = '满意') as satisfied_count,
        count(*) filter (where is_revisited and satisfaction = '基本满意') as basically_satisfied_count,
        coalesce({{ exact_sum('satisfaction_weight', 4, 'is_revisited') }}, 0) as satisfaction_points,
        {{ exact_sum('hours_to_close', 6) }} as hours_to_close_sum
    from events
    where is_closed
    {% if changed_only %}
        and cast(closed_at as date) in (select day from changed_days)
        {% endif %}
    group by all
),

keys as (
    select day, grid_code, handling_org_code, source from by_report_day
    union
    select day, grid_code, handling_org_code, source from by_due_day
    union
    select day, grid_code, handling_org_code, source from by_close_day
),

final as (
    select
        k.day,
        k.grid_code,
        k.handling_org_code,
        k.source,
        coalesce(r.registered_count, 0) as registered_count,
        coalesce(r.cancelled_count, 0) as cancelled_count,
        coalesce(r.extended_count, 0) as extended_count,
        coalesce(r.needing_response_count, 0) as needing_response_count,
        coalesce(r.responded_in_time_count, 0) as responded_in_time_count,
        coalesce(r.petition_count, 0) as petition_count,
        coalesce(r.petition_accepted_in_time_count, 0) as petition_accepted_in_time_count,
        coalesce(r.petition_repeat_count, 0) as petition_repeat_count,
        coalesce(r.patrol_reported_count, 0) as patrol_reported_count,
        coalesce(r.duplicate_report_count, 0) as duplicate_report_count,
        coalesce(d.due_count, 0) as due_count,
        coalesce(d.closed_of_due_count, 0) as closed_of_due_count,
        coalesce(d.closed_on_time_of_due_count, 0) as closed_on_time_of_due_count,
        coalesce(d.handled_of_due_count, 0) as handled_of_due_count,
        coalesce(d.handled_on_time_of_due_count, 0) as handled_on_time_of_due_count,
        coalesce(c.closed_count, 0) as closed_count,
        coalesce(c.closed_community_count, 0) as closed_community_count,
        coalesce(c.closed_street_count, 0) as closed_street_count,
        coalesce(c.closed_district_count, 0) as closed_district_count,
        coalesce(c.handled_count, 0) as handled_count,
        coalesce(c.reworked_count, 0) as reworked_count,
        coalesce(c.revisited_count, 0) as revisited_count,
        coalesce(c.resolved_count, 0) as resolved_count,
        coalesce(c.satisfied_count, 0) as satisfied_count,
        coalesce(c.basically_satisfied_count, 0) as basically_satisfied_count,
        coalesce(c.satisfaction_points, 0) as satisfaction_points,
        coalesce(c.hours_to_close_sum, 0) as hours_to_close_sum
    from keys as k
    left join by_report_day as r
        on k.day = r.day and k.grid_code is not distinct from r.grid_code
            and k.handling_org_code is not distinct from r.handling_org_code and k.source = r.source
    left join by_due_day as d
        on k.day = d.day and k.grid_code is not distinct from d.grid_code
            and k.handling_org_code is not distinct from d.handling_org_code and k.source = d.source
    left join by_close_day as c
        on k.day = c.day and k.grid_code is not distinct from c.grid_code
            and k.handling_org_code is not distinct from c.handling_org_code and k.source = c.source
)

select * from final
