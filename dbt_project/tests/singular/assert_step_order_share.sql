-- Out-of-order steps (see assert_step_order) stay below 0.5% of events; above that the
-- parser or the lifecycle model is wrong, not the upstream system.
with out_of_order as (
    select count(distinct event_key) as event_count
    from (
        select
            event_key,
            occurred_at,
            lag(occurred_at) over (partition by event_key order by step_no) as previous_at
        from {{ ref('fct_event_step') }}
        where not is_side_path and step_no <= 5
    )
    where occurred_at < previous_at
)
select o.event_count, e.total
from out_of_order as o
cross join (select count(*) as total from {{ ref('fct_event') }}) as e
where o.event_count > 0.005 * e.total
