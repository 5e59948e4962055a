{{ config(severity='warn') }}
-- The main steps of an event happen in order: report ≤ dispatch ≤ handle ≤ verify ≤ close
-- (macro steps_out_of_order). Upstream systems do record a few steps out of order (a case
-- "handled" a minute before it was dispatched): each such event is a finding (warn);
-- assert_step_order_share makes it an error above 0.5% of events.
select event_key, source, reported_at, dispatched_at, handled_at, verified_at, closed_at
-- a daily build checks the rows it wrote (macros/test_scope.sql)
from {{ get_where_subquery(ref('fct_event')) }}
where {{ steps_out_of_order() }}
