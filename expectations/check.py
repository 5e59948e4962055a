"""`python -m expectations check`: the warehouse checks on a finished build.

Reads the build (marts) and the lake's manifest, validates each section of
`warehouse_checks.SECTIONS`, records runs/results/samples in the lake's `quality` schema,
copies the whole `quality` history into the build, renders Data Docs, and returns 1 when a
critical check failed (the build must not be published), else 0.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import duckdb

from . import data_docs, store
from .runner import QualityContext
from .warehouse_checks import EVENT_SOURCES, SECTIONS, measures, now_sql, offending_events, sample_rows


def _sql_path(p: Path) -> str:
    return str(p).replace("'", "''")


def prepare(lake: Path, quality_dir: Path | None = None) -> QualityContext:
    """The GX project with every section's suite and batch definition in place: what `--wait`
    does while dbt still builds (writing GX's config files takes a second of its own)."""
    quality = QualityContext(quality_dir or Path(lake).parent / "quality")
    for section in SECTIONS:
        quality.prepare(f"warehouse.{section.name}", section.checks())
    return quality


def run(
    lake: Path,
    warehouse: Path,
    quality_dir: Path | None = None,
    now: datetime | None = None,
    out=sys.stdout,
    read_only: bool = False,
    quality: QualityContext | None = None,
    stamp: Callable[[duckdb.DuckDBPyConnection, str], None] | None = None,
    decided: Callable[[int], None] | None = None,
) -> tuple[int, list[store.RunRecord]]:
    """read_only: check a published warehouse without writing into it (results go to the lake only).
    quality: a context from prepare() (default: opened here).
    stamp: writes into the build (catalog name given) in the transaction that copies the quality
    history into it: `ingest publish` stamps its build this way instead of opening it once more.
    decided: called with the exit code once the build is closed, before Data Docs are rendered
    (a publish need not wait for them)."""
    lake, warehouse = Path(lake), Path(warehouse)
    for path, what in ((lake, "原始层（lake）"), (warehouse, "数据仓库")):
        if not path.exists():
            print(f"错误：{what}文件不存在：{path}", file=sys.stderr)
            return 1, []
    t0 = time.perf_counter()
    now = now or datetime.now()
    build_id = f"build-{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"
    quality = quality or QualityContext(quality_dir or lake.parent / "quality")
    con = duckdb.connect()
    if os.environ.get("YIPING_BUILD_MEMORY"):  # set by the build runner (ingest/build.py)
        con.execute(f"set memory_limit = '{os.environ['YIPING_BUILD_MEMORY']}'")
    con.execute(f"attach '{_sql_path(warehouse)}' as wh{' (read_only)' if read_only else ''}")
    con.execute(f"attach '{_sql_path(lake)}' as lake")
    con.execute("use wh")
    store.ensure_schema(con, "lake")
    records: list[store.RunRecord] = []
    for section in SECTIONS:
        frame = con.execute(section.frame_sql.replace("{now}", now_sql(now))).df()
        checks = section.checks()
        record = quality.validate(
            kind="warehouse",
            suite_name=f"warehouse.{section.name}",
            checks=checks,
            frame=frame,
            index_columns=section.index,
            record_columns=list(frame.columns),
            batch_label=build_id,
            build_id=build_id,
            source_file=str(warehouse),
            pass_decision="publishable",
            fail_decision="blocked",
        )
        record.measures = measures(record.run["run_id"], section, frame)
        by_code = {c.code: c for c in checks}
        for result in record.results:
            where = section.offenders.get(result["check_code"].removesuffix(".critical"))
            if result["success"] is True or where is None:
                continue
            result["offending_events"] = offending_events(con, where)
            if not result["check_code"].endswith(".critical"):
                record.failures += sample_rows(
                    con, record.run["run_id"], by_code[result["check_code"]], where
                )
        records.append(record)

    con.execute("begin transaction")
    try:
        for record in records:
            store.write(con, record, "lake")
        con.execute(
            """insert into lake.quality.build_profiles
               select ?, ?, source, count(*), max(reported_at) from wh.marts.fct_event
               where source in (select unnest(?)) group by source""",
            [build_id, now, list(EVENT_SOURCES)],
        )
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        con.close()
        raise
    try:  # DuckDB writes one attached database per transaction: the build gets its copy next
        if not read_only:
            con.execute("begin transaction")
            store.copy_to(con, "lake", "wh")
            if stamp is not None:
                stamp(con, "wh")
            con.execute("commit")
    finally:
        con.close()
    code = _print_summary(records, out)
    print(
        f"\n质量结果已写入 quality.runs / quality.results / quality.failures（{build_id}，"
        f"{time.perf_counter() - t0:.1f} 秒）",
        file=out,
    )
    if decided is not None:
        decided(code)
    index = data_docs.build(quality, list(quality.stored))
    print(f"Data Docs：{index}", file=out)
    return code, records


def _print_summary(records: list[store.RunRecord], out) -> int:
    critical = 0
    for record in records:
        run = record.run
        mark = {"passed": "通过", "warnings": "有警告", "failed": "严重问题"}[run["outcome"]]
        print(f"[{mark}] {run['suite']}  （{run['rows_checked']} 行汇总）", file=out)
        for r in record.results:
            if r["success"] is True:
                continue
            sev = "严重" if r["severity"] == "critical" else "警告"
            n, events = r["unexpected_count"], r.get("offending_events")
            detail = f"（{n} 项不合格" + (f"，涉及 {events:,} 个事件" if events is not None else "") + "）"
            print(f"    {sev} {r['check_code']}: {r['title_zh']}" + (detail if n else ""), file=out)
        critical += run["critical_failed"]
    if critical:
        print(f"\n{critical} 项严重问题：本次构建不可发布。", file=out)
        return 1
    print("\n无严重问题：本次构建可以发布。", file=out)
    return 0
