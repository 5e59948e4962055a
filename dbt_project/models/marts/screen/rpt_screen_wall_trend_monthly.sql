{#
  One row per month (the last 13) for the district: volume and the headline rates. A first month
  the data covers only in part (the data starts after its first day) is left out: a half month
  would read as a collapse. The current month is to date (is_partial), the wall marks it.
#}
with

months as (
    select * from {{ ref('rpt_kpi_area') }}
    where period_type = 'month' and area_level = 'district'
),

span as (
    select min(reported_on) as first_on, max(as_of_at) as as_of_at from {{ ref('fct_event') }}
)

select
    m.period_start as month_start,
    m.registered_count,
    m.closed_count,
    m.due_count,
    m.closure_rate,
    m.on_time_closure_rate,
    m.satisfaction_rate,
    m.self_handled_rate,
    m.period_start = cast(date_trunc('month', s.as_of_at) as date) as is_partial
from months as m
cross join span as s
where m.period_start >= cast(date_trunc('month', s.first_on) as date)
    and (m.period_start > s.first_on or day(s.first_on) = 1)
qualify row_number() over (order by m.period_start desc) <= 13
