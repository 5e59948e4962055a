"""Yiping's data-quality checks, on Great Expectations 1.x (pandas batches).

- `gates/<source>.py` — the ingest gate of one source: what a new export must satisfy before
  its rows are promoted into the raw layer (`ingest/loader.py` calls `gate.check_batch`).
- `warehouse_checks.py` — checks on a finished dbt build, on aggregates (never the facts).
- `custom.py` — expectations Great Expectations does not ship: GB 11643 ID numbers, GB 32100
  credit codes, phone numbers.
- `store.py` — the `quality` schema (runs, results, failing-row samples, masked).
- `data_docs.py` — Great Expectations Data Docs, made to work offline.
- `staging_sql.py` — the dbt staging SQL rendered over one batch, so gates type values exactly
  as the warehouse does.
"""
