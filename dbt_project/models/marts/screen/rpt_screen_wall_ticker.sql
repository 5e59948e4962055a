{# The 50 latest event reports for the wall's live ticker: no personal data, place as grid and category. #}
with

latest as (
    -- a top-50, not a ranking of every event
    select
        event_key,
        source,
        source_id,
        reported_at,
        category_name_zh,
        category_code,
        urgency,
        lifecycle_state,
        grid_code,
        lng,
        lat
    from {{ ref('fct_event') }}
    where not is_cancelled
    order by reported_at desc, event_key asc
    limit 50
)

select
    e.event_key,
    e.source,
    e.source_id,
    e.reported_at,
    e.category_name_zh,
    t.category_name_en,
    e.category_code,
    e.urgency,
    {{ is_urgent('e.urgency') }} as is_urgent,
    e.lifecycle_state,
    e.grid_code,
    g.grid_name,
    g.street_name,
    e.lng,
    e.lat
from latest as e
left join {{ ref('dim_grid') }} as g
    on e.grid_code = g.grid_code
left join {{ ref('event_taxonomy') }} as t
    on e.category_code = t.category_code
