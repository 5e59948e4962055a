{#
  Lifecycle steps out of time order (docs/domain.md §2), over fct_event's columns: a main step recorded
  earlier than the step before it that is present (report → dispatch → handle → verify → close; with
  `evaluate`, also the evaluation of a revisited closed event). The dbt tests assert_step_order and
  assert_step_order_share and the warehouse check warehouse.lifecycle.order (rendered through
  expectations/staging_sql.py) all use this one rule. It reads one row per event, not the 6× larger
  step table, which took 10 s a test at 10M events.
#}
{% macro steps_out_of_order(evaluate=false) -%}
    (
        dispatched_at < reported_at
        or handled_at < coalesce(case when not is_direct_closure then dispatched_at end, reported_at)
        or verified_at < coalesce(handled_at, dispatched_at, reported_at)
        -- a direct closure's dispatch, if recorded at all, comes at or after its close
        or (is_closed and closed_at < coalesce(
            verified_at, handled_at, case when not is_direct_closure then dispatched_at end, reported_at
        ))
        {%- if evaluate %}
        or (is_closed and is_revisited
            and coalesce(evaluated_at, closed_at) < coalesce(closed_at, verified_at, handled_at, dispatched_at, reported_at))
        {%- endif %}
    )
{%- endmacro %}
