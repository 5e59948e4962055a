-- No event is closed before it was reported.
select event_key, reported_at, closed_at
from {{ ref('fct_event') }}
where closed_at < reported_at
