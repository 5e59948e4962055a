"""`make bench`: generate a district of N events (registries at real scale), then measure ingest,
the dbt build (full and one day incremental), the wall's queries (cold and warm, and on PostgreSQL),
the wall in a browser, and the app's memory. Figures go to bench/results.json (one key per figure,
with unit and target) and BENCHMARKS.md. Never part of `make test`.

    python -m bench.run --events 1000000 [--events 10000000] [--skip-generate] [--only PHASE ...]
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import io
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results.json"
PEOPLE = 750_000
PHASES = (
    "generate",
    "ingest",
    "ingest_formats",
    "build",
    "incremental",
    "wall_queries",
    "postgres",
    "browser",
    "memory",
    "spark",
)

# figure key -> (unit, target as text, predicate on the value or None)
TARGETS = {
    "ingest_ratio_to_polars_xlsx": ("×", "≤ 1.5", lambda v: v <= 1.5),
    "ingest_ratio_to_polars_gbk_csv": ("×", "≤ 1.5", lambda v: v <= 1.5),
    "ingest_ratio_to_polars_jsonl": ("×", "≤ 1.5", lambda v: v <= 1.5),
    "dbt_full_build_seconds": ("s", "≤ 300", lambda v: v <= 300),
    "dbt_incremental_day_seconds": ("s", "≤ 30", lambda v: v <= 30),
    "dbt_full_build_peak_rss_mb": ("MB", "≤ 8,192", lambda v: v <= 8192),
    "wall_queries_warm_ms": ("ms", "≤ 30", lambda v: v <= 30),
    "wall_queries_cold_ms": ("ms", "≤ 300", lambda v: v <= 300),
    "wall_rendered_in_browser_seconds": ("s", "≤ 2", lambda v: v <= 2),
    "app_rss_30_sessions_mb": ("MB", "≤ 1,536", lambda v: v <= 1536),
    "app_rss_growth_over_1000_refreshes_mb": ("MB", "flat (≤ 50)", lambda v: v <= 50),
}


def machine() -> dict:
    mem = int(open("/proc/meminfo").read().split()[1]) / 1024 / 1024
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(mem, 1),
        "python": platform.python_version(),
        "kernel": platform.release(),
    }


class Results:
    def __init__(self, size: int):
        self.size = str(size)
        self.all = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
        self.all.setdefault("machine", machine())
        self.all.setdefault("runs", {}).setdefault(self.size, {})

    def put(self, key: str, value, unit: str, note: str = "") -> None:
        unit_, target, ok = TARGETS.get(key, (unit, None, None))
        entry = {
            "value": value,
            "unit": unit or unit_,
            "measured_at": datetime.now().isoformat(timespec="seconds"),
        }
        if target:
            entry["target"] = target
            entry["meets_target"] = bool(ok(value)) if value is not None else None
        if note:
            entry["note"] = note
        self.all["runs"][self.size][key] = entry
        self.all["machine"] = machine()
        RESULTS.write_text(json.dumps(self.all, ensure_ascii=False, indent=1) + "\n")
        print(f"  {key}: {value} {entry['unit']}" + (f" (target {target})" if target else ""), flush=True)

    def get(self, key: str):
        """The value last measured for key at this size (None if never)."""
        return self.all["runs"][self.size].get(key, {}).get("value")

    def clear(self, key: str) -> None:
        if self.all["runs"][self.size].pop(key, None) is not None:
            RESULTS.write_text(json.dumps(self.all, ensure_ascii=False, indent=1) + "\n")


# At 10M the generated population registry is one ~360 MB CSV, over the loader's default per-file
# limit of 200 MB (ingest/inbox.py): the bench raises the limits as a district with such exports would.
BIG_EXPORTS = {"YIPING_MAX_FILE_MB": "2048", "YIPING_MAX_JSON_MB": "2048", "YIPING_MAX_UNZIPPED_MB": "2048"}


def timed(
    command: list[str], env: dict | None = None, log: Path | None = None, tree: bool = False
) -> tuple[float, int, int]:
    """Run a command; seconds, exit code, and the peak RSS (MB) of its largest process (this process's
    children so far, as the kernel counts them). With `tree`, instead the peak of the whole process
    tree's resident memory together, sampled twice a second: a Spark build is a Python driver, a JVM
    and Python workers at once, and the JVM is not one the kernel counts as waited-for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    with open(log or os.devnull, "w") as out:
        child = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **(env or {})}, stdout=out, stderr=subprocess.STDOUT
        )
        sampled = 0
        while tree and child.poll() is None:
            sampled = max(sampled, _tree_rss_bytes(child.pid))
            try:
                child.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                pass
        code = child.wait()
    seconds = time.perf_counter() - t0
    if tree:
        return seconds, code, int(sampled / 2**20)
    peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, before) / 1024
    return seconds, code, int(peak)


