{#
  One row per period (day / week / month) × handling unit (district department, street
  office, community): counts and indicators for the unit the events were assigned to.
  Events whose unit could not be mapped appear under org_code null ("unmapped").
#}
with

counts as (
    select * from {{ ref('int_kpi_daily_counts') }}
),

orgs as (
    select * from {{ ref('dim_org') }}
),

periods as (
    {{ kpi_periods('counts') }}
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
        u.* exclude (period_type, period_start, org_code),
        {{ kpi_rate_columns() }}
    from units as u
    left join orgs as o
        on u.org_code = o.org_code
)

select * from final
