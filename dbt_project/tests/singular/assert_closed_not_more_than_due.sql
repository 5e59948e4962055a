-- Closed-of-due and on-time counts can never exceed the cases due (closure rate ≤ 1).
select *
-- a daily build checks the rows it wrote (macros/test_scope.sql)
from {{ get_where_subquery(ref('rpt_kpi_area')) }}
where closed_of_due_count > due_count
    or closed_on_time_of_due_count > closed_of_due_count
    or closure_rate > 1
    or on_time_closure_rate > closure_rate
