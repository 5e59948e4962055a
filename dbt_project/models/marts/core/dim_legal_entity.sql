{#
  One row per legal entity (unified social credit code). A registry model
  (macros/registry_models.sql): kept as it is until a new licence or address export is
  loaded; its expired-licence count moves with "now" by the post-hook.
#}
{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_if_registry_changed(['stg_legal_entity__licences', 'stg_address__addresses']) }}",
        post_hook="{{ refresh_expired_licence_count() }}"
    )
}}
with

licences as (
    select * from {{ ref('fct_licence') }}
),

entities as (
    select
        uscc,
        {{ latest_non_null('entity_name', ['_loaded_at', '_row_number']) }} as entity_name,
        {{ latest_non_null('legal_representative', ['_loaded_at', '_row_number']) }} as legal_representative,
        {{ latest_non_null('founded_on', ['_loaded_at', '_row_number']) }} as founded_on,
        {{ latest_non_null('address_text', ['_loaded_at', '_row_number']) }} as address_text,
        {{ latest_non_null('address_code', ['_loaded_at', '_row_number']) }} as address_code,
        {{ latest_non_null('industry_code', ['_loaded_at', '_row_number']) }} as industry_code,
        {{ latest_non_null('registration_status', ['_loaded_at', '_row_number']) }} as registration_status,
        bool_or(is_uscc_damaged) as is_uscc_damaged
    from {{ ref('stg_legal_entity__licences') }}
    where uscc is not null
    group by uscc
),

licence_counts as (
    select uscc, count(*) as licence_count, count(*) filter (where is_expired) as expired_licence_count
    from licences
    group by uscc
),

final as (
    select
        e.uscc,
        e.entity_name,
        {{ mask_name('e.legal_representative') }} as legal_representative_masked,
        e.founded_on,
        e.address_text,
        e.address_code,
        ad.grid_code,
        e.industry_code,
        coalesce(ic.industry_name, id.industry_name) as industry_name,
        coalesce(ic.industry_name_en, id.industry_name_en) as industry_name_en,
        e.registration_status,
        e.registration_status = '存续' as is_active,
        {{ uscc_is_valid('e.uscc') }} and {{ uscc_org_code_is_valid('e.uscc') }} as is_uscc_valid,
        e.is_uscc_damaged,
        coalesce(l.licence_count, 0) as licence_count,
        coalesce(l.expired_licence_count, 0) as expired_licence_count,
        {{ registry_loaded_at(['stg_legal_entity__licences', 'stg_address__addresses']) }} as _registry_loaded_at,
        '{{ invocation_id }}' as _invocation_id
    from entities as e
    left join licence_counts as l
        on e.uscc = l.uscc
    left join {{ ref('int_addresses_indexed') }} as ad
        on e.address_code = ad.address_code
    -- the class names the industry; a class the seed lacks is named by its division (first 2 digits)
    left join {{ ref('industry_classes') }} as ic
        on e.industry_code = ic.industry_code
    left join {{ ref('industry_classes') }} as id
        on left(e.industry_code, 2) = id.industry_code
)

select * from final
{{ skip_if_registry_unchanged(['stg_legal_entity__licences', 'stg_address__addresses']) }}
