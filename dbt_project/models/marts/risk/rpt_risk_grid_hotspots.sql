{#
  One row per grid: events in the last 7 days against the grid's own baseline — its mean
  weekly events over the previous N weeks (seed kpi_parameters) — not against the district
  average, since big grids are always busy. score = (this week − baseline) / sqrt(baseline + 1),
  a Poisson-style excess; a hotspot needs the minimum count and ratio of the seed.
#}
with

events as (
    select grid_code, reported_at, as_of_at from {{ ref('fct_event') }}
    where grid_code is not null and not is_cancelled and is_primary_report
),

params as (
    select
        {{ kpi_parameter('hotspot_baseline_weeks') }} as baseline_weeks,
        {{ kpi_parameter('hotspot_min_events') }} as min_events,
        {{ kpi_parameter('hotspot_min_ratio') }} as min_ratio,
        (select max(as_of_at) from events) as as_of_at
),

counts as (
    select
        g.grid_code,
        count(e.reported_at) filter (where e.reported_at > p.as_of_at - interval 7 day) as events_this_week,
        count(e.reported_at) filter (
            where e.reported_at <= p.as_of_at - interval 7 day
            and e.reported_at > p.as_of_at - {{ interval_of("cast(7 * (p.baseline_weeks + 1) as integer)", 'days') }}
        ) / p.baseline_weeks as baseline_weekly_events
    from {{ ref('dim_grid') }} as g
    cross join params as p
    left join events as e
        on g.grid_code = e.grid_code
    group by g.grid_code, p.baseline_weeks
),

final as (
    select
        c.grid_code,
        g.grid_name,
        g.community_name,
        g.street_code,
        g.street_name,
        g.centroid_lng,
        g.centroid_lat,
        c.events_this_week,
        {{ round_to('c.baseline_weekly_events', 2) }} as baseline_weekly_events,
        {%- set hotspot = '(c.events_this_week - c.baseline_weekly_events) / sqrt(c.baseline_weekly_events + 1)' %}
        {{ round_to(hotspot, 2) }} as hotspot_score,
        c.events_this_week >= p.min_events
        and c.events_this_week >= p.min_ratio * greatest(c.baseline_weekly_events, 1) as is_hotspot,
        p.as_of_at
    from counts as c
    cross join params as p
    inner join {{ ref('dim_grid') }} as g
        on c.grid_code = g.grid_code
)

select * from final
