{{ config(severity='warn') }}
-- The main steps of an event happen in order: report ≤ dispatch ≤ handle ≤ verify ≤ close.
-- Upstream systems do record a few steps out of order (a case "handled" a minute before it
-- was dispatched): that is a finding (warn); assert_step_order_share makes it an error above 0.5%.
with steps as (
    select
        event_key,
        step_no,
        occurred_at,
        lag(occurred_at) over (partition by event_key order by step_no) as previous_at
    from {{ ref('fct_event_step') }}
    where not is_side_path and step_no <= 5
)
select *
from steps
where occurred_at < previous_at