def _tree_rss_bytes(root: int) -> int:
    """Resident memory of `root` and all its descendants, from /proc (summed: pages that forked workers
    share are counted in each, so this is an upper bound)."""
    parents: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    total, todo, page = 0, [root], os.sysconf("SC_PAGE_SIZE")
    while todo:
        pid = todo.pop()
        todo.extend(parents.get(pid, []))
        try:
            total += int((Path("/proc") / str(pid) / "statm").read_text().split()[1]) * page
        except OSError:
            continue
    return total


# ---- phases -------------------------------------------------------------------------------------


def generate(work: Path, events: int, r: Results) -> None:
    if work.exists():
        shutil.rmtree(work)
    work.parent.mkdir(parents=True, exist_ok=True)  # a fresh clone has no bench/data/ yet
    seconds, code, _ = timed(
        [
            sys.executable,
            "-m",
            "ingest",
            "synth",
            "--out",
            str(work / "inbox"),
            "--events",
            str(events),
            "--people",
            str(PEOPLE),
            "--end",
            "2026-11-20",  # a fixed district: figures comparable from run to run
        ],
        log=work.parent / f"{events}-generate.log",
    )
    assert code == 0, "generation failed"
    r.put("generate_seconds", round(seconds, 1), "s")


def _format(path: str, encoding: str | None) -> str | None:
    if path.endswith(".xlsx"):
        return "xlsx"
    if path.endswith(".csv") and (encoding or "").lower() in ("gbk", "gb18030"):
        return "gbk_csv"
    if path.endswith(".jsonl"):
        return "jsonl"
    return None


def _polars_read(path: Path, fmt: str, encoding: str | None) -> int:
    import polars as pl

    if fmt == "xlsx":
        return pl.read_excel(path, engine="calamine", has_header=False).height
    if fmt == "gbk_csv":
        return pl.read_csv(
            path, encoding=encoding, has_header=False, infer_schema=False, truncate_ragged_lines=True
        ).height
    data = path.read_bytes().removeprefix(b"\xef\xbb\xbf")
    # the planted truncated last line is cut off, as the loader rejects it too
    lines = data.rstrip(b"\n").split(b"\n")
    if lines and not lines[-1].rstrip().endswith(b"}"):
        data = b"\n".join(lines[:-1]) + b"\n"
    return pl.read_ndjson(io.BytesIO(data), ignore_errors=True, infer_schema_length=None).height


def _pandas_read(path: Path, fmt: str, encoding: str | None) -> int:
    import pandas as pd

    if fmt == "xlsx":
        return len(pd.read_excel(path, engine="openpyxl", header=None, dtype=str))
    if fmt == "gbk_csv":
        return len(
            pd.read_csv(path, encoding=encoding, header=None, dtype=str, on_bad_lines="skip", engine="python")
        )
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError:
                continue
    return len(pd.DataFrame(rows))


def ingest(work: Path, r: Results) -> None:
    import duckdb

    lake = work / "lake.duckdb"
    for stale in (lake, work / "warehouse.duckdb"):
        stale.unlink(missing_ok=True)
    shutil.rmtree(work / "builds", ignore_errors=True)
    seconds, code, peak = timed(
        [sys.executable, "-m", "ingest", "load", "--inbox", str(work / "inbox"), "--db", str(lake)],
        env=BIG_EXPORTS,
        log=work / "load.log",
    )
    assert code in (0, 2), "load failed"
    con = duckdb.connect(str(lake), read_only=True)
    files = con.execute(
        "select file_path, encoding, rows_in, duration_ms from raw._loads where status = 'loaded'"
    ).fetchall()
    total_rows = sum(f[2] for f in files)
    con.close()
    r.put("ingest_total_seconds", round(seconds, 1), "s")
    r.put("ingest_total_rows", total_rows, "rows")
    r.put("ingest_peak_rss_mb", peak, "MB")
    ingest_formats(work, r)
    r.clear("ingest_formats_error")  # ingest_formats ran as part of this phase


