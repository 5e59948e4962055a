{# One row per month (the last 13) for the district: volume and the headline rates. #}
select
    period_start as month_start,
    registered_count,
    closed_count,
    due_count,
    closure_rate,
    on_time_closure_rate,
    satisfaction_rate,
    self_handled_rate
from {{ ref('rpt_kpi_area') }}
where period_type = 'month'
    and area_level = 'district'
qualify row_number() over (order by period_start desc) <= 13
