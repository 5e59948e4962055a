{#
  One row per month × street × handling unit: how each unit handled the events located in
  one street. The street workbench ranks a street's departments with it; the indicators
  are the same kpi_rate_columns as everywhere else.
#}
with

counts as (
    select * from {{ ref('int_kpi_daily_counts') }}
),

grids as (
    select * from {{ ref('dim_grid') }}
),

orgs as (
    select * from {{ ref('dim_org') }}
),

located as (
    select
        cast(date_trunc('month', c.day) as date) as period_start,
        g.street_code,
        c.*
    from counts as c
    inner join grids as g
        on c.grid_code = g.grid_code
),

units as (
    select
        period_start,
        street_code,
        handling_org_code as org_code,
        {{ kpi_count_columns() }}
    from located
    group by period_start, street_code, handling_org_code
),

final as (
    select
        u.period_start || ':' || u.street_code || ':' || coalesce(u.org_code, '-') as street_department_key,
        u.period_start,
        u.street_code,
        u.org_code,
        coalesce(o.org_name, '未匹配单位') as org_name,
        o.org_type,
        o.handle_level,
        {{ star_except(['period_start', 'street_code', 'org_code'], 'u') }},
        {{ kpi_rate_columns() }}
    from units as u
    left join orgs as o
        on u.org_code = o.org_code
)

select * from final
