{# One row per unified category: events in the last 30 days and the 30 days before, ranked. #}
with

events as (
    select * from {{ ref('fct_event') }}
    where not is_cancelled and is_primary_report
),

counted as (
    select
        category_code,
        any_value(category_name_zh) as category_name_zh,
        any_value(category_group_zh) as category_group_zh,
        count(*) filter (where reported_at > as_of_at - interval 30 day) as events_30d,
        count(*) filter (where reported_at <= as_of_at - interval 30 day and reported_at > as_of_at - interval 60 day)
            as events_prev_30d
    from events
    group by category_code
),

final as (
    select
        c.*,
        t.category_name_en,
        rank() over (order by c.events_30d desc, c.category_code asc) as category_rank
    from counted as c
    left join {{ ref('event_taxonomy') }} as t
        on c.category_code = t.category_code
)

select * from final
