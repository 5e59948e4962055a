{#
  One row per open petition older than the backlog threshold (积案, seed kpi_parameters) or
  past its handling deadline, with the repeat chain length behind it.
#}
with

petitions as (
    select * from {{ ref('fct_event') }}
    where source = 'petition'
),

repeats as (
    select original_petition_no as source_id, count(*) as repeat_count
    from petitions
    where is_repeat and original_petition_no is not null
    group by original_petition_no
),

final as (
    select
        p.event_key,
        p.source_id as petition_no,
        p.reported_on as registered_on,
        p.category_name_zh,
        p.petition_purpose,
        p.people_count,
        p.is_collective,
        p.is_repeat,
        coalesce(r.repeat_count, 0) as repeat_count,
        p.handling_unit_name,
        p.handling_org_code,
        p.grid_code,
        p.deadline_at,
        {{ time_diff("day", "p.reported_at", "p.as_of_at") }} as days_open,
        p.is_overdue_open
    from petitions as p
    left join repeats as r
        on p.source_id = r.source_id
    where p.lifecycle_state = 'open'
        and (
            {{ time_diff("day", "p.reported_at", "p.as_of_at") }} > {{ kpi_parameter('petition_backlog_days') }}
            or p.is_overdue_open
        )
)

select * from final
