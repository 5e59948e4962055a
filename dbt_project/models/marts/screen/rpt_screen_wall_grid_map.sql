{#
  One row per grid: what the wall map colours and extrudes — open and overdue events, last 7 days,
  hotspot score, 30-day closure.
#}
with

events as (
    select * from {{ ref('fct_event') }}
    where grid_code is not null and not is_cancelled
),

per_grid as (
    select
        grid_code,
        count(*) filter (where lifecycle_state = 'open') as open_count,
        count(*) filter (where is_overdue_open) as overdue_open_count,
        count(*) filter (where reported_at > as_of_at - interval 30 day) as events_30d,
        count(*) filter (where due_on > cast(as_of_at as date) - 30 and due_on <= cast(as_of_at as date)) as due_30d,
        count(*) filter (
            where due_on > cast(as_of_at as date) - 30 and due_on <= cast(as_of_at as date) and is_closed
        ) as closed_of_due_30d
    from events
    group by grid_code
),

final as (
    select
        g.grid_code,
        g.grid_name,
        g.grid_type,
        g.community_code,
        g.community_name,
        g.street_code,
        g.street_name,
        g.centroid_lng,
        g.centroid_lat,
        g.geometry_geojson,
        coalesce(p.open_count, 0) as open_count,
        coalesce(p.overdue_open_count, 0) as overdue_open_count,
        coalesce(p.events_30d, 0) as events_30d,
        h.events_this_week as events_7d,
        h.baseline_weekly_events,
        h.hotspot_score,
        h.is_hotspot,
        {{ safe_rate('p.closed_of_due_30d', 'p.due_30d') }} as closure_rate_30d
    from {{ ref('dim_grid') }} as g
    left join per_grid as p
        on g.grid_code = p.grid_code
    left join {{ ref('rpt_risk_grid_hotspots') }} as h
        on g.grid_code = h.grid_code
)

select * from final
