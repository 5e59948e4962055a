{# One row per licence of an active (存续) entity that has expired or expires within the warning window. #}
with

licences as (
    select * from {{ ref('fct_licence') }}
),

entities as (
    select * from {{ ref('dim_legal_entity') }}
),

final as (
    select
        l.licence_key,
        e.uscc,
        e.entity_name,
        e.address_text,
        e.grid_code,
        e.industry_code,
        e.industry_name,
        e.industry_name_en,
        l.licence_type,
        l.licence_no,
        l.issued_on,
        l.expires_on,
        l.days_to_expiry,
        l.is_expired,
        case when l.is_expired then 'expired' else 'expiring' end as licence_risk
    from licences as l
    inner join entities as e
        on l.uscc = e.uscc
    where e.is_active
        and not l.is_permanent
        and l.days_to_expiry <= {{ kpi_parameter('licence_expiry_warning_days') }}
)

select * from final
