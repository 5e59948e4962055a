{{ config(severity='warn') }}
-- No event is closed before it was reported. An export can say so (a 12345 order "closed" at
-- 08:09 and accepted at 09:48 the same day: 2 of 10 million rows in the benchmark district):
-- a finding for the steward (warn), like any out-of-order step; assert_step_order_share makes
-- out-of-order steps an error above 0.5% of events, where the parser would be at fault.
select event_key, reported_at, closed_at
-- a daily build checks the rows it wrote (macros/test_scope.sql)
from {{ get_where_subquery(ref('fct_event')) }}
where closed_at < reported_at
