{{
    config(
        materialized=incremental_where_supported(),
        incremental_strategy='append',
        on_schema_change='fail',
        schema='restricted',
        pre_hook="{{ delete_if_registry_changed(['stg_population__people', 'stg_address__addresses']) }}"
    )
}}
{#
  One row per person: the unmasked name, ID number and phone behind dim_person's masked
  columns. Kept in its own schema so that a grant, a backup policy or an export rule can
  exclude it; the app reads it only for roles allowed to unmask, and audits every read.
#}
with

persons as (
    select
        person_key,
        _source_file,
        _row_number
    from {{ ref('dim_person') }}
),

people as (
    select
        person_name,
        id_number,
        phone,
        _source_file,
        _row_number
    from {{ ref('stg_population__people') }}
),

final as (
    select
        persons.person_key,
        people.person_name,
        people.id_number,
        people.phone
    from persons
    inner join people
        on persons._source_file = people._source_file
            and persons._row_number = people._row_number
)

select
    *,
    {{ registry_loaded_at(['stg_population__people', 'stg_address__addresses']) }} as _registry_loaded_at,
    '{{ invocation_id }}' as _invocation_id
from final
{{ skip_if_registry_unchanged(['stg_population__people', 'stg_address__addresses']) }}
