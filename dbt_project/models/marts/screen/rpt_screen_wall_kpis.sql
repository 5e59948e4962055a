{#
  One row per reference day × headline window of the wall's KPI strip — today, yesterday,
  this month, the same days of last month — plus the live state (open, overdue). Reference
  days run from the data's as-of day to a week after it, so an unattended wall rolls its
  windows over at midnight (picking the row for the calendar day) even when no build ran.
  Small by design: the wall reads it, never the facts.
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

reference_days as (
    select cast(as_of_on + offsets.offset_days as date) as reference_on
    from as_of
    cross join (values (0), (1), (2), (3), (4), (5), (6), (7)) as offsets (offset_days)
),

windows as (
    select reference_on, 'today' as window_code, reference_on as start_on, reference_on as end_on
    from reference_days
    union all
    select reference_on, 'yesterday', cast(reference_on - 1 as date), cast(reference_on - 1 as date)
    from reference_days
    union all
    select reference_on, 'this_month', cast(date_trunc('month', reference_on) as date), reference_on
    from reference_days
    union all
    select
        reference_on,
        'last_month_to_date',
        cast(date_trunc('month', reference_on) - interval 1 month as date),
        cast(reference_on - interval 1 month as date)
    from reference_days
),

days as (
    -- the district's counts per day, over the days any window covers (all KPI counts are sums)
    select
        day,
        {{ kpi_count_columns() }}
    from daily
    where day >= (select min(start_on) from windows)
    group by day
),

summed as (
    select
        w.reference_on,
        w.window_code,
        w.start_on,
        w.end_on,
        {{ kpi_count_columns() }}
    from windows as w
    left join days as d
        on d.day between w.start_on and w.end_on
    group by w.reference_on, w.window_code, w.start_on, w.end_on
),

live as (
    select
        count(*) filter (where lifecycle_state = 'open') as open_count,
        count(*) filter (where is_overdue_open) as overdue_open_count
    from events
),

final as (
    select
        s.reference_on || ':' || s.window_code as window_key,
        s.reference_on,
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
