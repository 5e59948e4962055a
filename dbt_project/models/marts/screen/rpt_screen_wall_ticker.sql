{# The 50 latest event reports for the wall's live ticker: no personal data, place as grid and category. #}
select
    e.event_key,
    e.source,
    e.source_id,
    e.reported_at,
    e.category_name_zh,
    e.category_code,
    e.urgency,
    e.lifecycle_state,
    e.grid_code,
    g.grid_name,
    g.street_name,
    e.lng,
    e.lat
from {{ ref('fct_event') }} as e
left join {{ ref('dim_grid') }} as g
    on e.grid_code = g.grid_code
where not e.is_cancelled
qualify row_number() over (order by e.reported_at desc, e.event_key) <= 50