def ingest_formats(work: Path, r: Results) -> None:
    """Per format: the loader's rows/s against polars and pandas on the same files.

    The loader reads the next file while it writes the current one, so in a mixed inbox a file's
    time depends on its neighbours'. Each format is therefore loaded again on its own (an inbox of
    links to that format's files, a fresh raw layer, gates on): its files' durations add up to the
    loader's wall time on that format alone."""
    import duckdb

    con = duckdb.connect(str(work / "lake.duckdb"), read_only=True)
    files = con.execute(
        "select file_path, encoding, rows_in from raw._loads where status = 'loaded' order by file_path"
    ).fetchall()
    con.close()
    by_format: dict[str, list] = {}
    for path, encoding, rows in files:
        fmt = _format(path, encoding)
        if fmt and (work / "inbox" / path).exists():  # not the incremental phase's day inbox
            by_format.setdefault(fmt, []).append((path, encoding, rows))
    for fmt, items in by_format.items():
        loader_s = _load_alone(work, fmt, [i[0] for i in items])
        rows = sum(i[2] for i in items)
        polars_s = 0.0
        for path, encoding, _ in items:  # the physical floor, same files, same run
            t0 = time.perf_counter()
            _polars_read(work / "inbox" / path, fmt, encoding)
            polars_s += time.perf_counter() - t0
        # pandas + openpyxl on a sample (openpyxl alone would take longer than the whole benchmark)
        sample = items[: max(1, min(len(items), 3))]
        pandas_s, pandas_rows = 0.0, 0
        for path, encoding, n in sample:
            t0 = time.perf_counter()
            _pandas_read(work / "inbox" / path, fmt, encoding)
            pandas_s += time.perf_counter() - t0
            pandas_rows += n
        r.put(
            f"ingest_rows_per_second_{fmt}",
            int(rows / loader_s),
            "rows/s",
            f"{len(items)} files, {rows:,} rows",
        )
        r.put(f"polars_raw_rows_per_second_{fmt}", int(rows / polars_s), "rows/s")
        r.put(
            f"pandas_rows_per_second_{fmt}",
            int(pandas_rows / pandas_s),
            "rows/s",
            f"sample of {len(sample)} files, {pandas_rows:,} rows" + (" (openpyxl)" if fmt == "xlsx" else ""),
        )
        r.put(f"ingest_ratio_to_polars_{fmt}", round(loader_s / polars_s, 2), "×")
        r.put(f"ingest_ratio_to_pandas_{fmt}", round(loader_s / (pandas_s * rows / pandas_rows), 2), "×")


def _load_alone(work: Path, fmt: str, paths: list[str]) -> float:
    """Seconds the loader spends on these files alone: linked into an inbox of their own and loaded
    into a fresh raw layer with the quality gates (the sum of the files' durations: the load's wall
    time from its first file to its last, without the process's start)."""
    import duckdb

    scratch = work / f"format-{fmt}"
    shutil.rmtree(scratch, ignore_errors=True)
    for path in paths:
        link = scratch / "inbox" / path
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to((work / "inbox" / path).resolve())
    lake = scratch / "lake.duckdb"
    _, code, _ = timed(
        [sys.executable, "-m", "ingest", "load", "--inbox", str(scratch / "inbox"), "--db", str(lake)],
        env=BIG_EXPORTS,
        log=scratch / "load.log",
    )
    assert code in (0, 2), f"load of the {fmt} files alone failed"
    con = duckdb.connect(str(lake), read_only=True)
    seconds = con.execute("select sum(duration_ms) / 1000 from raw._loads").fetchone()[0]
    con.close()
    shutil.rmtree(scratch, ignore_errors=True)
    return float(seconds)


