{# One row per component of a composite score and its weight (department and area schemes). #}
with

weights as (
    select * from {{ ref('kpi_weights') }}
),

final as (
    select
        scheme,
        component,
        weight,
        description
    from weights
)

select * from final
