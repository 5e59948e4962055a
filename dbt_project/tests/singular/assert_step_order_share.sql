-- Out-of-order steps (see assert_step_order) stay below 0.5% of events; above that the
-- parser or the lifecycle model is wrong, not the upstream system.
with out_of_order as (
    select count(*) as event_count
    from {{ ref('fct_event') }}
    where {{ steps_out_of_order() }}
),

all_events as (
    select count(*) as total from {{ ref('fct_event') }}
)

select o.event_count, e.total
from out_of_order as o
cross join all_events as e
where o.event_count > 0.005 * e.total
