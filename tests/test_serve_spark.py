"""Serving a Spark build (ingest/serve_spark.py) without Spark: the Parquet folders Spark leaves under its
warehouse become the DuckDB file's tables, zoned timestamps come back as plain ones with the same values,
Spark's own schemas stay out, and an empty warehouse is an error, not an empty publish."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from ingest.serve_spark import copy_into_duckdb, spark_tables


def _spark_like(tmp_path):
    """A Spark warehouse folder as Spark writes it: <schema>.db/<table>/part-*.parquet (+ _SUCCESS)."""
    warehouse = tmp_path / "spark" / "warehouse"
    con = duckdb.connect()
    con.execute("set timezone = 'UTC'")
    for schema, table, sql in [
        (
            "marts",
            "fct_event",
            "select 'e1' as event_key, timestamptz '2026-11-20 08:30:00+00' as reported_at, 1.5 as x",
        ),
        ("marts", "rpt_screen_wall_kpis", "select 3 as n, ['a', 'b'] as codes"),
        ("intermediate", "int_events_unioned", "select 'e1' as event_key"),
        (
            "raw",
            "hotline_12345__work_orders",
            "select 'raw' as v",
        ),  # Spark's tables over the lake: not served
    ]:
        folder = warehouse / f"{schema}.db" / table
        folder.mkdir(parents=True)
        con.execute(f"copy ({sql}) to '{folder / 'part-00000.parquet'}' (format parquet)")
        (folder / "_SUCCESS").write_text("")
    con.close()
    return tmp_path / "spark"


def test_every_spark_table_lands_in_duckdb_with_plain_timestamps(tmp_path):
    spark_dir = _spark_like(tmp_path)
    assert {(s, t) for s, t, _ in spark_tables(spark_dir)} == {
        ("marts", "fct_event"),
        ("marts", "rpt_screen_wall_kpis"),
        ("intermediate", "int_events_unioned"),
    }
    served = tmp_path / "warehouse.duckdb"
    assert copy_into_duckdb(spark_dir, served, out=lambda _: None) == 3
    con = duckdb.connect(str(served), read_only=True)
    try:
        assert con.execute("select reported_at, x from marts.fct_event").fetchone() == (
            dt.datetime(2026, 11, 20, 8, 30),
            1.5,
        )
        kinds = dict(
            con.execute(
                "select column_name, data_type from information_schema.columns where table_name = 'fct_event'"
            ).fetchall()
        )
        assert kinds["reported_at"] == "TIMESTAMP"
        assert con.execute("select codes from marts.rpt_screen_wall_kpis").fetchone() == (["a", "b"],)
        assert not con.execute(
            "select * from information_schema.tables where table_schema = 'raw'"
        ).fetchall()
    finally:
        con.close()


def test_a_spark_warehouse_with_no_tables_is_refused(tmp_path):
    (tmp_path / "spark" / "warehouse").mkdir(parents=True)
    with pytest.raises(FileNotFoundError, match="no tables built by Spark"):
        copy_into_duckdb(tmp_path / "spark", tmp_path / "warehouse.duckdb", out=lambda _: None)
