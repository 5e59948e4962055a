{#
  One row per period (day / week / month) × area (district / street / community / grid):
  the counts and every indicator of docs/domain.md §4 (formulas in macro kpi_rate_columns).
  Events that could not be placed in a grid count at district level only.
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

-- day × grid first (the daily counts are also split by handling org and source): the periods
-- below triple the rows, so this keeps the build cost to days × grids
daily as (
    select
        day,
        grid_code,
        {{ kpi_count_columns() }}
    from ({{ kpi_report_days() }})
    group by day, grid_code
),

counts as (
    select
        k.*,
        g.street_code,
        g.street_name,
        g.community_code,
        g.community_name,
        g.grid_name
    from daily as k
    left join {{ ref('dim_grid') }} as g
        on k.grid_code = g.grid_code
),

periods as (
    {{ kpi_report_periods('counts') }}
),

areas as (
    select
        period_type, period_start,
        'district' as area_level, '{{ var("district_code") }}' as area_code, '{{ var("district_name") }}' as area_name,
        cast(null as string) as parent_area_code,
        {{ kpi_count_columns() }}
    from periods
    group by period_type, period_start

    union all

    select
        period_type, period_start, 'street', street_code, street_name, '{{ var("district_code") }}',
        {{ kpi_count_columns() }}
    from periods
    where street_code is not null
    group by period_type, period_start, street_code, street_name

    union all

    select
        period_type, period_start, 'community', community_code, community_name, street_code,
        {{ kpi_count_columns() }}
    from periods
    where community_code is not null
    group by period_type, period_start, community_code, community_name, street_code

    union all

    select
        period_type, period_start, 'grid', grid_code, grid_name, community_code,
        {{ kpi_count_columns() }}
    from periods
    where grid_code is not null and grid_name is not null
    group by period_type, period_start, grid_code, grid_name, community_code
),

final as (
    select
        *,
        {{ kpi_rate_columns() }},
        '{{ invocation_id }}' as _invocation_id
    from areas
)

select * from final
