{# One row per day × source for the last 30 days before the as-of day: reported and closed events. #}
with

daily as (
    select * from {{ ref('int_kpi_daily_counts') }}
),

as_of as (
    select max(day) filter (where registered_count > 0) as as_of_on from daily
),

final as (
    select
        d.day,
        d.source,
        sum(d.registered_count) as registered_count,
        sum(d.closed_count) as closed_count,
        sum(d.due_count) as due_count,
        sum(d.closed_of_due_count) as closed_of_due_count
    from daily as d
    cross join as_of as a
    where d.day > a.as_of_on - 30 and d.day <= a.as_of_on
    group by d.day, d.source
)

select * from final
