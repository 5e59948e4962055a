"""The raw layer in an open format, for an engine that cannot read DuckDB's file (Spark).

Every table of the lake's `raw` schema becomes a folder of Parquet: a source table one file per load
(hive-style `_load_id=<load>/`, the load id being the partition), the manifest tables (`_loads`,
`_rejects`) one file each. Values stay as the loader stored them (text, plus the lineage columns).
The copy is written beside the previous one and swapped in whole, so a reader sees one complete
export or the one before; the lake's manifest stays the source of truth (a load the manifest does not
list is not in the lake, so it is not exported). `python -m ingest lake-parquet` writes it; the Spark
target reads it (dbt_project/macros/spark_raw_tables.sql).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

RAW_SCHEMA = "raw"


def default_folder(lake: Path) -> Path:
    """Where the Parquet copy of `lake` lives unless told otherwise: `parquet/` beside it."""
    return lake.resolve().parent / "parquet"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def export(lake: Path, folder: Path | None = None) -> dict[str, int]:
    """Write every raw table of `lake` as Parquet under `folder`; rows per table."""
    folder = (folder or default_folder(lake)).resolve()
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    rows: dict[str, int] = {}
    con = duckdb.connect(str(lake), read_only=True)
    try:
        tables = [
            t
            for (t,) in con.execute(
                "select table_name from information_schema.tables where table_schema = ? order by 1",
                [RAW_SCHEMA],
            ).fetchall()
        ]
        for table in tables:
            columns = {
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_schema = ? and table_name = ?",
                    [RAW_SCHEMA, table],
                ).fetchall()
            }
            target = partial / table
            relation = f"{RAW_SCHEMA}.{_quote(table)}"
            # COPY answers with the rows it wrote
            if "_load_id" in columns:
                rows[table] = con.execute(
                    f"copy (select * from {relation}) to '{target}' "
                    "(format parquet, partition_by (_load_id), write_partition_columns false)"
                ).fetchone()[0]
                target.mkdir(exist_ok=True)  # an empty table is an empty folder
            else:
                target.mkdir()
                rows[table] = con.execute(
                    f"copy (select * from {relation}) to '{target / 'data.parquet'}' (format parquet)"
                ).fetchone()[0]
    finally:
        con.close()
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    partial.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return rows