def _publish(
    work: Path,
    log: str,
    full: bool = False,
    options: tuple[str, ...] = (),
    env: dict | None = None,
    tree: bool = False,
) -> tuple[float, int, int, float, float]:
    """`ingest publish` of the bench district's lake into its warehouse (or the `--warehouse` in `options`):
    (seconds until the new build was published, exit code, peak RSS MB, seconds of the whole command,
    seconds of the standby copy it made after publishing, for the next build to start from)."""
    command = [sys.executable, "-m", "ingest", "publish", "--db", str(work / "lake.duckdb")]
    if "--warehouse" not in options:
        command += ["--warehouse", str(work / "warehouse.duckdb")]
    command += [*options, *(["--full"] if full else []), "--", "build"]
    seconds, code, peak = timed(command, env=env, log=work / log, tree=tree)
    text = (work / log).read_text()
    # the line that says it went live (the first line may name "the published warehouse" and a copy time)
    published = re.search(r"^\S+ / published .* in ([0-9.]+) s$", text, re.MULTILINE)
    standby = re.search(r"standby copy for the next build made in ([0-9.]+) s", text)
    return (
        float(published.group(1)) if published else seconds,
        code,
        peak,
        seconds,
        float(standby.group(1)) if standby else 0.0,
    )


def _slowest_nodes(results: dict, n: int) -> list:
    """[[node name, seconds], …] of dbt's run_results, slowest first."""
    slow = sorted(results["results"], key=lambda x: -x["execution_time"])[:n]
    return [[x["unique_id"].split(".")[-1], round(x["execution_time"], 1)] for x in slow]


def build(work: Path, r: Results) -> None:
    seconds, code, peak, _, _ = _publish(work, "build.log", full=True)  # from empty, whatever is published
    assert code == 0, f"publish failed, see {work / 'build.log'}"
    r.put(
        "dbt_full_build_seconds",
        round(seconds, 1),
        "s",
        "publish until the new build is live: dbt build (models and tests) + checks + rename",
    )
    from ingest.build import build_memory_limit, physical_memory_mb

    r.put(
        "dbt_full_build_peak_rss_mb",
        peak,
        "MB",
        f"DuckDB limited to {build_memory_limit()} of {physical_memory_mb():,} MB (YIPING_BUILD_MEMORY), "
        "spilling beyond it",
    )
    results = json.loads((ROOT / "dbt_project" / "target" / "run_results.json").read_text())
    r.put("dbt_build_elapsed_seconds", round(results["elapsed_time"], 1), "s", "dbt's own elapsed time")
    r.put("dbt_slowest_nodes", _slowest_nodes(results, 5), "s")
    _geocoding(work, results, r, "full")


GEOCODING_NODES = ("int_events_unioned", "int_address_texts_collected", "int_address_texts_matched",
                   "int_events_geocoded")  # fmt: skip


def _geocoding(work: Path, results: dict, r: Results, build: str) -> None:
    """Seconds of the geocoding nodes in this build, and how many distinct place texts were matched."""
    import duckdb

    times = {
        x["unique_id"].split(".")[-1]: x["execution_time"]
        for x in results["results"]
        if x["unique_id"].split(".")[-1] in GEOCODING_NODES and x["unique_id"].startswith("model.")
    }
    matched = round(times.get("int_address_texts_matched", 0.0), 1)
    geocoded = round(times.get("int_events_geocoded", 0.0), 1)
    r.put(
        f"geocoding_{build}_matcher_seconds", matched, "s", "int_address_texts_matched (the Python matcher)"
    )
    r.put(
        f"geocoding_{build}_events_seconds",
        geocoded,
        "s",
        "int_events_geocoded (per-event decisions, points)",
    )
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    try:
        texts, events = con.execute(
            "select (select count(*) from intermediate.int_address_texts_matched), "
            "(select count(*) from marts.fct_event)"
        ).fetchone()
    finally:
        con.close()
    r.put(
        f"geocoding_{build}_distinct_texts",
        texts,
        "texts",
        f"distinct place texts of {events:,} events",
    )


_DATE = re.compile(r"(20\d\d)([-/年.])(\d{1,2})([-/月.])(\d{1,2})(日?)")
_COMPACT_DATE = re.compile(r"(20\d\d)(\d\d)(\d\d)")
_EXCEL_SERIAL = re.compile(r"[3-7]\d{4}(\.\d+)?")


