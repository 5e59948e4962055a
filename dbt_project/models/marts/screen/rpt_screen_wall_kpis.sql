{#
  One row per headline window of the wall's KPI strip — today, yesterday, this month, the
  same days of last month — relative to the data's as-of day, plus the live state (open,
  overdue). Small by design: the wall reads it, never the facts.
#}
with

daily as (
    select * from {{ ref('int_kpi_daily_counts') }}
),

events as (
    select * from {{ ref('fct_event') }}
),

as_of as (
    select max(as_of_at) as as_of_at, cast(max(as_of_at) as date) as as_of_on from events
),

windows as (
    select 'today' as window_code, as_of_on as start_on, as_of_on as end_on from as_of
    union all
    select 'yesterday', as_of_on - 1, as_of_on - 1 from as_of
    union all
    select 'this_month', cast(date_trunc('month', as_of_on) as date), as_of_on from as_of
    union all
    select
        'last_month_to_date',
        cast(date_trunc('month', as_of_on) - interval 1 month as date),
        cast(as_of_on - interval 1 month as date)
    from as_of
),

summed as (
    select
        w.window_code,
        w.start_on,
        w.end_on,
        {{ kpi_count_columns() }}
    from windows as w
    left join daily as d
        on d.day between w.start_on and w.end_on
    group by w.window_code, w.start_on, w.end_on
),

live as (
    select
        count(*) filter (where lifecycle_state = 'open') as open_count,
        count(*) filter (where is_overdue_open) as overdue_open_count
    from events
),

final as (
    select
        s.window_code,
        s.start_on,
        s.end_on,
        s.registered_count,
        s.closed_count,
        s.due_count,
        {{ kpi_rate_columns() }},
        l.open_count,
        l.overdue_open_count,
        a.as_of_at
    from summed as s
    cross join live as l
    cross join as_of as a
)

select * from final
