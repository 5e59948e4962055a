{#
  One row per period (day / week / month) × handling unit (district department, street
  office, community): counts and indicators for the unit the events were assigned to.
  Events whose unit could not be mapped appear under org_code null ("unmapped").
  Incremental: a daily build recounts only the days, weeks and months it changed
  (macros/kpi_incremental.sql).
#}
{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ kpi_delete_changed_periods() }}",
        post_hook="{{ kpi_remember_as_of() }}"
    )
}}
-- depends_on: {{ ref('fct_event') }} {{ ref('int_events_lifecycle') }} (the changed days, macros/kpi_incremental.sql)
with

{{ kpi_changed_ctes(periods=true) }}

counts as (
    {{ kpi_report_days() }}
),

orgs as (
    select * from {{ ref('dim_org') }}
),

periods as (
    {{ kpi_report_periods('counts') }}
),

units as (
    select
        period_type,
        period_start,
        handling_org_code as org_code,
        {{ kpi_count_columns() }}
    from periods
    group by period_type, period_start, handling_org_code
),

final as (
    select
        u.period_type,
        u.period_start,
        u.org_code,
        coalesce(o.org_name, '未匹配单位') as org_name,
        o.org_type,
        o.handle_level,
        {{ star_except(['period_type', 'period_start', 'org_code'], 'u') }},
        {{ kpi_rate_columns() }},
        '{{ invocation_id }}' as _invocation_id
    from units as u
    left join orgs as o
        on u.org_code = o.org_code
)

select * from final