def next_day_text(value):
    """A raw cell with every date written in it (2026-01-05, 2026/1/5, 2026年1月5日, in times and step
    lists alike; a whole cell written 20260105 or as a spreadsheet serial 46027.5) moved one day on;
    other values as they are."""
    if not isinstance(value, str):
        return value
    whole = value.strip()
    if _EXCEL_SERIAL.fullmatch(whole):
        integer, _, fraction = whole.partition(".")
        return f"{int(integer) + 1}" + (f".{fraction}" if fraction else "")
    if m := _COMPACT_DATE.fullmatch(whole):
        try:
            return (datetime(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=1)).strftime("%Y%m%d")
        except ValueError:
            return value

    def later(m: re.Match) -> str:
        try:
            day = datetime(int(m[1]), int(m[3]), int(m[5])) + timedelta(days=1)
        except ValueError:
            return m[0]
        if len(m[3]) == 2 and len(m[5]) == 2:
            return f"{day.year}{m[2]}{day.month:02d}{m[4]}{day.day:02d}{m[6]}"
        return f"{day.year}{m[2]}{day.month}{m[4]}{day.day}{m[6]}"

    return _DATE.sub(later, value)


def incremental(work: Path, r: Results) -> None:
    """One day of new exports, loaded and published: the hotline's GBK CSV and the grid reports' JSONL
    rows of the lake's last day, renumbered and moved to the next day, so "now" moves on by a day as it
    does every real day (open events turn overdue, the KPI counts of the days in between change)."""
    import duckdb

    day_inbox = work / "day_inbox"
    shutil.rmtree(day_inbox, ignore_errors=True)
    con = duckdb.connect(str(work / "lake.duckdb"), read_only=True)
    # the last day's rows, each order once (its latest load: an earlier run's day is in the lake too)
    hot = con.execute(
        "select * exclude (_load_id, _loaded_at, _source_file, _row_number, _extra) "
        "from raw.hotline_12345 where accepted_at like (select max(substr(accepted_at, 1, 10)) "
        "from raw.hotline_12345 where accepted_at like '20__-__-__%') || '%' "
        "qualify row_number() over (partition by order_no order by _loaded_at desc, _row_number) = 1"
    ).df()
    grid = con.execute(
        "select * exclude (_load_id, _loaded_at, _source_file, _row_number, _extra) "
        "from raw.grid_report where reported_at like (select max(substr(reported_at, 1, 10)) "
        "from raw.grid_report where reported_at like '20__-__-__%') || '%' "
        "qualify row_number() over (partition by event_id order by _loaded_at desc, _row_number) = 1"
    ).df()
    con.close()
    from ingest.specs import SPECS

    (day_inbox / "hotline_12345").mkdir(parents=True)
    (day_inbox / "grid_report").mkdir(parents=True)
    hot["order_no"] = "GN" + hot["order_no"].str[2:]
    hot = hot.map(next_day_text)
    grid = grid.map(next_day_text)
    headers = {f.column: f.header for f in SPECS["hotline_12345"].fields}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([headers[c] for c in hot.columns])
    writer.writerows(hot.fillna("").itertuples(index=False))
    (day_inbox / "hotline_12345" / "12345工单_次日.csv").write_bytes(out.getvalue().encode("gbk", "replace"))
    grid["event_id"] = "GN" + grid["event_id"].str[2:]
    with open(day_inbox / "grid_report" / "grid_events_次日.jsonl", "w", encoding="utf-8") as f:
        for rec in grid.to_dict("records"):
            f.write(json.dumps({k: v for k, v in rec.items() if v is not None}, ensure_ascii=False) + "\n")
    rows = len(hot) + len(grid)
    load_s, code, _ = timed(
        [
            sys.executable,
            "-m",
            "ingest",
            "load",
            "--inbox",
            str(day_inbox),
            "--db",
            str(work / "lake.duckdb"),
        ],
        log=work / "day_load.log",
    )
    assert code in (0, 2), "day load failed"
    seconds, code, peak, command_s, standby_s = _publish(work, "day_build.log")
    assert code == 0, f"incremental publish failed, see {work / 'day_build.log'}"
    r.put("incremental_day_rows", rows, "rows")
    r.put("incremental_day_load_seconds", round(load_s, 1), "s")
    r.put(
        "dbt_incremental_day_seconds",
        round(seconds, 1),
        "s",
        "publish after one day's exports (the lake's last day moved one day on, so 'now' advances), until "
        "the new build is live (it starts from the standby copy the previous publish made)",
    )
    r.put(
        "incremental_day_standby_copy_seconds",
        round(standby_s, 1),
        "s",
        "after the new build is live, the same command copies it for the next build to start from",
    )
    r.put("incremental_day_command_seconds", round(command_s, 1), "s", "the whole publish command")
    results = json.loads((ROOT / "dbt_project" / "target" / "run_results.json").read_text())
    _geocoding(work, results, r, "day")
    by_kind: dict[str, float] = {}
    for x in results["results"]:
        kind = x["unique_id"].split(".")[0]
        by_kind[kind] = by_kind.get(kind, 0.0) + x["execution_time"]
    r.put(
        "dbt_incremental_day_dbt_elapsed_seconds",
        round(results["elapsed_time"], 1),
        "s",
        "dbt's own elapsed time; the rest of the publish is the file copy, dbt start-up and the warehouse checks",
    )
    r.put(
        "dbt_incremental_day_seconds_by_kind",
        {k: round(v, 1) for k, v in sorted(by_kind.items())},
        "s",
        "summed node times (models, data tests, unit tests, seeds)",
    )
    r.put("dbt_incremental_day_slowest_nodes", _slowest_nodes(results, 8), "s")
    r.put(
        "dbt_incremental_day_peak_rss_mb",
        peak,
        "MB",
        "the peak over every child of this bench process so far (includes an earlier full build)",
    )


