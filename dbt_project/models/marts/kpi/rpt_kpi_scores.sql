{#
  One row per month × assessed unit: the composite assessment score (考核) and its grade.
  Areas (street, community, grid) use the area scheme, district departments the department
  scheme; weights, count tiers and grade bands are seeds (kpi_weights, kpi_count_tiers,
  kpi_grades) — verify them with the city before calling them normative.
#}
with

areas as (
    select * from {{ ref('rpt_kpi_area') }}
    where period_type = 'month' and area_level in ('street', 'community', 'grid')
),

departments as (
    select * from {{ ref('rpt_kpi_department') }}
    where period_type = 'month' and org_type = '区级部门'
),

grid_counts as (
    select street_code as area_code, count(*) as grid_count from {{ ref('dim_grid') }} group by street_code
    union all
    select community_code, count(*) from {{ ref('dim_grid') }} group by community_code
    union all
    select grid_code, 1 from {{ ref('dim_grid') }}
),

-- the street each area unit belongs to (a street is its own): its rank among its street's units
unit_streets as (
    select distinct street_code as unit_code, street_code from {{ ref('dim_grid') }}
    union all
    select distinct community_code, street_code from {{ ref('dim_grid') }}
    union all
    select grid_code, street_code from {{ ref('dim_grid') }}
),

weights as (
    select * from {{ ref('kpi_weights') }}
),

tiers as (
    select * from {{ ref('kpi_count_tiers') }}
),

grades as (
    select * from {{ ref('kpi_grades') }}
),

area_components as (
    select
        a.period_start,
        a.area_level as unit_level,
        a.area_code as unit_code,
        a.area_name as unit_name,
        'area' as scheme,
        a.registered_count,
        a.closure_rate,
        a.on_time_closure_rate,
        a.on_time_handling_rate,
        a.rework_rate,
        a.patrol_report_rate,
        a.registered_count / g.grid_count as events_per_grid
    from areas as a
    inner join grid_counts as g
        on a.area_code = g.area_code
),

department_components as (
    select
        period_start,
        'department' as unit_level,
        org_code as unit_code,
        org_name as unit_name,
        'department' as scheme,
        registered_count,
        closure_rate,
        on_time_closure_rate,
        on_time_handling_rate,
        rework_rate,
        patrol_report_rate,
        cast(registered_count as double) as events_per_grid
    from departments
),

components as (
    select * from area_components
    union all
    select * from department_components
),

scored as (
    select
        c.*,
        (
            select t.score from tiers as t
            where t.scheme = c.scheme and c.events_per_grid <= t.max_events_per_grid
            order by t.max_events_per_grid
            limit 1
        ) as case_count_score
    from components as c
),

weighted as (
    select
        s.*,
        -- summed as decimals and rounded half up: the same score whatever order an engine adds in
        cast(round(
            sum(cast(
                w.weight * case w.component
                    when 'case_count_score' then s.case_count_score
                    when 'report_rate_score' then 100 * coalesce(s.patrol_report_rate, 0)
                    when 'closure_rate' then 100 * coalesce(s.closure_rate, 0)
                    when 'on_time_closure_rate' then 100 * coalesce(s.on_time_closure_rate, 0)
                    when 'on_time_handling_rate' then 100 * coalesce(s.on_time_handling_rate, 0)
                    when 'one_minus_rework_rate' then 100 * (1 - coalesce(s.rework_rate, 0))
                end as decimal(38, 10)
            )),
            2
        ) as double) as composite_score
    from scored as s
    inner join weights as w
        on s.scheme = w.scheme
    group by all
),

final as (
    select
        w.*,
        (select g.grade from grades as g where w.composite_score >= g.min_score order by g.min_score desc limit 1)
            as grade,
        rank() over (partition by w.period_start, w.unit_level order by w.composite_score desc) as unit_rank,
        us.street_code,
        case when us.street_code is not null then
                rank() over (
                    partition by w.period_start, w.unit_level, us.street_code order by w.composite_score desc
                )
        end as street_rank
    from weighted as w
    left join unit_streets as us
        on w.unit_level != 'department' and w.unit_code = us.unit_code
)

select * from final
