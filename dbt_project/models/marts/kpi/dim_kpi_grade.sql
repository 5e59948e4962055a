{# One row per grade band of the composite score. #}
with

grades as (
    select * from {{ ref('kpi_grades') }}
),

final as (
    select
        grade,
        min_score
    from grades
)

select * from final
