{#
  One row per licence, with its expiry as of the data's as-of day. A registry model
  (macros/registry_models.sql): kept as it is until a new licence export is loaded; the
  expiry columns move with "now" by the post-hook.
#}
{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_if_registry_changed(['stg_legal_entity__licences']) }}",
        post_hook="{{ refresh_licence_expiry() }}"
    )
}}
with

licences as (
    select * from {{ ref('stg_legal_entity__licences') }}
),

as_of as (
    select cast(max(as_of_at) as date) as as_of_on from {{ ref('int_events_lifecycle') }}
),

final as (
    select
        md5(
            coalesce(l.uscc, '')
            || '|'
            || coalesce(l.licence_type, '')
            || '|'
            || coalesce(l.licence_no, l._source_file || ':' || l._row_number)
        )
            as licence_key,
        l.uscc,
        l.licence_type,
        l.licence_no,
        l.issued_on,
        l.expires_on,
        l.is_permanent,
        not l.is_permanent and l.expires_on < a.as_of_on as is_expired,
        case when not l.is_permanent then {{ time_diff("day", "a.as_of_on", "l.expires_on") }} end as days_to_expiry,
        l.issued_on is not null and (l.is_permanent or l.expires_on >= l.issued_on) as are_dates_valid,
        l.registration_status,
        l.address_code,
        l._source_file,
        l._row_number,
        {{ registry_loaded_at(['stg_legal_entity__licences']) }} as _registry_loaded_at,
        '{{ invocation_id }}' as _invocation_id
    from licences as l
    cross join as_of as a
    qualify row_number() over (partition by licence_key order by l._loaded_at desc) = 1
)

select * from final
{{ skip_if_registry_unchanged(['stg_legal_entity__licences']) }}
