"""The side-by-side peer: the wall's queries and a fact-table KPI on PostgreSQL (Debian's package),
same data, indexed as a user would. A throw-away cluster in a temporary folder of the postgres user's
(the bench district's folder is private to Yiping's account: ingest's umask), run as that user."""

from __future__ import annotations

import glob
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

PORT = 55432
FACT_COLUMNS = [
    "event_key",
    "source",
    "reported_on",
    "lifecycle_state",
    "is_overdue_open",
    "is_closed",
    "is_closed_on_time",
    "grid_code",
    "category_code",
]
WALL_TABLES = [
    "rpt_build_info",
    "rpt_screen_wall_kpis",
    "rpt_screen_wall_grid_map",
    "rpt_screen_wall_streets",
    "rpt_screen_wall_trend_daily",
    "rpt_screen_wall_trend_monthly",
    "rpt_screen_wall_top_categories",
    "rpt_screen_wall_street_ranking",
    "rpt_screen_wall_flow",
    "rpt_screen_wall_ticker",
    "rpt_screen_wall_alerts",
]
FACT_KPI = "select count(*) filter (where is_overdue_open) from marts.fct_event"


def _bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed (apt-get install postgresql)")
    return Path(found[-1]).parent


def _pg_ctl(pg_bin: Path, data: Path, action: str) -> None:
    """Start or restart the throw-away cluster: socket in /tmp on PORT, no TCP."""
    options = f"-p {PORT} -k /tmp -c listen_addresses= -c shared_buffers=1GB -c work_mem=64MB"
    _as_postgres(
        str(pg_bin / "pg_ctl"), "-D", str(data / "db"), "-l", str(data / "log"), "-w", "-o", options, action
    )


def _as_postgres(*command: str) -> None:
    done = subprocess.run(
        ["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, cwd="/tmp"
    )
    if done.returncode != 0:
        raise RuntimeError(f"{command[0]} failed: {done.stdout[-500:]} {done.stderr[-500:]}")


def _pg_type(duck_type: str) -> str:
    t = duck_type.upper()
    if t.startswith(("DECIMAL", "DOUBLE", "FLOAT", "REAL")):
        return "double precision"
    if t in ("BIGINT", "HUGEINT", "UBIGINT"):
        return "numeric" if t == "HUGEINT" else "bigint"
    if t in ("INTEGER", "SMALLINT", "TINYINT"):
        return "integer"
    if t == "BOOLEAN":
        return "boolean"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "timestamp"
    return "text"


def compare(work: Path, wall_sql: list[str]) -> dict:
    import duckdb
    import psycopg

    pg_bin = _bin()
    work = work.resolve()
    data = Path(tempfile.mkdtemp(prefix="yiping-bench-pg-"))
    shutil.chown(data, "postgres", "postgres")
    _as_postgres(str(pg_bin / "initdb"), "-D", str(data / "db"), "-A", "trust", "-E", "UTF8", "--no-locale")
    _pg_ctl(pg_bin, data, "start")
    figures = {}
    try:
        duck = duckdb.connect()
        duck.execute(f"attach '{work / 'warehouse.duckdb'}' as w (read_only)")
        exports = data / "csv"
        exports.mkdir()
        shutil.chown(exports, "postgres", "postgres")
        t0 = time.perf_counter()
        with psycopg.connect(f"host=/tmp port={PORT} user=postgres dbname=postgres", autocommit=True) as pg:
            pg.execute("create schema marts")
            tables = [(t, "*") for t in WALL_TABLES] + [("fct_event", ", ".join(FACT_COLUMNS))]
            for table, columns in tables:
                select = f"select {columns} from w.marts.{table}"
                described = duck.execute(f"describe {select}").fetchall()
                cols = ", ".join(f'"{name}" {_pg_type(typ)}' for name, typ, *_ in described)
                pg.execute(f"create table marts.{table} ({cols})")
                path = exports / f"{table}.csv"
                duck.execute(f"copy ({select}) to '{path}' (header false)")
                with (
                    pg.cursor().copy(f"copy marts.{table} from stdin with (format csv)") as copy,
                    open(path, "rb") as f,
                ):
                    while chunk := f.read(1 << 20):
                        copy.write(chunk)
            # indexed as a user would: the fact's filters and join keys; the small marts by their keys
            pg.execute("create index on marts.fct_event (reported_on)")
            pg.execute("create index on marts.fct_event (lifecycle_state)")
            pg.execute("create index on marts.fct_event (grid_code)")
            pg.execute("create index on marts.fct_event (is_overdue_open) where is_overdue_open")
            pg.execute("create index on marts.rpt_screen_wall_kpis (reference_on)")
            pg.execute("create index on marts.rpt_screen_wall_top_categories (category_rank)")
            pg.execute("vacuum analyze")
        figures["postgres_load_seconds"] = (
            round(time.perf_counter() - t0, 1),
            "s",
            "export from DuckDB, COPY, indexes, VACUUM ANALYZE",
        )
        _pg_ctl(pg_bin, data, "restart")
        sql = [s.replace("::varchar", "::text") for s in wall_sql]
        with psycopg.connect(f"host=/tmp port={PORT} user=postgres dbname=postgres") as pg:
            t0 = time.perf_counter()
            for s in sql:
                pg.execute(s).fetchall()
            cold = (time.perf_counter() - t0) * 1000
            rounds = []
            for _ in range(20):
                t0 = time.perf_counter()
                for s in sql:
                    pg.execute(s).fetchall()
                rounds.append((time.perf_counter() - t0) * 1000)
            pg.execute(FACT_KPI).fetchall()  # warm-up: the timed run below reads cached pages
            t0 = time.perf_counter()
            pg.execute(FACT_KPI).fetchall()
            fact = (time.perf_counter() - t0) * 1000
        figures["postgres_wall_queries_cold_ms"] = (
            round(cold, 1),
            "ms",
            "same 11 queries, right after a restart",
        )
        figures["postgres_wall_queries_warm_ms"] = (
            round(statistics.median(rounds), 1),
            "ms",
            "median of 20 rounds",
        )
        figures["postgres_fact_scan_one_kpi_ms"] = (round(fact, 1), "ms", "overdue count over the fact, warm")
    finally:
        _as_postgres(str(pg_bin / "pg_ctl"), "-D", str(data / "db"), "-w", "-m", "fast", "stop")
        os.environ.pop("PGHOST", None)
        shutil.rmtree(data, ignore_errors=True)
    return figures
