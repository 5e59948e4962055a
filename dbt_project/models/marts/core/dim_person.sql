{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_if_registry_changed(['stg_population__people', 'stg_address__addresses']) }}",
        post_hook="{{ refresh_age() }}"
    )
}}
with

documents as (
    -- the kind of document the ID column holds, and the 18-digit form a person is keyed by
    select
        *,
        {{ id_document_kind('id_number') }} as id_document_kind,
        {{ id_number_18('id_number') }} as id_number_18,
        {{ id_region_known('id_number') }} as is_id_region_known
    from {{ ref('stg_population__people') }}
),

people as (
    -- a missing birth date is read from a valid GB 11643-shaped ID number
    select
        {{ star_except(['birth_date']) }},
        coalesce(
            birth_date,
            case
                when id_document_kind in ('resident', 'resident_15', 'hmt_residence_permit')
                    then cast({{ try_parse_timestamp('substr(id_number_18, 7, 8)', ['%Y%m%d']) }} as date)
            end
        ) as birth_date
    from documents
),

addresses as (
    select address_code, grid_code, building_safety_grade, is_dangerous_building from {{ ref('dim_address') }}
),

as_of as (
    select max(as_of_at) as as_of_at from {{ ref('int_events_lifecycle') }}
),

final as (
    select
        -- salted hash: links a person across registries and events without exposing the ID
        md5('{{ var("person_salt") }}' || coalesce(p.id_number_18, p._source_file || ':' || p._row_number))
            as person_key,
        {{ mask_name('p.person_name') }} as name_masked,
        {{ mask_id_number('p.id_number') }} as id_number_masked,
        {{ mask_phone('p.phone') }} as phone_masked,
        p.id_document_kind,
        p.id_document_kind in ('resident', 'resident_15', 'hmt_residence_permit', 'foreign_permanent_residence')
            as is_id_number_valid,
        p.is_id_region_known,
        p.is_id_number_damaged,
        case when p.phone is not null then {{ phone_is_valid('p.phone') }} end as is_phone_valid,
        p.sex,
        p.birth_date,
        {{ time_diff("year", "p.birth_date", "a.as_of_at::date") }} as age,
        p.ethnicity,
        p.person_type,
        p.key_groups,
        {{ list_length('p.key_groups') }} > 0 as is_key_group,
        array_contains(p.key_groups, '独居老人') or array_contains(p.key_groups, '空巢老人') as is_elderly_alone,
        p.address_code,
        ad.grid_code,
        ad.building_safety_grade as home_safety_grade,
        coalesce(ad.is_dangerous_building, false) as is_home_dangerous,
        p.registered_on,
        p.deregistered_on,
        p.deregistered_on is null as is_active,
        p._source_file,
        p._row_number
    from people as p
    cross join as_of as a
    left join addresses as ad
        on p.address_code = ad.address_code
    qualify row_number() over (partition by person_key order by p._loaded_at desc, p._row_number asc) = 1
)

select
    *,
    {{ registry_loaded_at(['stg_population__people', 'stg_address__addresses']) }} as _registry_loaded_at,
    '{{ invocation_id }}' as _invocation_id
from final
{{ skip_if_registry_unchanged(['stg_population__people', 'stg_address__addresses']) }}
