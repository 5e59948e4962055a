{{ config(materialized='table') }}
{#
  One row per day from the first year of the working-day calendar (seed work_calendar: every public
  holiday and make-up working day, written by `python -m ingest calendar` from the chinese-calendar
  package, extended by stewards) to three years past its last covered year. A day is a working day when
  the seed says so, else when it is Monday to Friday; `is_covered` is false past the seed's last year
  (there only weekends are known: the build warns about deadlines there, test
  assert_deadlines_within_work_calendar). `workday_number` counts working days up to and including the
  day, so "the Nth working day after day d" is the working day numbered workday_number(d) + N.
  docs/domain.md §3.
#}
with

exceptions as (
    select
        cast(day as date) as day,
        cast(is_workday as boolean) as is_workday,
        holiday_zh,
        holiday_en
    from {{ ref('work_calendar') }}
),

bounds as (
    select
        make_date(cast(min(year(day)) as integer), 1, 1) as first_day,
        make_date(cast(max(year(day)) as integer), 12, 31) as covered_through
    from exceptions
),

days as (
    {{ day_spine('bounds', 'first_day', "covered_through + interval 3 year") }}
),

final as (
    select
        d.day,
        coalesce(e.is_workday, {{ is_weekday('d.day') }}) as is_workday,
        e.holiday_zh,
        e.holiday_en,
        d.day <= b.covered_through as is_covered
    from days as d
    cross join bounds as b
    left join exceptions as e
        on d.day = e.day
)

select
    *,
    sum(case when is_workday then 1 else 0 end) over (order by day rows between unbounded preceding and current row)
        as workday_number
from final
