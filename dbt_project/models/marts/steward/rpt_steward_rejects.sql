{#
  One row per rejected source row, as of this build, with the row as exported masked (the same rule
  as every screen: macro mask_personal_text). The raw layer keeps it unmasked.
#}
with

rejects as (
    select * from {{ ref('stg_ingest_manifest__rejects') }}
),

final as (
    select
        load_id,
        source,
        file_name,
        row_number,
        field,
        reason,
        {{ mask_personal_text('original') }} as original_masked,
        rejected_at
    from rejects
)

select * from final
