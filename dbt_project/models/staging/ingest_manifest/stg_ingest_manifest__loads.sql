{# One row per file the loader has seen (raw._loads): what it was, what became of it, and why. #}
with

source as (
    select * from {{ source('ingest_manifest', '_loads') }}
),

final as (
    select
        load_id,
        source,
        file_name,
        file_path,
        sha256,
        size_bytes,
        format,
        encoding,
        reader,
        status,
        rows_in,
        rows_loaded,
        rows_rejected,
        reason,
        header_row,
        duplicate_of,
        loaded_at,
        duration_ms
    from source
)

select * from final
