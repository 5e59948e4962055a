{#
  One row for the whole build: when dbt built this warehouse and up to when its data reaches.
  Every page shows it ("data as of …"), and the app uses built_at to notice a newer publish;
  stale_after_hours (var) is when the wall and the builds page call the data stale.
#}
with

events as (
    select * from {{ ref('fct_event') }}
),

final as (
    select
        '{{ invocation_id }}' as build_id,
        cast('{{ run_started_at.strftime("%Y-%m-%d %H:%M:%S") }}' as timestamp) as built_at,
        max(as_of_at) as as_of_at,
        max(reported_at) as last_reported_at,
        count(*) as event_count,
        {{ var('stale_after_hours') }} as stale_after_hours
    from events
)

select * from final
