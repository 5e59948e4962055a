"""The same dbt project on Spark (`--target spark`): built from the raw layer as Parquet, its models
hold the same rows as DuckDB's, row for row. Run by `make test-spark` (which installs Java and
pyspark); `make test` leaves these out (marker `spark`).

Covered so far: the staging layer (every source), the intermediate layer (registries, the event chain,
the address matcher, grid assignment) and the seeds they read; docs/spark.md lists what is portable."""

from __future__ import annotations

import datetime as dt
import math
import shutil

import duckdb
import pytest

from ingest.lake_parquet import export

from .conftest import run_build

pytestmark = pytest.mark.spark
pyspark = pytest.importorskip("pyspark", reason="make test-spark installs pyspark")

# the portable layers: every model here builds on both engines
PORTABLE = ["staging", "intermediate"]
# Doubles are compared within a stated tolerance: relative 1e-9 (the engines sum in different orders);
# a grid's centroid and area are computed by DuckDB's spatial extension and on Spark from the polygon's
# edges in SQL (macros/grids.sql): centroids within 1e-5 degrees (about a metre), areas within 1e-5.
REL_TOLERANCE = 1e-9
COLUMN_TOLERANCE = {  # column → (relative, absolute)
    "centroid_lng": (0, 1e-5),
    "centroid_lat": (0, 1e-5),
    "area_km2": (1e-5, 0),
    # an event placed at its grid's centroid (estate, reported grid) carries the centroid
    "lng": (0, 1e-5),
    "lat": (0, 1e-5),
    "text_grid_lng": (0, 1e-5),
    "text_grid_lat": (0, 1e-5),
}
SKIPPED_COLUMNS = {"_invocation_id", "geom"}  # a build's id; DuckDB's geometry type (Spark keeps the GeoJSON)


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory, loaded_district):
    """The small district's staging layer built by DuckDB and by Spark from the same raw layer."""
    root, _, _ = loaded_district
    work = tmp_path_factory.mktemp("spark")
    lake = work / "lake.duckdb"
    shutil.copyfile(root / "lake.duckdb", lake)
    export(lake)
    selector = " ".join(f"+{layer}" for layer in PORTABLE)
    duck = run_build(lake, work / "warehouse.duckdb", "build", "--select", selector)
    assert duck.returncode == 0, duck.stdout[-3000:] + duck.stderr[-2000:]
    spark = run_build(lake, work / "unused.duckdb", "build", "--target", "spark", "--select", selector)
    assert spark.returncode == 0, spark.stdout[-6000:] + spark.stderr[-3000:]
    return work


def _spark_session(spark_dir):
    from pyspark.sql import SparkSession

    return (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.warehouse.dir", f"{spark_dir}/warehouse")
        .config(
            "spark.hadoop.javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={spark_dir}/metastore"
        )
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.log.level", "ERROR")
        .enableHiveSupport()
        .getOrCreate()
    )


def _normal(value):
    """A value as both engines' rows are compared: lists as tuples, datetimes without a zone."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return tuple(_normal(v) for v in value)
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return value


def _sort_key(row) -> str:
    # doubles rounded coarsely for the order only: rows that differ within the tolerance sort alike
    return repr(tuple(round(v, 3) if isinstance(v, float) else v for v in row))


def _rows(records) -> list[tuple]:
    return sorted((tuple(_normal(v) for v in r) for r in records), key=_sort_key)


def _same(column: str, a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        rel, abs_ = COLUMN_TOLERANCE.get(column, (REL_TOLERANCE, 0.0))
        return math.isclose(a, b, rel_tol=max(rel, REL_TOLERANCE), abs_tol=abs_)
    return a == b


def _models(work) -> list[tuple[str, str]]:
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    try:
        return [
            (r[0], r[1])
            for r in con.execute(
                "select table_schema, table_name from information_schema.tables where table_schema in ?",
                [PORTABLE],
            ).fetchall()
        ]
    finally:
        con.close()


def test_every_portable_model_holds_the_same_rows_on_spark_and_duckdb(both_engines):
    work = both_engines
    spark = _spark_session(work / "spark")
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    con.execute(f"attach '{work / 'lake.duckdb'}' as lake (read_only)")  # DuckDB's staging views read it
    try:
        compared = []
        for layer, model in _models(work):
            duck = con.execute(f"select * from {layer}.{model}")
            columns = [d[0] for d in duck.description if d[0] not in SKIPPED_COLUMNS]
            duck_rows = _rows(tuple(r[i] for i, d in enumerate(duck.description) if d[0] not in SKIPPED_COLUMNS)
                              for r in duck.fetchall())  # fmt: skip
            spark_df = spark.table(f"{layer}.{model}").select(*columns)
            spark_rows = _rows(tuple(r) for r in spark_df.collect())
            assert len(spark_rows) == len(duck_rows), (model, len(spark_rows), len(duck_rows))
            differ = [
                (c, d, s)
                for drow, srow in zip(duck_rows, spark_rows, strict=True)
                for c, d, s in zip(columns, drow, srow, strict=True)
                if not _same(c, d, s)
            ]
            assert not differ, (model, len(differ), differ[:5])
            compared.append((model, len(duck_rows)))
        assert len(compared) >= 30, compared
        assert all(n > 0 for m, n in compared if m != "stg_ingest_manifest__rejects"), compared
    finally:
        con.close()
        spark.stop()
