"""`python -m ingest load`: move every export in the inbox into the raw layer — read
(`readers.py`) → normalise (`normalise.py`) → load (this module) → report (`report.py`).

For each file: hash it (same bytes under any name load once), check it is what its name
says, decode it, find the header under any title block, map the headers through the
source's spec, drop footers, reject rows without a key, and write rows, rejects and one
manifest row in a single transaction. Files that cannot be loaded go to quarantine with
a sidecar that says why. Per file: rows_in = rows_loaded + rows_rejected.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl

from .inbox import Limits, display_name, is_hidden, loader_memory_limit, size_problem, zip_problem
from .normalise import Parsed, Quarantine, find_header, parse_records, parse_sheet
from .readers import (
    Unreadable,
    read_csv,
    read_geojson,
    read_json_records,
    read_xlsx,
    sniff_format,
)
from .remedies import released
from .report import print_totals, summary_line
from .specs import SPECS, SourceSpec

SIDECAR_RE = re.compile(r"\.reason\.txt$")  # the loader's own notes beside quarantined files
LOCK_FILE_RE = re.compile(r"^~\$")  # Excel's lock file of a workbook someone has open

MANIFEST_DDL = """
create table if not exists raw._loads (
    load_id varchar primary key,
    source varchar not null,
    file_name varchar not null,
    file_path varchar not null,
    sha256 varchar not null,
    size_bytes bigint,
    format varchar,
    encoding varchar,
    reader varchar,
    status varchar not null,          -- loaded | duplicate | quarantined | ignored
    rows_in bigint,
    rows_loaded bigint,
    rows_rejected bigint,
    reason varchar,
    header_row integer,
    layout varchar,                   -- JSON: title lines, footer lines, blank rows, extra columns
    duplicate_of varchar,
    loaded_at timestamp not null,
    duration_ms double                -- wall time the file added to the load (reading overlaps the previous write)
);
create table if not exists raw._rejects (
    load_id varchar not null,
    source varchar not null,
    file_name varchar not null,
    row_number integer,
    field varchar,
    reason varchar not null,
    original varchar,
    rejected_at timestamp
);
-- lakes written before rows carried their time
alter table raw._rejects add column if not exists rejected_at timestamp;
"""


@dataclass
class FileResult:
    source: str
    path: str  # relative to the inbox
    status: str  # loaded | duplicate | quarantined | ignored | skipped | error
    load_id: str = ""
    fmt: str = ""
    encoding: str | None = None
    reader: str = ""
    rows_in: int = 0
    rows_loaded: int = 0
    rows_rejected: int = 0
    reason: str = ""
    seconds: float = 0.0
    size_bytes: int = 0
    gate_note: str = ""  # the quality gate's warnings, when the batch loaded with findings
    gate_seconds: float = 0.0


def connect(db: Path | str) -> duckdb.DuckDBPyConnection:
    # Attach under a fixed alias: a file called raw.duckdb would otherwise become a catalog
    # named "raw" and collide with the schema of the same name.
    con = duckdb.connect()
    con.execute(f"set memory_limit = '{loader_memory_limit()}'")
    con.execute(f"attach '{str(db).replace(chr(39), chr(39) * 2)}' as lake")
    con.execute("use lake")
    con.execute("create schema if not exists raw")
    con.execute(MANIFEST_DDL)
    for spec in SPECS.values():
        ensure_raw_table(con, spec)
    return con


def ensure_raw_table(con: duckdb.DuckDBPyConnection, spec: SourceSpec) -> None:
    cols = ",\n    ".join(f'"{c}" varchar' for c in spec.columns)
    con.execute(f"""
        create table if not exists raw."{spec.name}" (
            {cols},
            _extra varchar,
            _load_id varchar not null,
            _source_file varchar not null,
            _row_number integer not null,
            _loaded_at timestamp not null
        )""")


# ---- parsing ---------------------------------------------------------------------------------


# ---- loading ---------------------------------------------------------------------------------


def _fault_point(name: str, path: str) -> None:
    """Crash on purpose for the fault tests (YIPING_FAULT=<point>:<file substring>)."""
    spec = os.environ.get("YIPING_FAULT", "")
    if spec and spec.split(":", 1)[0] == name and spec.split(":", 1)[1] in path:
        os._exit(137)


def _load_id(source: str, sha: str, suffix: str = "") -> str:
    return f"{source}-{sha[:16]}{suffix}"


def _insert_manifest(con, **row) -> None:
    cols = ", ".join(row)
    con.execute(f"insert into raw._loads ({cols}) values ({', '.join('?' for _ in row)})", list(row.values()))


def _insert_rowless(
    con, res: FileResult, path: Path, sha: str, size: int, when: datetime, t0: float, **extra
) -> None:
    """The manifest row of a file that loaded no rows (a duplicate, a quarantined or ignored file)."""
    _insert_manifest(
        con,
        load_id=res.load_id,
        source=res.source,
        file_name=display_name(path.name),
        file_path=res.path,
        sha256=sha,
        size_bytes=size,
        status=res.status,
        rows_in=0,
        rows_loaded=0,
        rows_rejected=0,
        reason=res.reason,
        loaded_at=when,
        duration_ms=(time.perf_counter() - t0) * 1000,
        **extra,
    )


@dataclass
class ReadExport:
    """One export read and parsed, before anything is written: what `read_export` hands the writer.

    Reading touches no database, so the next file is read while this one is checked and written
    (`load_inbox`)."""

    rel: str
    source: str
    spec: SourceSpec | None
    size: int
    sha: str
    parsed: Parsed | None = None  # None: not parsed (a skip was foreseen), or `problem` says why
    problem: str | None = None  # why the file cannot be loaded (quarantine reason)
    fmt: str = ""
    encoding: str | None = None
    reader: str = ""


def read_export(inbox: Path, path: Path, *, parse_unless=None) -> ReadExport:
    """Hash, read and parse one export (no database). `parse_unless(sha)` true: the content is
    already loaded, so it is hashed but not parsed (the writer decides; it reads again if needed)."""
    rel = display_name(path.relative_to(inbox).as_posix())
    source = rel.split("/", 1)[0] if "/" in rel else ""
    spec = SPECS.get(source)
    limits = Limits.from_env()
    size = path.stat().st_size
    too_big = size_problem(path, size, limits)
    if too_big:
        data = b""
        with path.open("rb") as f:
            sha = hashlib.file_digest(f, "sha256").hexdigest()
    else:
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
    read = ReadExport(rel, source, spec, size, sha)
    if parse_unless is not None and parse_unless(sha):
        return read
    try:
        if too_big:
            raise Unreadable(too_big)
        if spec is None:
            raise Unreadable(
                f"文件不在任何已知来源目录下（应放在 inbox/<来源>/ 中，来源为：{'、'.join(SPECS)}）"
            )
        read.fmt = sniff_format(path, data)
        if read.fmt not in spec.formats and not (read.fmt == "json" and "jsonl" in spec.formats):
            raise Unreadable(f"「{spec.title}」不接受 .{read.fmt} 文件（可接受：{'、'.join(spec.formats)}）")
        if read.fmt == "csv":
            grid = read_csv(data, lambda rows: find_header(spec, rows))
            read.parsed = parse_sheet(spec, grid)
            read.encoding, read.reader = grid.encoding, grid.reader
        elif read.fmt == "xlsx":
            bomb = zip_problem(path, limits)
            if bomb:
                raise Unreadable(bomb)
            grid = read_xlsx(path)
            read.parsed = parse_sheet(spec, grid)
            read.reader = grid.reader
        else:
            recs = read_geojson(data) if read.fmt == "geojson" else read_json_records(data, read.fmt)
            read.parsed = parse_records(spec, recs)
            read.encoding, read.reader = recs.encoding, recs.reader
    except (Unreadable, Quarantine) as why:
        read.problem = str(why)
    return read


def load_file(
    con: duckdb.DuckDBPyConnection,
    inbox: Path,
    path: Path,
    quarantine_dir: Path,
    gate=None,
    releases: dict[str, dict] | None = None,
    *,
    read: ReadExport | None = None,
    started: float | None = None,
) -> FileResult:
    """Load one export. `gate` (expectations.gate.Gate) checks the parsed batch first: a
    critical failure quarantines the file, unless a steward released this content (`releases`,
    sha256 → release line, ingest/remedies.py); warnings are recorded and the rows load.
    `read`: the file already read (`read_export`, ahead of time); `started`: when the file's
    time began (its seconds are the wall time it added to the load)."""
    t0 = time.perf_counter() if started is None else started
    if read is None:
        read = read_export(inbox, path)
    rel, spec, size, sha = read.rel, read.spec, read.size, read.sha
    res = FileResult(read.source or "_unknown", rel, "loaded", size_bytes=size)
    now = datetime.now()

    prior = con.execute(
        "select load_id, status, file_path from raw._loads where sha256 = ? order by loaded_at", [sha]
    ).fetchall()
    if any(p[1] in ("loaded", "duplicate") and p[2] == rel for p in prior):
        res.status, res.reason = "skipped", "已处理过（同名同内容），跳过"
        return res
    original = next((p for p in prior if p[1] == "loaded"), None)
    if original is not None:
        res.status, res.load_id = (
            "duplicate",
            _load_id(res.source, sha, "-dup-" + hashlib.sha1(rel.encode()).hexdigest()[:8]),
        )
        res.reason = f"与已加载的文件「{original[2]}」内容完全相同（sha256 一致），不重复加载"
        _insert_rowless(con, res, path, sha, size, now, t0, duplicate_of=original[0])
        return res

    if read.parsed is None and read.problem is None:  # a skip was foreseen, and it is not one
        read = read_export(inbox, path)
    res.fmt = read.fmt
    if read.problem is not None:
        return _quarantine(con, res, path, size, sha, read.problem, quarantine_dir, now, t0)
    res.encoding, res.reader = read.encoding, read.reader
    parsed = read.parsed
    read.parsed = None  # the writer holds the rows now (memory per file, ingest/inbox.py)

    res.load_id = _load_id(spec.name, sha)
    res.rows_in, res.rows_loaded, res.rows_rejected = parsed.rows_in, parsed.frame.height, len(parsed.rejects)
    frame = parsed.frame.with_columns(
        pl.lit(res.load_id).alias("_load_id"),
        pl.lit(rel).alias("_source_file"),
        pl.lit(now).alias("_loaded_at"),
    )
    outcome = None
    if gate is not None:
        t_gate = time.perf_counter()
        outcome = gate.check_batch(spec.name, frame, load_id=res.load_id, source_file=rel)
        res.gate_seconds = time.perf_counter() - t_gate
        warned = [r for r in outcome.record.results if r["success"] is not True]
        if warned:
            res.gate_note = "质量警告：" + "；".join(
                f"{r['title_zh']} {r['unexpected_count'] or 0} 行" for r in warned
            )
        release = (releases or {}).get(sha)
        if not outcome.promote and release is not None:
            # a steward looked at the critical finding and decided the rows load anyway
            outcome.record.run["decision"] = "released"
            res.gate_note = (
                f"{res.gate_note}；" if res.gate_note else ""
            ) + f"严重问题已由 {release['by']} 于 {release['at']} 放行：{release['reason']}"
        elif not outcome.promote:
            res = _quarantine(con, res, path, size, sha, outcome.reason, quarantine_dir, now, t0)
            res.rows_in, res.rows_loaded, res.rows_rejected = 0, 0, 0
            outcome.record.run["load_id"] = res.load_id
            gate.record(con, outcome.record)
            return res
    cols = ", ".join(
        f'"{c}"' for c in [*spec.columns, "_extra", "_load_id", "_source_file", "_row_number", "_loaded_at"]
    )
    con.execute("begin transaction")
    try:
        con.register("_frame", frame.to_arrow(compat_level=pl.CompatLevel.newest()))  # zero-copy strings
        con.execute(f'insert into raw."{spec.name}" ({cols}) select {cols} from _frame')
        con.unregister("_frame")
        _fault_point("after_rows", rel)
        if parsed.rejects:
            con.executemany(
                "insert into raw._rejects (load_id, source, file_name, row_number, field, reason, original, "
                "rejected_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [res.load_id, spec.name, display_name(path.name), rn, fld, reason, orig, now]
                    for rn, fld, reason, orig in parsed.rejects
                ],
            )
        res.seconds = time.perf_counter() - t0
        _insert_manifest(
            con,
            load_id=res.load_id,
            source=spec.name,
            file_name=display_name(path.name),
            file_path=rel,
            sha256=sha,
            size_bytes=size,
            format=res.fmt,
            encoding=res.encoding,
            reader=res.reader,
            status="loaded",
            rows_in=res.rows_in,
            rows_loaded=res.rows_loaded,
            rows_rejected=res.rows_rejected,
            reason=None,
            header_row=parsed.header_row,
            layout=json.dumps(parsed.layout, ensure_ascii=False),
            loaded_at=now,
            duration_ms=res.seconds * 1000,
        )
        if outcome is not None:
            gate.record(con, outcome.record)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    return res


def _quarantine(
    con,
    res: FileResult,
    path: Path,
    size: int,
    sha: str,
    reason: str,
    quarantine_dir: Path,
    now: datetime,
    t0: float,
) -> FileResult:
    res.status, res.reason = "quarantined", reason
    res.load_id = _load_id(res.source, sha, "-q-" + hashlib.sha1(res.path.encode()).hexdigest()[:8])
    exists = con.execute("select 1 from raw._loads where load_id = ?", [res.load_id]).fetchone()
    if not exists:
        _insert_rowless(con, res, path, sha, size, now, t0, format=res.fmt or None)
    target_dir = quarantine_dir / res.source
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / path.name
    if target.exists():
        target = target_dir / f"{path.stem}.{sha[:8]}{path.suffix}"
    shutil.move(str(path), target)
    os.chmod(target, 0o640)  # an export with personal data, now in Yiping's keeping
    target.with_name(target.name + ".reason.txt").write_text(
        f"文件：{res.path}\n来源：{res.source}\nsha256：{sha}\n隔离时间：{now:%Y-%m-%d %H:%M:%S}\n原因：{reason}\n"
        f"处理：修正后放回 inbox/{res.source}/ 重新运行加载即可。\n",
        encoding="utf-8",
    )
    res.seconds = time.perf_counter() - t0
    return res


def inbox_files(inbox: Path) -> list[Path]:
    """Every file of the inbox but the loader's own sidecars, in path order (hidden files and
    Excel lock files included: they are reported, not loaded)."""
    files = [p for p in inbox.rglob("*") if p.is_file() and not SIDECAR_RE.search(p.name)]
    return sorted(files, key=lambda p: display_name(p.relative_to(inbox).as_posix()))


def not_an_export(inbox: Path, path: Path) -> str | None:
    """Why a file of the inbox is not loaded at all (a hidden file, a lock file), or None."""
    relative = path.relative_to(inbox)
    if is_hidden(relative):
        return "隐藏文件（文件名或目录以 . 开头），未加载；如果这是一份导出，请去掉开头的点再放回"
    if LOCK_FILE_RE.search(path.name):
        return "Excel 临时锁定文件（~$ 开头：工作簿正被人打开），未加载"
    return None


def _report_ignored(con, inbox: Path, path: Path, reason: str) -> FileResult:
    """A file that is not an export: one manifest row per name and content, so the steward sees it."""
    rel = display_name(path.relative_to(inbox).as_posix())
    with path.open("rb") as f:
        sha = hashlib.file_digest(f, "sha256").hexdigest()
    size = path.stat().st_size
    res = FileResult("_ignored", rel, "ignored", reason=reason, size_bytes=size)
    res.load_id = _load_id("_ignored", sha, "-" + hashlib.sha1(rel.encode()).hexdigest()[:8])
    if not con.execute("select 1 from raw._loads where load_id = ?", [res.load_id]).fetchone():
        _insert_rowless(con, res, path, sha, size, datetime.now(), time.perf_counter())
    return res


def read_ahead_enabled() -> bool:
    """Whether the next file is read while one is written (YIPING_LOAD_READ_AHEAD=0 turns it off,
    e.g. to hold memory to one file at a time: about 8x the file's size, ingest/inbox.py)."""
    return os.environ.get("YIPING_LOAD_READ_AHEAD", "1") != "0"


def load_inbox(
    inbox: Path,
    db: Path,
    quarantine_dir: Path | None = None,
    out=sys.stdout,
    gate=None,
) -> tuple[int, list[FileResult]]:
    """Load every export in the inbox. A `gate` (handed over by the conductor, ingest/conductor.py)
    checks each parsed batch first and keeps its results in the lake; without one, batches load
    unchecked (the loader's own unit tests)."""
    inbox, db = Path(inbox), Path(db)
    quarantine_dir = Path(quarantine_dir) if quarantine_dir else inbox.parent / "quarantine"
    if not inbox.is_dir():
        print(f"错误：收件目录不存在：{inbox}", file=sys.stderr)
        return 1, []
    db.parent.mkdir(parents=True, exist_ok=True)
    con = connect(db)
    if gate is not None:
        gate.ensure_schema(con)
    files = inbox_files(inbox)
    releases = released(db.parent)
    results: list[FileResult] = []
    show_bar = sys.stderr.isatty() and len(files) > 10
    t_all = time.perf_counter()
    # The next file is read and parsed while this one is checked and written (reading needs no
    # database; DuckDB and polars work outside the GIL), so the load takes about the longer of the
    # two, not their sum. Contents already loaded are hashed but not parsed ahead.
    loaded = {
        sha
        for (sha,) in con.execute(
            "select sha256 from raw._loads where status in ('loaded', 'duplicate')"
        ).fetchall()
    }
    ahead = ThreadPoolExecutor(1, thread_name_prefix="read-ahead") if read_ahead_enabled() else None

    def read_next(path: Path):
        if not_an_export(inbox, path):
            return None
        return read_export(inbox, path, parse_unless=loaded.__contains__)

    pending = ahead.submit(read_next, files[0]) if ahead and files else None
    started = time.perf_counter()
    for k, path in enumerate(files, start=1):
        this, pending = pending, (ahead.submit(read_next, files[k]) if ahead and k < len(files) else None)
        try:
            ignored = not_an_export(inbox, path)
            if ignored:
                res = _report_ignored(con, inbox, path, ignored)
            else:
                read = this.result() if this is not None else None
                res = load_file(con, inbox, path, quarantine_dir, gate, releases, read=read, started=started)
                if res.status == "loaded" and read is not None:
                    loaded.add(read.sha)
        except Exception as e:  # noqa: BLE001 - report, keep going, exit 1 at the end
            res = FileResult(
                display_name(path.parent.name),
                display_name(path.relative_to(inbox).as_posix()),
                "error",
                reason=display_name(f"{type(e).__name__}: {e}"),
            )
        started = time.perf_counter()
        results.append(res)
        if show_bar:
            done = int(30 * k / len(files))
            print(
                f"\r[{'#' * done}{'.' * (30 - done)}] {k}/{len(files)}", end="", file=sys.stderr, flush=True
            )
        print(summary_line(k, len(files), res), file=out, flush=True)
    if ahead is not None:
        ahead.shutdown()
    if show_bar:
        print(file=sys.stderr)
    con.close()
    index = gate.finish() if gate is not None else None
    if index is not None:
        print(
            f"质量闸门结果：quality.runs / quality.results / quality.failures；Data Docs：{index}", file=out
        )
    print_totals(results, time.perf_counter() - t_all, out)
    if any(r.status == "error" for r in results):
        return 1, results
    if any(r.status == "quarantined" for r in results):
        return 2, results
    return 0, results
