{#
  One row per file the loader has seen, as of this build: the steward's ingest page. A quarantined
  file is superseded when the same content loaded later (a steward released it, or a fixed copy came).
#}
with

loads as (
    select * from {{ ref('stg_ingest_manifest__loads') }}
),

loaded_content as (
    select distinct sha256 from loads where status = 'loaded'
),

final as (
    select
        l.load_id,
        l.source,
        l.file_path,
        l.status,
        l.encoding,
        l.reader,
        l.header_row,
        l.rows_in,
        l.rows_loaded,
        l.rows_rejected,
        l.reason,
        l.loaded_at,
        round(l.duration_ms) as duration_ms,
        l.status = 'quarantined' and c.sha256 is not null as is_superseded
    from loads as l
    left join loaded_content as c
        on l.sha256 = c.sha256
)

select * from final
