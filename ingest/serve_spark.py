"""After a build on Spark: the warehouse the app reads, as a DuckDB file.

Spark keeps each table it built as Parquet under its warehouse folder (`<schema>.db/<table>/`).
`copy_into_duckdb` writes every one of them — staging, intermediate, marts, restricted, seeds — into a
new DuckDB file with the same schema and table names, so the warehouse checks, the publish swap and
the app read it exactly as they read a DuckDB build (the app does not know which engine built it).
Spark writes timestamps with a zone (its session zone is UTC and the values are China Standard Time
written without one): they are stored back as plain timestamps, the values unchanged.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# Spark's own schemas that are not the warehouse: the raw layer's tables over the Parquet lake
SKIPPED_SCHEMAS = {"raw", "default"}


def spark_tables(spark_dir: Path) -> list[tuple[str, str, Path]]:
    """(schema, table, folder) of every table Spark built under spark_dir/warehouse."""
    found = []
    for schema_dir in sorted((spark_dir / "warehouse").glob("*.db")):
        schema = schema_dir.name.removesuffix(".db")
        if schema in SKIPPED_SCHEMAS:
            continue
        for table_dir in sorted(p for p in schema_dir.iterdir() if p.is_dir()):
            found.append((schema, table_dir.name, table_dir))
    return found


def copy_into_duckdb(spark_dir: Path, warehouse: Path, out=print) -> int:
    """Write every Spark table into `warehouse` (a new DuckDB file); returns the number of tables."""
    tables = spark_tables(spark_dir)
    if not tables:
        raise FileNotFoundError(f"no tables built by Spark under {spark_dir / 'warehouse'}")
    con = duckdb.connect(str(warehouse))
    try:
        con.execute("set timezone = 'UTC'")
        for schema, table, folder in tables:
            con.execute(f'create schema if not exists "{schema}"')
            files = sorted(str(p) for p in folder.glob("*.parquet"))
            if not files:
                continue  # Spark writes a file even for an empty table: a folder without one is not a table
            source = f"read_parquet({files!r})"
            kinds = con.execute(f"describe select * from {source}").fetchall()
            select = ", ".join(
                f'cast("{name}" as timestamp) as "{name}"'
                if kind == "TIMESTAMP WITH TIME ZONE"
                else f'"{name}"'
                for name, kind, *_ in kinds
            )
            con.execute(f'create or replace table "{schema}"."{table}" as select {select} from {source}')
        con.execute("checkpoint")
    finally:
        con.close()
    out(f"Spark → DuckDB: {len(tables)} tables written to {warehouse}")
    return len(tables)
