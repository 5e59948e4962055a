{# One row per street: month-to-date volume and rates, open/overdue now, and last month's composite score and grade. #}
with

as_of as (
    select cast(date_trunc('month', max(as_of_at)) as date) as month_start from {{ ref('fct_event') }}
),

month_to_date as (
    select a.*
    from {{ ref('rpt_kpi_area') }} as a
    cross join as_of as m
    where a.period_type = 'month' and a.area_level = 'street' and a.period_start = m.month_start
),

open_now as (
    select
        g.street_code,
        count(*) filter (where e.lifecycle_state = 'open') as open_count,
        count(*) filter (where e.is_overdue_open) as overdue_open_count
    from {{ ref('fct_event') }} as e
    inner join {{ ref('dim_grid') }} as g
        on e.grid_code = g.grid_code
    group by g.street_code
),

last_scores as (
    select s.*
    from {{ ref('rpt_kpi_scores') }} as s
    cross join as_of as m
    where s.unit_level = 'street' and s.period_start = cast(m.month_start - interval 1 month as date)
),

final as (
    select
        t.area_code as street_code,
        t.area_name as street_name,
        t.registered_count,
        t.closed_count,
        t.closure_rate,
        t.on_time_closure_rate,
        t.satisfaction_rate,
        t.self_handled_rate,
        coalesce(o.open_count, 0) as open_count,
        coalesce(o.overdue_open_count, 0) as overdue_open_count,
        s.composite_score as last_month_score,
        s.grade as last_month_grade,
        rank() over (order by t.on_time_closure_rate desc nulls last, t.area_code asc) as street_rank
    from month_to_date as t
    left join open_now as o
        on t.area_code = o.street_code
    left join last_scores as s
        on t.area_code = s.unit_code
)

select * from final
