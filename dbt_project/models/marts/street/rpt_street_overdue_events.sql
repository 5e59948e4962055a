{#
  One row per open event past its deadline, in the order a street's overdue list is read: most
  urgent first (macro urgency_rank), then longest overdue. The street workbench filters it by its
  street and keeps the top rows; overdue_rank numbers the order within the street.
#}
with

overdue as (
    select
        e.event_key,
        g.street_code,
        e.source,
        e.source_id,
        e.category_name_zh,
        e.urgency,
        {{ urgency_rank('e.urgency') }} as urgency_rank,
        e.reported_at,
        e.deadline_at,
        {%- set minutes_overdue = time_diff("minute", "e.deadline_at", "e.as_of_at") %}
        {{ round_to("cast(" ~ minutes_overdue ~ " as double) / 60", 1) }} as hours_overdue,
        e.handling_unit_name,
        e.handle_level,
        g.community_name,
        g.grid_name,
        e.address_text
    from {{ ref('fct_event') }} as e
    inner join {{ ref('dim_grid') }} as g
        on e.grid_code = g.grid_code
    where e.is_overdue_open
),

final as (
    select
        *,
        row_number() over (
            partition by street_code order by urgency_rank asc, hours_overdue desc, event_key asc
        ) as overdue_rank
    from overdue
)

select * from final
