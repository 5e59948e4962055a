{#
  One row per source row the loader rejected (raw._rejects): file, row, field, reason, the row as
  exported. A lake written before rejected rows carried their time has no rejected_at until its
  next load adds the column: null here until then.
#}
{%- set has_time = execute and 'rejected_at' in (
    adapter.get_columns_in_relation(source('ingest_manifest', '_rejects')) | map(attribute='name') | list
) %}
with

source as (
    select * from {{ source('ingest_manifest', '_rejects') }}
),

final as (
    select
        load_id,
        source,
        file_name,
        row_number,
        field,
        reason,
        original,
        {{ 'rejected_at' if has_time else 'cast(null as timestamp) as rejected_at' }}
    from source
)

select * from final
