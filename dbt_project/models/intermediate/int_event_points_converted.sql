{{
    config(
        materialized=incremental_where_supported(),
        unique_key='event_key',
        incremental_strategy='delete+insert',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_events() }}"
    )
}}
{# One row per event that reported coordinates: the point in WGS-84, whatever system the source used. #}
with

events as (
    select
        event_key,
        source_lng,
        source_lat,
        coord_system
    from ({{ changed_events() }})
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

select
    *,
    {{ event_stamps() }}
from final
