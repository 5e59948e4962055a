{#
  One row per event source: how many events, the newest report and load, and the time the source is
  current through — its newest report, or the end of that day when the source records dates only
  (its newest time is midnight). The builds page and the freshness check measure staleness from
  current_through_at against var stale_after_hours.
#}
with

per_source as (
    select
        source,
        count(*) as event_count,
        max(reported_at) as last_reported_at,
        max(loaded_at) as last_loaded_at,
        count(distinct source_file) as export_files
    from {{ ref('fct_event') }}
    group by source
),

final as (
    select
        *,
        case
            when last_reported_at = date_trunc('day', last_reported_at)
                then last_reported_at + interval 1 day
            else last_reported_at
        end as current_through_at,
        {{ var('stale_after_hours') }} as stale_after_hours
    from per_source
)

select * from final
