{#
  One row per alert on the wall: the longest-overdue open events, open urgent events (newest
  first), emerging hotspots, and dangerous buildings with vulnerable residents — each with a
  severity for ordering, and type_total: how many alerts of its type there are, though only the
  top rows of the long types are kept (the wall says "N of M"). The text that matters comes first.
#}
with

overdue as (
    select
        'overdue' as alert_type,
        e.event_key as alert_key,
        e.category_name_zh || ' · ' || coalesce(g.street_name, '') || ' ' || coalesce(g.grid_name, '') as title_zh,
        coalesce(t.category_name_en, e.category_name_zh) || ' · ' || coalesce(g.street_name, '') || ' '
        || coalesce(g.grid_name, '') as title_en,
        {{ time_diff("hour", "e.deadline_at", "e.as_of_at") }} as severity,
        e.grid_code,
        e.lng,
        e.lat,
        e.reported_at,
        false as is_new,
        count(*) over () as type_total
    from {{ ref('fct_event') }} as e
    left join {{ ref('dim_grid') }} as g
        on e.grid_code = g.grid_code
    left join {{ ref('event_taxonomy') }} as t
        on e.category_code = t.category_code
    where e.is_overdue_open
    qualify row_number() over (order by e.deadline_at, e.event_key) <= 40
),

urgent as (
    select
        'urgent',
        e.event_key,
        e.urgency || ' · ' || e.category_name_zh || ' · ' || coalesce(g.street_name, '') || ' '
        || coalesce(g.grid_name, ''),
        case e.urgency when '特急' then 'Critical' else 'Urgent' end || ' · '
        || coalesce(t.category_name_en, e.category_name_zh) || ' · ' || coalesce(g.street_name, '') || ' '
        || coalesce(g.grid_name, ''),
        {{ time_diff("minute", "e.reported_at", "e.as_of_at") }},
        e.grid_code,
        e.lng,
        e.lat,
        e.reported_at,
        e.reported_at > e.as_of_at - {{ interval_of(var('urgent_new_hours'), 'hours') }},
        count(*) over ()
    from {{ ref('fct_event') }} as e
    left join {{ ref('dim_grid') }} as g
        on e.grid_code = g.grid_code
    left join {{ ref('event_taxonomy') }} as t
        on e.category_code = t.category_code
    where e.lifecycle_state = 'open' and {{ is_urgent('e.urgency') }}
    qualify row_number() over (order by e.reported_at desc, e.event_key asc) <= 40
),

hotspots as (
    select
        'hotspot',
        grid_code,
        street_name || ' ' || grid_name || ' 本周' || events_this_week || '件 (基线' || baseline_weekly_events || ')',
        street_name || ' ' || grid_name || ' · ' || events_this_week || ' this week (baseline '
        || baseline_weekly_events || ')',
        hotspot_score,
        grid_code,
        centroid_lng,
        centroid_lat,
        cast(null as timestamp),
        false,
        count(*) over ()
    from {{ ref('rpt_risk_grid_hotspots') }}
    where is_hotspot
),

vulnerable as (
    -- a public screen: the building and how many residents there need attention in a typhoon, never
    -- a unit, a room or which key group (the list with names is the street leader's, masked)
    select
        'vulnerable_residents',
        building_address_code,
        max(safety_grade) || '级危房 · 需关注住户' || count(*) || '人 · ' || building_full_address,
        'Grade ' || max(safety_grade) || ' building · ' || count(*) || ' residents to check · '
        || building_full_address,
        count(*) * case when max(safety_grade) = 'D' then 2 else 1 end,
        any_value(grid_code),
        any_value(lng),
        any_value(lat),
        cast(null as timestamp),
        false,
        count(*) over ()
    from {{ ref('rpt_risk_vulnerable_residents') }}
    group by building_address_code, building_full_address
),

final as (
    select * from overdue
    union all
    select * from urgent
    union all
    select * from hotspots
    union all
    select * from vulnerable
)

select * from final
