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
        {{ star_except(['original']) }},
        {{ mask_personal_text('original') }} as original_masked
    from rejects
)

select * from final
