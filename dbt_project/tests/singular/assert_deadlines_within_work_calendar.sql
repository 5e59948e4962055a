{{ config(severity='warn') }}
-- A deadline counted in working days that falls past the last year of the official calendar (seed
-- work_calendar) is computed Monday to Friday only: add that year's holidays and make-up working days
-- (docs/domain.md §3). One row per event with such a deadline.
select event_key, source, reported_at, sla_deadline_at
from {{ ref('int_events_lifecycle') }}
where is_deadline_past_calendar
