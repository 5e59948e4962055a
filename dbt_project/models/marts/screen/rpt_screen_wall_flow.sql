{#
  One row per source × handling level × outcome over the last 30 days: the wall's Sankey
  (channel → level → outcome).
#}
select
    source,
    coalesce(handle_level, 'unknown') as handle_level,
    case
        when is_cancelled then 'cancelled'
        when is_closed_on_time then 'closed_on_time'
        when is_closed then 'closed_late'
        when is_overdue_open then 'overdue_open'
        else 'open'
    end as outcome,
    count(*) as event_count
from {{ ref('fct_event') }}
where reported_at > as_of_at - interval 30 day
group by all
