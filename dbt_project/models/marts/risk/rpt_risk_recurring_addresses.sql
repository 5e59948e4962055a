{#
  One row per standard address × category reported again and again in the last 90 days
  (at least N reports, seed kpi_parameters): "closed is not fixed". Counts incidents, not
  reports (cross-channel duplicates count once).
#}
with

events as (
    select * from {{ ref('fct_event') }}
    where address_code is not null and not is_cancelled and is_primary_report
        and reported_at > as_of_at - interval 90 day
),

grouped as (
    select
        address_code,
        category_code,
        any_value(category_name_zh) as category_name_zh,
        count(*) as report_count,
        count(*) filter (where is_closed) as closed_count,
        min(reported_at) as first_reported_at,
        max(reported_at) as last_reported_at,
        count(distinct source) as source_count
    from events
    group by address_code, category_code
),

final as (
    select
        g.*,
        a.full_address,
        a.grid_code,
        a.street_name,
        a.community_name,
        a.lng,
        a.lat
    from grouped as g
    inner join {{ ref('dim_address') }} as a
        on g.address_code = a.address_code
    where g.report_count >= {{ kpi_parameter('recurring_min_reports') }}
)

select * from final
