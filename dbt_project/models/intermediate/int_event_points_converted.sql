{# One row per event that reported coordinates: the point in WGS-84, whatever system the source used. #}
with

events as (
    select
        event_key,
        source_lng,
        source_lat,
        coord_system
    from {{ ref('int_events_unioned') }}
    where source_lng is not null
        and source_lat is not null
),

{{ to_wgs84_ctes('converted', 'events') }},

final as (
    select
        event_key,
        source_lng,
        source_lat,
        coord_system,
        wgs84_lng,
        wgs84_lat
    from converted
)

select * from final
