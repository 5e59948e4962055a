"""The same dbt project on Spark (`--target spark`): built from the raw layer as Parquet, its models
hold the same rows as DuckDB's, row for row. Run by `make test-spark` (which installs Java and
pyspark); `make test` leaves these out (marker `spark`).

Every layer: staging (every source), intermediate (registries, the event chain, the address matcher,
grid assignment), the marts and the restricted marts, with their data and unit tests on both engines;
then the Spark build is published into a DuckDB file the app reads (ingest/serve_spark.py).
docs/spark.md says how."""

from __future__ import annotations

import datetime as dt
import json
import math
import shutil

import duckdb
import pytest

from ingest.lake_parquet import export

from .conftest import run_build

pytestmark = pytest.mark.spark
pyspark = pytest.importorskip("pyspark", reason="make test-spark installs pyspark")

# the portable layers: every model here builds on both engines
PORTABLE = ["staging", "intermediate", "marts", "restricted"]
# Doubles are compared within a stated tolerance: relative 1e-9 (the engines sum in different orders);
# a grid's centroid and area are computed by DuckDB's spatial extension and on Spark from the polygon's
# edges in SQL (macros/grids.sql): centroids (and what is placed at them) within 5e-5 degrees (about 5 m), areas
# within 1e-5.
REL_TOLERANCE = 1e-9
COLUMN_TOLERANCE = {  # column → (relative, absolute)
    "centroid_lng": (0, 5e-5),
    "centroid_lat": (0, 5e-5),
    "area_km2": (1e-5, 0),
    # an event placed at its grid's centroid (estate, reported grid) carries the centroid
    "lng": (0, 5e-5),
    "lat": (0, 5e-5),
    "text_grid_lng": (0, 5e-5),
    "label_lng": (0, 5e-5),
    "label_lat": (0, 5e-5),
    "text_grid_lat": (0, 5e-5),
}
SKIPPED_COLUMNS = {
    "_invocation_id",  # the build's own id
    "build_id",
    "built_at",  # when the build started
    "geom",  # DuckDB's geometry type (Spark keeps the GeoJSON text)
    "boundary_geojson",  # a street: the union polygon on DuckDB, its outline's segments on Spark (compared below)
}


@pytest.fixture(scope="module")
def both_engines(tmp_path_factory, loaded_district):
    """The small district built by DuckDB and by Spark from the same raw layer (every model and test)."""
    root, _, _ = loaded_district
    work = tmp_path_factory.mktemp("spark")
    lake = work / "lake.duckdb"
    shutil.copyfile(root / "lake.duckdb", lake)
    export(lake)
    duck = run_build(lake, work / "warehouse.duckdb", "build")
    assert duck.returncode == 0, duck.stdout[-3000:] + duck.stderr[-2000:]
    spark = run_build(lake, work / "unused.duckdb", "build", "--target", "spark")
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
        .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={spark_dir}")  # derby.log there
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
                "select table_schema, table_name from information_schema.tables where table_schema in ? "
                "and table_name not like '%\\_\\_as\\_of' escape '\\'",  # a day's build's bookkeeping (DuckDB only)
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
        rows = dict(compared)
        # the comparison means something: the event chain and what the wall reads hold rows (a full
        # build's day-build scope int_events_dedup_touched, the rejects or a small district's petition
        # backlog may be empty on both)
        for model in ("stg_hotline_12345__work_orders", "int_events_geocoded", "fct_event", "fct_event_step",
                      "int_address_texts_matched", "rpt_kpi_scores", "rpt_screen_wall_kpis", "dim_person"):  # fmt: skip
            assert rows.get(model, 0) > 0, (model, compared)
        assert sum(n > 0 for n in rows.values()) >= 0.85 * len(rows), compared
    finally:
        con.close()
        spark.stop()


def _segments(geojson: str) -> set[tuple]:
    """A street outline as undirected segments, whatever geometry carries it."""
    geometry = json.loads(geojson)
    if geometry["type"] == "MultiLineString":
        lines = geometry["coordinates"]
    else:
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
        lines = [ring for polygon in polygons for ring in polygon]
    out = set()
    for line in lines:
        for a, b in zip(line, line[1:], strict=False):
            a, b = tuple(round(v, 9) for v in a), tuple(round(v, 9) for v in b)
            out.add((min(a, b), max(a, b)))
    return out


def test_street_outlines_are_the_same_lines_on_both_engines(both_engines):
    work = both_engines
    spark = _spark_session(work / "spark")
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    try:
        duck = dict(
            con.execute("select street_code, boundary_geojson from marts.rpt_screen_wall_streets").fetchall()
        )
        sparks = {
            r[0]: r[1]
            for r in spark.table("marts.rpt_screen_wall_streets")
            .select("street_code", "boundary_geojson")
            .collect()
        }
    finally:
        con.close()
        spark.stop()
    assert duck.keys() == sparks.keys() and duck
    for street, geojson in duck.items():
        assert _segments(geojson) == _segments(sparks[street]), street


def test_a_spark_build_is_served_from_duckdb_like_a_duckdb_build(both_engines, tmp_path):
    """Every table of the Spark build lands in a DuckDB file with DuckDB's own types (timestamps without a
    zone), and the app's marts hold the same rows there as in the DuckDB build."""
    from ingest.serve_spark import copy_into_duckdb

    work = both_engines
    served = tmp_path / "served.duckdb"
    assert copy_into_duckdb(work / "spark", served, out=lambda _: None) >= 60
    con = duckdb.connect(str(served), read_only=True)
    con.execute(f"attach '{work / 'warehouse.duckdb'}' as duck (read_only)")
    try:
        zoned = con.execute(
            "select table_schema || '.' || table_name || '.' || column_name from information_schema.columns "
            "where table_catalog = 'served' and data_type like 'TIMESTAMP WITH TIME ZONE'"
        ).fetchall()
        assert not zoned
        for table in ("rpt_screen_wall_kpis", "rpt_kpi_scores", "fct_event", "rpt_risk_vulnerable_residents"):
            columns = [
                c
                for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_catalog = 'duck' "
                    "and table_schema = 'marts' and table_name = ? and column_name not in ('_invocation_id')",
                    [table],
                ).fetchall()
            ]
            served_types = dict(con.execute(
                "select column_name, data_type from information_schema.columns where table_catalog = 'served' "
                "and table_schema = 'marts' and table_name = ?", [table]).fetchall())  # fmt: skip
            duck_types = dict(con.execute(
                "select column_name, data_type from information_schema.columns where table_catalog = 'duck' "
                "and table_schema = 'marts' and table_name = ?", [table]).fetchall())  # fmt: skip
            timestamps = [c for c in columns if duck_types[c].startswith("TIMESTAMP")]
            assert all(served_types[c] == "TIMESTAMP" for c in timestamps), (table, served_types)
            counts = con.execute(
                f"select (select count(*) from served.marts.{table}), (select count(*) from duck.marts.{table})"
            ).fetchone()
            assert counts[0] == counts[1] > 0, (table, counts)
    finally:
        con.close()