WALL_SQL = [
    "select * from marts.rpt_build_info",
    "select * from marts.rpt_screen_wall_kpis where reference_on = (select max(reference_on) from marts.rpt_screen_wall_kpis)",
    "select * from marts.rpt_screen_wall_grid_map",
    "select street_code, street_name, boundary_geojson::varchar, label_lng, label_lat from marts.rpt_screen_wall_streets",
    "select * from marts.rpt_screen_wall_trend_daily",
    "select * from marts.rpt_screen_wall_trend_monthly",
    "select * from marts.rpt_screen_wall_top_categories order by category_rank limit 8",
    "select * from marts.rpt_screen_wall_street_ranking order by street_rank",
    "select * from marts.rpt_screen_wall_flow",
    "select * from marts.rpt_screen_wall_ticker",
    "select * from marts.rpt_screen_wall_alerts",
]


def wall_queries(work: Path, r: Results) -> None:
    """All wall queries together on the published file: cold (first run after opening it, in a fresh
    process) and warm (median of 20 rounds)."""
    code = f"""
import duckdb, time, json, statistics
sqls = {WALL_SQL!r}
con = duckdb.connect(); con.execute("attach '{work / "warehouse.duckdb"}' as w (read_only)"); con.execute("use w")
t0 = time.perf_counter()
for s in sqls: con.execute(s).fetchall()
cold = (time.perf_counter() - t0) * 1000
rounds = []
for _ in range(20):
    t0 = time.perf_counter()
    for s in sqls: con.execute(s).fetchall()
    rounds.append((time.perf_counter() - t0) * 1000)
print(json.dumps([cold, statistics.median(rounds)]))
"""
    subprocess.run(["sync"], check=False)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    cold, warm = json.loads(out)
    r.put("wall_queries_cold_ms", round(cold, 1), "ms", f"{len(WALL_SQL)} queries, fresh process")
    r.put("wall_queries_warm_ms", round(warm, 1), "ms", f"{len(WALL_SQL)} queries, median of 20 rounds")
    # for scale: one KPI straight off the fact table (what the wall never does)
    code = f"""
import duckdb, time
con = duckdb.connect(); con.execute("attach '{work / "warehouse.duckdb"}' as w (read_only)"); con.execute("use w")
con.execute("select count(*) filter (where is_overdue_open) from marts.fct_event").fetchall()
t0 = time.perf_counter(); con.execute("select count(*) filter (where is_overdue_open) from marts.fct_event").fetchall()
print((time.perf_counter() - t0) * 1000)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    r.put("fact_scan_one_kpi_ms", round(float(out), 1), "ms", "overdue count over fct_event, warm")


# Installed before any page script runs: notes, on the page's own clock (ms since navigation
# start), when the wall-ready marker and the map's canvas are attached. Waiting with Playwright
# alone measured its polling instead: when the page goes idle, headless Chromium draws no frames,
# and Playwright noticed a canvas that was there at 1.5 s only at 3.3 s (both clocks side by side
# over ten loads, 2026-11-21).
_RENDER_MARKS = """
window.__yipingMarks = {};
new MutationObserver(() => {
  const m = window.__yipingMarks;
  if (!m.ready && document.querySelector('[data-testid="wall-ready"]')) m.ready = performance.now();
  if (!m.canvas && document.querySelector('[data-testid="stDeckGlJsonChart"] canvas')) m.canvas = performance.now();
}).observe(document, {childList: true, subtree: true});
"""


def browser(work: Path, r: Results) -> None:
    from playwright.sync_api import sync_playwright

    with _server(work) as base, sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        times, html_times = [], []
        for _ in range(5):
            # a new context per load: an empty browser cache each time, as on a wall's first start
            context = b.new_context(viewport={"width": 1920, "height": 1080})
            context.add_init_script(_RENDER_MARKS)
            page = context.new_page()
            page.goto(f"{base}/?screen=demo-wall-qinhuai")
            page.wait_for_function(
                "() => window.__yipingMarks.ready && window.__yipingMarks.canvas", timeout=120_000, polling=50
            )
            marks = page.evaluate("window.__yipingMarks")
            html_times.append(marks["ready"] / 1000)
            times.append(max(marks["ready"], marks["canvas"]) / 1000)
            context.close()
        b.close()
    r.put(
        "wall_panels_rendered_in_browser_seconds",
        round(statistics.median(html_times[1:]), 2),
        "s",
        "to the wall-ready marker: every panel but the map drawn",
    )
    r.put(
        "wall_rendered_in_browser_first_seconds",
        round(times[0], 2),
        "s",
        "server's first page load (cold caches)",
    )
    r.put(
        "wall_rendered_in_browser_seconds",
        round(statistics.median(times[1:]), 2),
        "s",
        "median of 4 later loads, each with an empty browser cache: navigation start to the wall-ready "
        "marker and the map canvas, on the page's own clock",
    )


class _server:
    def __init__(self, work: Path, refresh: float | None = None):
        self.work, self.refresh = work, refresh

    def __enter__(self):
        import socket
        import urllib.request

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        env = {
            **os.environ,
            "YIPING_WAREHOUSE": str(self.work / "warehouse.duckdb"),
            "YIPING_LAKE": str(self.work / "lake.duckdb"),
            "YIPING_AUDIT_LOG": str(self.work / "audit.jsonl"),
        }
        if self.refresh:
            env["YIPING_WALL_REFRESH"] = str(self.refresh)
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                str(ROOT / "app" / "main.py"),
                "--server.port",
                str(self.port),
                "--server.headless",
                "true",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )
        for _ in range(120):
            try:
                urllib.request.urlopen(f"http://localhost:{self.port}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        return f"http://localhost:{self.port}"

    def rss_mb(self) -> float:
        for line in open(f"/proc/{self.proc.pid}/status"):
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
        return 0.0

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(timeout=30)


def memory(work: Path, r: Results) -> None:
    """RSS of the app server: one wall session; the same session after ~1,000 fragment refreshes (all
    parts every second) and after ~1,000 more (the growth target is read on the second thousand, once
    caches are warm; the first is reported too); then 30 wall sessions at the normal refresh intervals
    on a fresh server."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
        fast = _server(work, refresh=1)
        with fast as base:
            page = b.new_page(viewport={"width": 1920, "height": 1080})
            page.goto(f"{base}/?screen=demo-wall-qinhuai")
            page.wait_for_selector('[data-testid="wall-ready"]', state="attached", timeout=120_000)
            time.sleep(10)
            ready = fast.rss_mb()
            time.sleep(250)  # four parts every second: about 1,000 refreshes (caches and allocator warm up)
            start = fast.rss_mb()
            time.sleep(250)  # about 1,000 more: a leak would keep growing here
            after = fast.rss_mb()
            page.close()
        normal = _server(work)
        with normal as base:
            pages = []
            for _ in range(30):
                page = b.new_page(viewport={"width": 1920, "height": 1080})
                page.goto(f"{base}/?screen=demo-wall-qinhuai")
                pages.append(page)
                if len(pages) == 1:
                    page.wait_for_selector('[data-testid="wall-ready"]', state="attached", timeout=120_000)
                    time.sleep(5)
                    one = normal.rss_mb()
            for page in pages:
                page.wait_for_selector('[data-testid="wall-ready"]', state="attached", timeout=600_000)
            time.sleep(30)
            thirty = normal.rss_mb()
        b.close()
    r.put("app_rss_1_session_mb", round(one), "MB")
    r.put("app_rss_30_sessions_mb", round(thirty), "MB", "30 wall sessions, normal refresh intervals")
    r.put(
        "app_rss_warmup_growth_first_1000_refreshes_mb",
        round(start - ready, 1),
        "MB",
        f"{ready:.0f} → {start:.0f} MB over the first ~1,000 fragment refreshes of one wall",
    )
    r.put(
        "app_rss_growth_over_1000_refreshes_mb",
        round(after - start, 1),
        "MB",
        f"{start:.0f} → {after:.0f} MB over the next ~1,000 refreshes (after the first 1,000 above)",
    )


