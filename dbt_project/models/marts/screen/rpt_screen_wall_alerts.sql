{#
  One row per alert on the wall: the longest-overdue open events, emerging hotspots, and
  dangerous buildings with vulnerable residents — each with a severity for ordering.
#}
with

overdue as (
    select
        'overdue' as alert_type,
        e.event_key as alert_key,
        e.category_name_zh || ' · ' || coalesce(g.street_name, '') || ' ' || coalesce(g.grid_name, '') as title_zh,
        date_diff('hour', e.deadline_at, e.as_of_at) as severity,
        e.grid_code,
        e.lng,
        e.lat
    from {{ ref('fct_event') }} as e
    left join {{ ref('dim_grid') }} as g
        on e.grid_code = g.grid_code
    where e.is_overdue_open
    qualify row_number() over (order by e.deadline_at, e.event_key) <= 20
),

hotspots as (
    select
        'hotspot',
        grid_code,
        street_name || ' ' || grid_name || ' 本周' || events_this_week || '件 (基线' || baseline_weekly_events || ')',
        hotspot_score,
        grid_code,
        centroid_lng,
        centroid_lat
    from {{ ref('rpt_risk_grid_hotspots') }}
    where is_hotspot
),

vulnerable as (
    -- a public screen: the building and how many residents there need attention in a typhoon, never
    -- a unit, a room or which key group (the list with names is the street leader's, masked)
    select
        'vulnerable_residents',
        building_address_code,
        building_full_address || ' ' || max(safety_grade) || '级危险房屋 · 需关注住户' || count(*) || '人',
        count(*) * case when max(safety_grade) = 'D' then 2 else 1 end,
        any_value(grid_code),
        any_value(lng),
        any_value(lat)
    from {{ ref('rpt_risk_vulnerable_residents') }}
    group by building_address_code, building_full_address
),

final as (
    select * from overdue
    union all
    select * from hotspots
    union all
    select * from vulnerable
)

select * from final
