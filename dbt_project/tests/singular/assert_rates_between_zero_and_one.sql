-- Every rate of every KPI row lies in [0, 1].
select *
-- a daily build checks the rows it wrote (macros/test_scope.sql)
from {{ get_where_subquery(ref('rpt_kpi_area')) }}
where not (
        coalesce(closure_rate, 0) between 0 and 1
        and coalesce(on_time_closure_rate, 0) between 0 and 1
        and coalesce(handling_rate, 0) between 0 and 1
        and coalesce(rework_rate, 0) between 0 and 1
        and coalesce(extension_rate, 0) between 0 and 1
        and coalesce(self_handled_rate, 0) between 0 and 1
        and coalesce(response_rate, 0) between 0 and 1
        and coalesce(resolution_rate, 0) between 0 and 1
        and coalesce(satisfaction_rate, 0) between 0 and 1
        and coalesce(petition_timely_acceptance_rate, 0) between 0 and 1
        and coalesce(petition_repeat_rate, 0) between 0 and 1
    )