def postgres(work: Path, r: Results) -> None:
    from bench.postgres import compare

    for key, (value, unit, note) in compare(work, WALL_SQL).items():
        r.put(key, value, unit, note)


def spark(work: Path, r: Results) -> None:
    """The same full publish with Spark building (local mode, this machine's 2 cores): the raw layer as
    Parquet, dbt build --target spark with every test, its tables into a DuckDB file, the checks, the swap.
    Into its own file, so the DuckDB build the other phases read stays as it is. Spark rebuilds every
    table each time, so its day's build is this same full build."""
    if importlib.util.find_spec("pyspark") is None:
        r.put("spark_error", "pyspark is not installed (make install-spark)", "")
        return
    options = ("--warehouse", str(work / "warehouse-spark.duckdb"), "--engine", "spark", "--no-standby")
    env = {"YIPING_SPARK_DIR": str(work / "spark"), "YIPING_SPARK_DRIVER_MEMORY": "8g"}
    live, code, peak, _, _ = _publish(work, "spark_build.log", options=options, env=env, tree=True)
    assert code == 0, f"Spark publish failed, see {work / 'spark_build.log'}"
    r.put("spark_full_build_seconds", round(live, 1), "s",
          "publish until live, built by Spark (local[2]): Parquet export, dbt build --target spark, copy into DuckDB, checks")  # fmt: skip
    r.put(
        "spark_full_build_peak_rss_mb",
        peak,
        "MB",
        "the whole process tree at once, sampled: Python driver, Spark's JVM (driver memory 8g), Python "
        "workers (pages they share counted once per process: an upper bound)",
    )
    results = json.loads((ROOT / "dbt_project" / "target" / "run_results.json").read_text())
    r.put(
        "spark_dbt_elapsed_seconds", round(results["elapsed_time"], 1), "s", "dbt's own elapsed time on Spark"
    )
    r.put("spark_slowest_nodes", _slowest_nodes(results, 5), "s")
    duck = r.get("dbt_full_build_seconds")
    if duck:
        r.put("spark_to_duckdb_full_build_ratio", round(live / duck, 2), "×",
              "Spark's full publish ÷ DuckDB's, same machine and district; a day's build on Spark is a full build")  # fmt: skip


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, action="append", default=None)
    parser.add_argument("--skip-generate", action="store_true")
    parser.add_argument("--only", nargs="*", choices=PHASES, default=None)
    args = parser.parse_args(argv)
    for events in args.events or [1_000_000, 10_000_000]:
        work = BENCH / "data" / str(events)
        r = Results(events)
        phases = args.only or [
            p for p in PHASES if p != "ingest_formats" and not (p == "generate" and args.skip_generate)
        ]
        print(f"== {events:,} events: {', '.join(phases)}", flush=True)
        for phase in phases:
            t0 = time.perf_counter()
            print(f"-- {phase}", flush=True)
            try:
                globals()[phase](work, events, r) if phase == "generate" else globals()[phase](work, r)
                r.clear(f"{phase}_error")  # an error from an earlier run of this phase no longer holds
            except Exception as e:  # noqa: BLE001 - one failed phase is recorded, the rest still run
                r.put(f"{phase}_error", f"{type(e).__name__}: {e}"[:500], "")
            print(f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
    from bench.report import write

    write()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
