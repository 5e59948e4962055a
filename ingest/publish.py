"""`python -m ingest publish`: build a new warehouse beside the published one, test it, check
it, and only then swap it in by an atomic rename — readers never see a half-built or untested
warehouse. `python -m ingest rollback` brings back the previous published build.

    data/warehouse.duckdb                       the published build (what the app reads)
    data/builds/warehouse-<build>.duckdb.partial a build in progress (removed if it fails)
    data/builds/warehouse-<build>.duckdb        earlier published builds, kept for rollback
    data/builds/warehouse.standby-<id>.duckdb    a copy of the published build, made right after
                                                 it was published: the next build's starting point

The new build starts as a copy of the published file, so dbt's incremental models (the event
chain from int_events_unioned to fct_event) merge only what is new. That copy is made after each
publish, once readers already see the new build, so the next day's build starts at once instead
of spending its first seconds copying gigabytes (at 10M events, 6 GB in 7 s). A copy whose
published file has since changed (a rollback, a build published by hand) is deleted, not used.
When the dbt project itself changed since the published build (models, macros, seeds — a new rule
changes old rows too), or with --full, the build starts empty instead. Builds and loads take one
lock (data/.build.lock): a second one waits.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from expectations.protocol import DECIDED, FINGERPRINT_TABLE, write_stamp

from . import remedies
from .processes import die_with_parent, die_with_parent_at_low_priority
from .selection import day_selection

KEEP_BUILDS = 3
DBT_PROJECT = Path(__file__).resolve().parent.parent / "dbt_project"
LOCK_WAIT_SECONDS = 3 * 3600


class PublishError(Exception):
    """The new build failed; the published warehouse is untouched. The message says why."""


@contextmanager
def build_lock(data_dir: Path, what: str, out=sys.stdout, wait_seconds: float = LOCK_WAIT_SECONDS):
    """One load or build at a time per data folder; a second waits (and says so) instead of racing."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / ".build.lock"
    with open(path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told:
                    handle.seek(0)
                    holder = handle.read().strip() or "another process"
                    print(
                        f"等待正在进行的构建/加载完成：{holder} / waiting for a running build or load",
                        file=out,
                    )
                    told = True
                if time.monotonic() > deadline:
                    raise PublishError(f"{path}: still locked after {wait_seconds:.0f} s") from None
                time.sleep(0.5)
        handle.seek(0)
        handle.truncate()
        handle.write(f"{what} pid {os.getpid()} since {datetime.now():%Y-%m-%d %H:%M:%S}\n")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def builds_dir(published: Path) -> Path:
    return published.parent / "builds"


def kept_builds(published: Path) -> list[Path]:
    """Earlier published builds, newest first."""
    return sorted(builds_dir(published).glob("warehouse-*.duckdb"), reverse=True)


def publish(
    lake: Path,
    published: Path,
    dbt_args: list[str] | None = None,
    keep: int = KEEP_BUILDS,
    checks: bool = True,
    full: bool = False,
    standby: bool = True,
    engine: str = "duckdb",
    out=sys.stdout,
) -> Path:
    """Build, test and check a new warehouse; swap it in. Raises PublishError (published untouched).

    engine "spark": the same dbt project built by Spark (`--target spark`) from the raw layer as Parquet,
    always in full; its tables are then written into the new DuckDB file (ingest/serve_spark.py), which
    is checked and swapped in like any build."""
    lake, published = Path(lake).resolve(), Path(published).resolve()
    on_spark = engine == "spark"
    if on_spark:
        full, standby = True, False  # Spark builds whole tables: nothing to merge into
    folder = builds_dir(published)
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.partial*"):  # left by a build that was killed
        stale.unlink()
        print(f"removed an unfinished build: {stale.name}", file=out)
    _make_room(published, out)
    # One fixed name for the build in progress (builds take the lock, so there is one at a time):
    # dbt's profile holds the path, and a new path every build would cost dbt its partial parse.
    staging = folder / "next.duckdb.partial"
    started = time.perf_counter()
    # dbt starts loading now, in its own process, while this one decides what it will build: its
    # imports take seconds, the decisions below a second (it reads the command on its input)
    builder = _start_waiting_build(lake, staging)
    try:
        fingerprint = project_fingerprint(steward_dir=lake.parent)
        lake_loaded_at = lake_watermark(lake)  # before dbt reads the lake: what this build will have seen
        built_with, seen = published_stamp(published) if published.exists() else (None, None)
        incremental = not full and built_with is not None and built_with == fingerprint
        dbt_command = list(dbt_args or ["build"])
        ready = _take_standby(published, out) if published.exists() else None
        kept_name = _published_name(published) if published.exists() else None  # read now, while idle
        if incremental:
            # incremental models merge into the last good build
            if ready is not None:
                os.replace(ready, staging)
                start = "the standby copy of the published warehouse, made after it was published"
            else:
                shutil.copyfile(published, staging)
                start = f"a copy of the published warehouse (copied in {time.perf_counter() - started:.1f} s)"
            if dbt_command == ["build"]:
                # the unit tests check the rules, not the data, and the seeds are data of the rules:
                # both are those of the full build this one descends from (same fingerprint), which
                # ran the unit tests and loaded and tested the seeds the copy already holds
                dbt_command += ["--exclude-resource-type", "unit_test", "--exclude-resource-type", "seed"]
                # and of the models, only those below what changed since (the rest are as published)
                selection = day_selection(lake, published, seen)
                if selection is not None:
                    dbt_command += ["--select", *selection[0]]
                    start += f"; rebuilt: what depends on what changed ({selection[1]})"
            print(
                f"增量构建 / incremental build on {start} (decided in {time.perf_counter() - started:.1f} s)",
                file=out,
            )
        else:
            if ready is not None:
                ready.unlink()  # a full build does not start from it; the disk is better free
            why = (
                "--full"
                if full
                else "no published build"
                if not published.exists()
                else "the dbt project changed"
            )
            print(f"完整构建 / full build ({why})", file=out)
        # The checks start now, beside dbt, and wait: their start-up (Great Expectations imports in
        # seconds) overlaps the build instead of following it. Closing their input cancels them.
        checker = _start_waiting_checks(lake, staging) if checks else None
        if on_spark:
            dbt_command += ["--target", "spark"]
        try:
            if on_spark:
                from .lake_parquet import export

                rows = export(lake)
                print(
                    f"raw layer as Parquet for Spark: {len(rows)} tables, {sum(rows.values()):,} rows",
                    file=out,
                )
            # dbt and the checks each run in a child process: dbt-duckdb keeps the file it built open
            # (and locked) for the life of its process.
            builder.stdin.write(json.dumps(dbt_command) + "\n")
            builder.stdin.close()
            if _relay(builder, out) != 0:
                raise PublishError("dbt build failed (a model or a test; see the log above)")
            if on_spark:
                from .build import dbt_env
                from .serve_spark import copy_into_duckdb

                staging.unlink(missing_ok=True)
                copy_into_duckdb(
                    Path(dbt_env(lake, staging)["YIPING_SPARK_DIR"]),
                    staging,
                    out=lambda line: print(line, file=out),
                )
            dbt_done = time.perf_counter()
            print(f"dbt: {dbt_done - started:.1f} s since the start of the publish", file=out)
            if checker is not None:
                # the checks write the build's stamp with their results: one opening of the file less
                stamp = {
                    "fingerprint": fingerprint,
                    "lake_loaded_at": lake_loaded_at and lake_loaded_at.isoformat(),
                }
                checker.stdin.write(f"go {json.dumps(stamp)}\n")
                checker.stdin.close()
                if _relay_until_decided(checker, out) != 0:
                    _relay(checker, out)  # let them finish their report (Data Docs) first
                    raise PublishError("warehouse checks found a critical problem (see the log above)")
                print(f"warehouse checks: {time.perf_counter() - dbt_done:.1f} s", file=out)
            else:
                _write_fingerprint(staging, fingerprint, lake_loaded_at)
        except BaseException:
            if checker is not None and checker.poll() is None:
                checker.kill()
            staging.unlink(missing_ok=True)
            Path(str(staging) + ".wal").unlink(missing_ok=True)
            raise
        if published.exists():
            os.link(published, folder / f"{kept_name}.duckdb")  # the old inode stays for rollback
        os.replace(staging, published)  # atomic: readers see the old file or the new one, never neither
        print(f"发布成功 / published {published} in {time.perf_counter() - started:.1f} s", file=out)
        _prune(published, keep)
        if standby:
            _make_standby(published, out)
        if checker is not None:
            _relay(checker, out)  # the checks' last lines (Data Docs), written meanwhile
        return published
    except BaseException:
        if builder.poll() is None:
            builder.kill()
            builder.wait()
        raise


def _standby_name(published: Path) -> str:
    """The standby copy's name ties it to one published file: its inode, size and modification time."""
    st = published.stat()
    return f"{published.stem}.standby-{st.st_ino}-{st.st_size}-{st.st_mtime_ns}.duckdb"


def _make_standby(published: Path, out) -> None:
    """Copy the just-published build for the next build to start from. Readers already see the new
    build; a kill here leaves only a .partial, which the next build removes (and then copies)."""
    started = time.perf_counter()
    partial = builds_dir(published) / f"{published.stem}.standby.duckdb.partial"
    shutil.copyfile(published, partial)
    os.replace(partial, builds_dir(published) / _standby_name(published))  # under the build lock
    print(
        f"备用副本 / standby copy for the next build made in {time.perf_counter() - started:.1f} s",
        file=out,
    )


def _take_standby(published: Path, out) -> Path | None:
    """The standby copy of the published file as it is now, if there is one; standby copies of an
    earlier state of it (before a rollback, say) are deleted."""
    current = builds_dir(published) / _standby_name(published)
    for copy in builds_dir(published).glob(f"{published.stem}.standby-*.duckdb"):
        if copy != current:
            copy.unlink()
            print(f"removed a standby copy of an earlier build: {copy.name}", file=out)
    return current if current.exists() else None


def project_fingerprint(steward_dir: Path | None = None) -> str:
    """SHA-256 over what decides the warehouse's rows: the dbt models, macros, seeds and project file,
    the versions of dbt and DuckDB that run them, and the steward's row remedies beside the lake (an
    excluded or restored row changes rows an incremental build would not revisit)."""
    from importlib.metadata import version

    digest = hashlib.sha256()
    for package in ("dbt-core", "dbt-duckdb", "duckdb"):
        digest.update(f"{package}=={version(package)}\0".encode())
    files = [DBT_PROJECT / "dbt_project.yml"]
    for folder in ("models", "macros", "seeds"):
        files += sorted(p for p in (DBT_PROJECT / folder).rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(DBT_PROJECT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    # the address matcher the model int_address_texts_matched runs (and what it relies on)
    for package in ("rapidfuzz", "pypinyin"):
        digest.update(f"{package}=={version(package)}\0".encode())
    for path in sorted((DBT_PROJECT.parent / "ingest" / "addresses").glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    if steward_dir is not None:
        digest.update(remedies.fingerprint(steward_dir))
    return digest.hexdigest()


def published_stamp(published: Path) -> tuple[str | None, object]:
    """The project fingerprint the published build was made with and the newest lake load it had
    seen ((None, None) if unknown)."""
    import duckdb

    try:
        con = duckdb.connect(str(published), read_only=True)
    except duckdb.Error:
        return None, None
    try:
        return con.execute(f"select project_fingerprint, lake_loaded_at from {FINGERPRINT_TABLE}").fetchone()
    except duckdb.Error:
        return None, None
    finally:
        con.close()


def lake_watermark(lake: Path):
    """The newest load in the lake (None for an empty lake)."""
    import duckdb

    con = duckdb.connect(str(lake), read_only=True)
    try:
        return con.execute("select max(loaded_at) from raw._loads").fetchone()[0]
    except duckdb.Error:
        return None
    finally:
        con.close()


def _write_fingerprint(warehouse: Path, fingerprint: str, lake_loaded_at=None) -> None:
    """Stamp a build: the rules it was made with, and the newest lake load it had seen (a daily
    build's tests and checks cover only what was loaded after the stamp of the build it starts from).
    A publish with checks has the checks write it (write_stamp) with their results."""
    import duckdb

    con = duckdb.connect(str(warehouse))
    try:
        write_stamp(con, None, fingerprint, lake_loaded_at)
    finally:
        con.close()


def _start_waiting_build(lake: Path, warehouse: Path) -> subprocess.Popen:
    """`python -m ingest build --wait`: dbt in a child process (dbt-duckdb keeps the file it built open,
    and locked, for the life of its process), loading its libraries until it reads the command on its
    input (end of input: cancelled); its output is passed on by _relay."""
    return subprocess.Popen(
        [sys.executable, "-m", "ingest", "build", "--wait", "--db", str(lake), "--warehouse", str(warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=die_with_parent,
    )


def _relay(child: subprocess.Popen, out) -> int:
    """Pass a running child's output through line by line; its exit code."""
    for line in child.stdout:
        print(line, file=out, end="")
    return child.wait()


def _relay_until_decided(child: subprocess.Popen, out) -> int:
    """Pass the waiting checks' output through until they say DECIDED (or end); their verdict."""
    for line in child.stdout:
        if line.startswith(DECIDED):
            return int(line.split()[1])
        print(line, file=out, end="")
    return child.wait()


def _start_waiting_checks(lake: Path, warehouse: Path) -> subprocess.Popen:
    """`python -m expectations check --wait`: loads its libraries, then checks `warehouse` once it
    reads a line on its input (end of input: cancelled)."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "expectations",
            "check",
            "--wait",
            "--db",
            str(lake),
            "--warehouse",
            str(warehouse),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # lower priority: loading Great Expectations takes seconds of CPU, which on a small
        # machine should go to dbt first (the checks only start once dbt is done); killed with us
        preexec_fn=die_with_parent_at_low_priority,
    )


def _published_name(published: Path) -> str:
    """The kept name of the currently published file: its build time from rpt_build_info."""
    import duckdb

    try:
        con = duckdb.connect()
        con.execute(f"attach '{published}' as wh (read_only)")
        built = con.execute("select built_at from wh.marts.rpt_build_info").fetchone()[0]
        con.close()
        name = f"warehouse-{built:%Y%m%dT%H%M%S}"
    except Exception:  # noqa: BLE001 - an old build without the table: name it by its mtime
        name = f"warehouse-{datetime.fromtimestamp(published.stat().st_mtime):%Y%m%dT%H%M%S}"
    target = builds_dir(published) / f"{name}.duckdb"
    return name if not target.exists() else f"{name}-{published.stat().st_ino}"


def _prune(published: Path, keep: int) -> None:
    for old in kept_builds(published)[keep:]:
        old.unlink()


def _make_room(published: Path, out=sys.stdout) -> None:
    """Before a build: when the disk has less free space than two warehouses of the published size (the
    new build and its standby copy), drop kept builds, oldest first, so that the build does not stop on
    a full disk. At ten million events each kept build is ~7 GB; the published one is never touched."""
    if not published.exists():
        return
    needed = 2 * published.stat().st_size
    for old in reversed(kept_builds(published)):
        if shutil.disk_usage(published.parent).free >= needed:
            return
        size = old.stat().st_size
        old.unlink()
        print(f"disk short: removed the kept build {old.name} ({size / 2**30:.1f} GiB)", file=out)


def rollback(published: Path, out=sys.stdout) -> Path:
    """Publish the newest kept build again (atomically); the current one is kept in its place."""
    published = Path(published).resolve()
    kept = [
        p
        for p in kept_builds(published)
        if not published.exists() or p.stat().st_ino != published.stat().st_ino
    ]
    if not kept:
        raise PublishError(f"no earlier build kept in {builds_dir(published)}")
    target = kept[0]
    if published.exists():
        os.link(published, builds_dir(published) / f"{_published_name(published)}-rolled-back.duckdb")
    temporary = target.with_suffix(".rollback")
    os.link(target, temporary)
    os.replace(temporary, published)
    target.unlink()
    print(f"已回滚 / rolled back to {target.name}", file=out)
    return published


def main(argv: list[str]) -> int:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ingest publish", description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the lake (raw layer)")
    parser.add_argument("--warehouse", type=Path, required=True, help="the published warehouse file")
    parser.add_argument("--keep", type=int, default=KEEP_BUILDS, help="earlier builds kept for rollback")
    parser.add_argument("--rollback", action="store_true", help="publish the previous build again")
    parser.add_argument("--full", action="store_true", help="build from empty, not on the published build")
    parser.add_argument(
        "--no-standby",
        action="store_true",
        help="do not copy the new build for the next one to start from (saves one warehouse of disk; "
        "the next build copies at its start instead)",
    )
    parser.add_argument(
        "--engine",
        choices=("duckdb", "spark"),
        default="duckdb",
        help="the engine that builds (spark: dbt --target spark, then its tables into the DuckDB file)",
    )
    parser.add_argument("dbt_args", nargs="*", help="dbt command and options (default: build)")
    args = parser.parse_args(argv)
    try:
        with build_lock(args.warehouse.resolve().parent, "rollback" if args.rollback else "publish"):
            if args.rollback:
                rollback(args.warehouse)
            else:
                publish(
                    args.db,
                    args.warehouse,
                    args.dbt_args or None,
                    keep=args.keep,
                    full=args.full,
                    standby=not args.no_standby,
                    engine=args.engine,
                )
    except PublishError as e:
        print(
            f"未发布，已发布的数据仓库保持不变 / not published, the published warehouse is unchanged: {e}",
            file=sys.stderr,
        )
        return 1
    return 0
