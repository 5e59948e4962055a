"""Publishing and faults: a build is swapped in only after dbt tests and warehouse checks pass;
kills, failures, duplicates, corrupt files and concurrent builds leave the published warehouse
the last good one, and a rerun completes the work with nothing lost or doubled."""

from __future__ import annotations

import csv
import io
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from tests.conftest import ROOT, make_inbox, query, run_build


def publish_cmd(lake: Path, published: Path, *dbt_args: str, full: bool = False) -> list[str]:
    return [
        sys.executable,
        "-m",
        "ingest",
        "publish",
        "--db",
        str(lake),
        "--warehouse",
        str(published),
        *(["--full"] if full else []),
        "--",
        *(dbt_args or ("build",)),
    ]


def run_publish(
    lake: Path, published: Path, *dbt_args: str, full: bool = False
) -> subprocess.CompletedProcess:
    return subprocess.run(
        publish_cmd(lake, published, *dbt_args, full=full),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )


def run_load(inbox: Path, lake: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "ingest", "load", "--inbox", str(inbox), "--db", str(lake)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


def build_from_empty(lake: Path, warehouse: Path) -> subprocess.CompletedProcess:
    """A full build into a new file to compare with, its models only: the data tests and checks of the
    same models and rules run in the builds they are compared with."""
    assert not warehouse.exists()
    skip = ("--exclude-resource-type", "test", "--exclude-resource-type", "unit_test")
    return run_build(lake, warehouse, "build", *skip)


def build_id(published: Path) -> str:
    return query(published, "select build_id from marts.rpt_build_info")[0][0]


def counts(published: Path) -> tuple:
    return query(
        published,
        "select (select count(*) from marts.fct_event), (select count(distinct event_key) from marts.fct_event), "
        "(select count(*) from marts.fct_event_step), (select count(*) from marts.dim_person)",
    )[0]


@pytest.fixture(scope="module")
def first_publish(loaded_district, tmp_path_factory):
    """The small district's lake copied, and published once (a full build from nothing)."""
    root, _, _ = loaded_district
    work = tmp_path_factory.mktemp("publish")
    shutil.copy(root / "lake.duckdb", work / "lake.duckdb")
    shutil.copytree(root / "quality", work / "quality")
    result = run_publish(work / "lake.duckdb", work / "warehouse.duckdb")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "published" in result.stdout
    return work


@pytest.fixture()
def work(first_publish, tmp_path_factory):
    """A private copy of the published district, so each fault test starts from the same state; always
    at the same path, emptied first, so each test's builds reuse dbt's parse of the one before."""
    work = tmp_path_factory.getbasetemp() / "publish-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    for name in ("lake.duckdb", "warehouse.duckdb"):
        shutil.copy(first_publish / name, work / name)
    shutil.copytree(first_publish / "quality", work / "quality")
    return work


def test_publish_swaps_in_a_checked_build_and_keeps_the_last_for_rollback(work, warehouse):
    published = work / "warehouse.duckdb"
    before, before_counts = build_id(published), counts(published)
    assert before_counts == counts(warehouse)  # same rows as a plain dbt build of the same lake
    reader = duckdb.connect(str(published), read_only=True)  # an app holding the old file open
    result = run_publish(work / "lake.duckdb", published)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    after = build_id(published)
    assert after != before
    assert counts(published) == before_counts  # incremental rerun: nothing doubled
    # the reader that had the old file open still reads the old build, undisturbed
    assert reader.execute("select build_id from marts.rpt_build_info").fetchone()[0] == before
    reader.close()
    kept = sorted((work / "builds").glob("warehouse-*.duckdb"))
    assert len(kept) == 1 and not list((work / "builds").glob("*.partial*"))
    # the new build carries the quality results of the checks that let it through
    assert query(published, "select count(*) from quality.runs where kind = 'warehouse'")[0][0] >= 8
    # rollback publishes the previous build again, atomically, and keeps the rolled-back one
    rolled = subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "publish",
            "--rollback",
            "--db",
            str(work / "lake.duckdb"),
            "--warehouse",
            str(published),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert rolled.returncode == 0, rolled.stderr
    assert build_id(published) == before
    # the standby copy made after the publish is of the build just rolled back: the next build must
    # not start from it, but from a copy of what is published now
    assert len(list((work / "builds").glob("warehouse.standby-*.duckdb"))) == 1
    again = run_publish(work / "lake.duckdb", published)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-2000:]
    assert "removed a standby copy of an earlier build" in again.stdout
    assert "incremental build on a copy of the published warehouse" in again.stdout
    assert counts(published) == before_counts


def test_a_failing_build_leaves_the_published_warehouse_untouched_and_says_why(work):
    published = work / "warehouse.duckdb"
    before = build_id(published)
    stat = published.stat()
    result = run_publish(work / "lake.duckdb", published, "run-operation", "no_such_macro")
    assert result.returncode == 1
    assert "not published, the published warehouse is unchanged" in result.stderr
    assert "dbt build failed" in result.stderr
    assert build_id(published) == before and published.stat().st_ino == stat.st_ino
    assert not list((work / "builds").glob("*.partial*"))


def test_the_waiting_dbt_process_runs_nothing_when_the_publish_gives_up(tmp_path):
    """publish starts dbt's process before it knows the command; when it stops before sending one
    (the lake is locked, a fingerprint cannot be read), the process ends without touching the build."""
    warehouse = tmp_path / "next.duckdb.partial"
    child = subprocess.run(
        [sys.executable, "-m", "ingest", "build", "--wait", "--db", str(tmp_path / "lake.duckdb"),
         "--warehouse", str(warehouse)],
        cwd=ROOT, input="", capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert child.returncode == 0, child.stderr
    assert "Running with dbt" not in child.stdout and not warehouse.exists()


def _children(pid: int) -> list[int]:
    """Direct children of a process (Linux /proc)."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"  # a zombie is dead, only not yet reaped by its new parent


def test_killing_the_publish_mid_build_kills_its_children_keeps_the_last_good_build_and_a_rerun_completes(
    work,
):
    published = work / "warehouse.duckdb"
    before, before_counts = build_id(published), counts(published)
    proc = subprocess.Popen(
        publish_cmd(work / "lake.duckdb", published),
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    for line in proc.stdout:  # wait until dbt is building models, then kill everything
        seen.append(line)
        if "START sql table model" in line:
            break
    time.sleep(1.5)
    children = _children(proc.pid)
    assert children, "dbt and the checks run as children of the publish"
    os.kill(proc.pid, signal.SIGKILL)  # the publish alone, as an out-of-memory kill would
    proc.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in children if _alive(pid)], "children outlived the killed publish"
    assert any("START sql" in line for line in seen), "".join(seen[-20:])
    assert build_id(published) == before and counts(published) == before_counts
    assert list((work / "builds").glob("*.partial")), "the killed build's file is left behind"
    result = run_publish(work / "lake.duckdb", published)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "removed an unfinished build" in result.stdout
    assert build_id(published) != before and counts(published) == before_counts
    assert not list((work / "builds").glob("*.partial*"))


def test_killed_load_duplicate_and_corrupt_files_then_rerun_lose_and_double_nothing(
    work, district, warehouse
):
    """A new day's exports: one file killed mid-load, a re-sent duplicate, a corrupt file."""
    published = work / "warehouse.duckdb"
    lake = work / "lake.duckdb"
    hotline = sorted((district / "inbox" / "hotline_12345").glob("*.csv"))[0]
    header = hotline.read_bytes().split(b"\n", 1)[0]
    encoding = "gb18030" if b"\xb9\xa4" in header else "utf-8-sig"
    table = list(csv.reader(io.StringIO(hotline.read_text(encoding=encoding), newline="")))
    head = next(i for i, row in enumerate(table) if row and row[0] in ("编号", "工单编号", "工单号"))
    body = [row for row in table[head + 1 :] if row and row[0].startswith("GD")][:200]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(table[head])
    writer.writerows([["GN" + row[0][2:], *row[1:]] for row in body])
    day = out.getvalue()
    inbox = make_inbox(work, {"hotline_12345/12345工单_新增.csv": day.encode(encoding)})
    # 1) killed after the new file's rows were inserted, before commit
    env = dict(os.environ, YIPING_FAULT="after_rows:hotline_12345/12345工单_新增.csv")
    killed = run_load(inbox, lake, env)
    assert killed.returncode == 137
    raw_before = query(lake, "select count(*) from raw.hotline_12345")[0][0]
    # 2) the rerun finds the same file, plus a re-sent duplicate and a corrupt export
    (inbox / "hotline_12345" / "12345工单_新增(1).csv").write_bytes(day.encode(encoding))
    (inbox / "city_mgmt").mkdir(exist_ok=True)
    (inbox / "city_mgmt" / "案卷_损坏.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook" * 10)
    rerun = run_load(inbox, lake)
    assert rerun.returncode == 2, rerun.stdout + rerun.stderr  # the corrupt file is quarantined
    statuses = dict(
        query(
            lake,
            "select file_path, status from raw._loads where file_path like 'hotline_12345/%新增%' "
            "or file_path like 'city_mgmt/%损坏%'",
        )
    )
    copies = ["hotline_12345/12345工单_新增.csv", "hotline_12345/12345工单_新增(1).csv"]
    assert sorted(statuses[c] for c in copies) == ["duplicate", "loaded"]  # the same bytes load once
    assert statuses["city_mgmt/案卷_损坏.xlsx"] == "quarantined"
    loaded = query(
        lake,
        "select rows_loaded from raw._loads where file_path like 'hotline_12345/%新增%' and status = 'loaded'",
    )[0][0]
    assert loaded == len(body)  # every new row loaded
    assert query(lake, "select count(*) from raw.hotline_12345")[0][0] == raw_before + loaded
    result = run_publish(lake, published)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    new_events = query(published, "select count(*) from marts.fct_event where source_id like 'GN%'")[0][0]
    assert new_events == loaded  # every new row became one event, none twice
    assert counts(published)[0] == counts(warehouse)[0] + loaded
    assert counts(published)[0] == counts(published)[1]


def test_two_builds_at_once_run_one_after_the_other(work):
    published = work / "warehouse.duckdb"
    before_counts = counts(published)
    # output to files, not pipes: the build holding the lock writes more than a pipe holds while the
    # test waits on the other one (a pipe would deadlock them)
    logs = [work / f"publish-{i}.log" for i in range(2)]
    procs = [
        subprocess.Popen(
            # one model each: the lock, the checks and the swap are the whole publish's
            publish_cmd(work / "lake.duckdb", published, "build", "--select", "rpt_build_info"),
            cwd=ROOT,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            text=True,
        )
        for log in logs
    ]
    for p in procs:
        p.wait(timeout=900)
    outputs = [log.read_text(encoding="utf-8") for log in logs]
    assert [p.returncode for p in procs] == [0, 0], outputs[0][-2000:] + outputs[1][-2000:]
    assert any("waiting for a running build" in out for out in outputs)
    assert counts(published) == before_counts
    assert len(list((work / "builds").glob("warehouse-*.duckdb"))) == 2


def test_the_wall_keeps_answering_while_builds_run(work):
    """Wall loads while a build publishes: every one renders, and the wall moves on to the new build."""
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("make test installs chromium")
    from playwright.sync_api import sync_playwright

    from tests.conftest import WALL_TOKEN, app_server

    published = work / "warehouse.duckdb"
    results = {"ok": 0, "failed": [], "built": set()}
    builds_done = threading.Event()

    def builds():
        for _ in range(1):  # one build (the standby path of a second one: test_publish_swaps_in_…)
            assert run_publish(work / "lake.duckdb", published).returncode == 0
        builds_done.set()

    with app_server(work, work / "audit.jsonl") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        builder = threading.Thread(target=builds)
        builder.start()
        while not builds_done.is_set() or results["ok"] < 5:
            page = browser.new_page(viewport={"width": 1920, "height": 1080})
            try:
                page.goto(f"{base}/?screen={WALL_TOKEN}", timeout=60_000)
                page.wait_for_selector('[data-testid="wall-ready"]', state="attached", timeout=60_000)
                header = page.locator('[data-testid="wall-header"]').inner_text()
                assert "数据截至" in header and "构建于" in header
                # the build id, not the header's minute: a publish can land within the same minute
                results["built"].add(page.locator('[data-testid="wall-ready"]').get_attribute("data-build"))
                results["ok"] += 1
            except Exception as e:  # noqa: BLE001 - every failure is counted and reported
                results["failed"].append(repr(e)[:300])
            finally:
                page.close()
            if results["ok"] > 60:
                break
        builder.join(timeout=900)
        browser.close()
    assert results["failed"] == []
    assert results["ok"] >= 5
    assert len(results["built"]) >= 2  # the wall moved to the new build while it kept answering


# what says when a build ran, or what it rewrote, not what the warehouse holds
BUILD_ONLY = {"marts.rpt_build_info", "intermediate.int_events_dedup_touched"}


def warehouse_tables(db: Path) -> list[str]:
    """Every table of the warehouse's models and seeds (schema.table): a day's build leaves the tables
    of models with nothing new upstream as published and rebuilds or merges into the others, and
    each must hold what a full build gives."""
    return [
        f"{schema}.{name}"
        for schema, name in query(
            db,
            "select table_schema, table_name from information_schema.tables where table_type = 'BASE TABLE' "
            "and table_schema in ('marts', 'intermediate', 'restricted', 'seeds') order by 1, 2",
        )
        if f"{schema}.{name}" not in BUILD_ONLY
    ]


# what a build stamps on its rows (which build wrote them, from which loads), not data
BUILD_STAMPS = {"_batch_loaded_at", "_registry_loaded_at", "_invocation_id", "_replaced_days"}


def table_differences(a: Path, b: Path, table: str) -> tuple[int, int, int]:
    """Rows of `table` only in a, only in b (build stamps left out, doubles rounded to 6 places), and a's row count.
    In the reports (rpt_*) the doubles (rates, mean hours, scores) are left out too: they are sums of
    doubles in whatever order the threads add them, rounded, so even two full builds can differ in a
    last digit; the integer counts they are computed from are compared."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{a}' as a (read_only)")
        con.execute(f"attach '{b}' as b (read_only)")
        schema, name = table.split(".")
        columns = con.execute(
            "select column_name, data_type from duckdb_columns() "
            "where database_name = 'a' and schema_name = ? and table_name = ? order by column_index",
            [schema, name],
        ).fetchall()
        summed = name.startswith("rpt_")
        select = ", ".join(
            f'round("{c}", 6)' if t == "DOUBLE" else f'"{c}"'
            for c, t in columns
            if c not in BUILD_STAMPS and not (summed and t == "DOUBLE")
        )
        only_a = con.execute(
            f"select count(*) from (select {select} from a.{table} except all select {select} from b.{table})"
        ).fetchone()[0]
        only_b = con.execute(
            f"select count(*) from (select {select} from b.{table} except all select {select} from a.{table})"
        ).fetchone()[0]
        rows = con.execute(f"select count(*) from a.{table}").fetchone()[0]
        return only_a, only_b, rows
    finally:
        con.close()


def test_a_daily_build_merges_only_the_new_day_and_equals_a_full_build(work, district):
    """A day's exports (new orders and a re-export of orders already loaded) published on the last
    build: the incremental event chain gives exactly the rows a full build from empty gives."""
    published, lake = work / "warehouse.duckdb", work / "lake.duckdb"
    hotline = sorted((district / "inbox" / "hotline_12345").glob("*.csv"))[0]
    header = hotline.read_bytes().split(b"\n", 1)[0]
    encoding = "gb18030" if b"\xb9\xa4" in header else "utf-8-sig"
    table = list(csv.reader(io.StringIO(hotline.read_text(encoding=encoding), newline="")))
    head = next(i for i, row in enumerate(table) if row and row[0] in ("编号", "工单编号", "工单号"))
    body = [row for row in table[head + 1 :] if row and row[0].startswith("GD")]
    files = {}
    half = len(body) // 2
    for name, rows in (("新增", [["GN" + r[0][2:], *r[1:]] for r in body[:half]]), ("重报", body[half:])):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(table[head])
        writer.writerows(rows)
        files[f"hotline_12345/12345工单_{name}.csv"] = out.getvalue().encode(encoding)
    inbox = make_inbox(work, files)
    load = run_load(inbox, lake)
    assert load.returncode == 0, load.stdout + load.stderr
    daily = run_publish(lake, published)
    assert daily.returncode == 0, daily.stdout[-3000:] + daily.stderr[-2000:]
    assert "incremental build" in daily.stdout
    full = build_from_empty(lake, work / "full.duckdb")
    assert full.returncode == 0, full.stdout[-3000:] + full.stderr[-2000:]
    tables = warehouse_tables(published)
    assert len(tables) > 60 and tables == warehouse_tables(work / "full.duckdb")
    for name in tables:
        only_daily, only_full, rows = table_differences(published, work / "full.duckdb", name)
        assert (only_daily, only_full) == (0, 0), (
            f"{name}: {only_daily} rows only in the daily build, {only_full} only in the full one"
        )
    # the re-exported orders were merged, not added: each now has two versions
    assert query(published, "select count(*) from marts.fct_event where source_id like 'GN%'")[0][0] == half
    assert (
        query(
            published,
            "select count(*) from marts.fct_event where version_count >= 2 and source = 'hotline_12345'",
        )[0][0]
        >= len(body) - half
    )
    # the daily build rewrote what the day touched (new, re-exported and still-open events), not the history
    rewritten = query(
        published,
        "select count(*) filter (where _batch_loaded_at = (select max(_batch_loaded_at) "
        "from intermediate.int_events_unioned)), count(*) from intermediate.int_events_unioned",
    )[0]
    assert rewritten[0] == len({r[0] for r in body}) and rewritten[1] > 10 * rewritten[0], rewritten

    # a new export of the address registry: every event is geocoded again, every text matched again
    registry = next((district / "inbox" / "address").glob("*"))
    lines = registry.read_bytes().splitlines(keepends=True)
    inbox = make_inbox(work, {f"address/{registry.stem}_更新{registry.suffix}": b"".join(lines[:-5])})
    load = run_load(inbox, lake)
    assert load.returncode == 0, load.stdout + load.stderr
    daily = run_publish(lake, published)
    assert daily.returncode == 0, daily.stdout[-3000:] + daily.stderr[-2000:]
    # this build started from the standby copy the previous publish made of itself
    assert "incremental build on the standby copy" in daily.stdout, daily.stdout[-3000:]
    (work / "full.duckdb").unlink()  # the same path as the first comparison: dbt's parse is reused
    full = build_from_empty(lake, work / "full.duckdb")
    assert full.returncode == 0, full.stdout[-3000:] + full.stderr[-2000:]
    for name in warehouse_tables(published):
        only_daily, only_full, _ = table_differences(published, work / "full.duckdb", name)
        assert (only_daily, only_full) == (0, 0), f"after a registry load, {name}: {only_daily} / {only_full}"
    assert (
        query(published, "select count(distinct _invocation_id) from intermediate.int_events_geocoded")[0][0]
        == 1
    )


def test_a_days_build_selects_what_depends_on_new_loads_and_on_changed_aliases(work, district):
    """What a day's publish rebuilds: nothing but the build's own row when nothing changed; the
    matcher and what follows it once a steward confirms an alias; a source's models (and the
    manifest's) once a file of it is loaded."""
    from ingest.addresses.aliases import confirm_alias
    from ingest.publish import published_stamp
    from ingest.selection import day_selection

    lake, published = work / "lake.duckdb", work / "warehouse.duckdb"
    seen = published_stamp(published)[1]
    assert seen is not None and day_selection(lake, published, seen)[0] == ["rpt_build_info"]

    (code,) = query(published, "select min(address_code) from marts.dim_address")[0]
    confirm_alias(work, alias="秦淮区某某大院三号楼", kind="address", target=code, by="steward-test")
    selectors, why = day_selection(lake, published, seen)
    assert selectors == ["int_address_texts_matched+", "rpt_build_info"] and "aliases" in why

    hotline = sorted((district / "inbox" / "hotline_12345").glob("*.csv"))[0]
    inbox = make_inbox(
        work, {"hotline_12345/12345工单_重报.csv": hotline.read_bytes() + b"\r\n"}
    )  # a re-export
    assert run_load(inbox, lake).returncode in (0, 2)
    selectors, _ = day_selection(lake, published, seen)
    assert selectors == [
        "source:ingest_manifest+",
        "source:hotline_12345+",
        "int_address_texts_matched+",
        "rpt_build_info",
    ], selectors

    # a published build that does not say which loads it had seen: everything is built
    assert day_selection(lake, published, None) is None


def test_a_build_takes_a_bounded_share_of_memory_and_spills_beyond_it(work, monkeypatch):
    """DuckDB's memory during a build is a fifth of the machine unless YIPING_BUILD_MEMORY says
    otherwise, and what does not fit spills beside the raw layer (or to YIPING_SPILL_DIR): the
    settings reach the build itself, not only the runner's environment."""
    from ingest.build import build_memory_limit, dbt_env, physical_memory_mb

    monkeypatch.delenv("YIPING_BUILD_MEMORY", raising=False)
    monkeypatch.delenv("YIPING_SPILL_DIR", raising=False)
    assert build_memory_limit() == f"{max(1024, physical_memory_mb() // 5)}MB"
    env = dbt_env(work / "lake.duckdb", work / "warehouse.duckdb")
    assert env["YIPING_SPILL_DIR"] == str((work / ".spill").resolve())
    result = subprocess.run(
        [sys.executable, "-m", "ingest", "build", "--db", str(work / "lake.duckdb")]
        + ["--warehouse", str(work / "warehouse.duckdb"), "--", "run-operation", "build_resources"],
        cwd=ROOT,
        env={**os.environ, "YIPING_BUILD_MEMORY": "3GiB", "YIPING_SPILL_DIR": str(work / "spill here")},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "build memory limit: 3.0 GiB" in result.stdout, result.stdout[-2000:]
    assert f"spill directory: {work / 'spill here'}" in result.stdout


def test_the_address_matcher_lends_half_of_duckdbs_memory_on_a_full_build_and_gives_it_back():
    """A full build's matching fills the build process with Python objects while DuckDB's buffer pool
    still holds what earlier models read: the model halves DuckDB's limit for it (a day's few texts
    do not), and the model's post-hook restores the build's limit."""
    import importlib.util

    import yaml

    path = ROOT / "dbt_project" / "models" / "intermediate" / "int_address_texts_matched.py"
    spec = importlib.util.spec_from_file_location("int_address_texts_matched", path)
    matcher = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(matcher)
    con = duckdb.connect()
    con.execute("set memory_limit = '3GiB'")
    matcher._lend_memory(con)
    assert con.execute("select current_setting('memory_limit')").fetchone()[0] == "1.5 GiB"
    assert matcher.LEND_FROM_TEXTS >= 20_000, "a day's texts keep DuckDB's pool"
    config = yaml.safe_load(path.with_suffix(".yml").read_text(encoding="utf-8"))["models"][0]["config"]
    assert any("set memory_limit = '{{ env_var('YIPING_BUILD_MEMORY'" in hook for hook in config["post_hook"])


def test_a_build_short_of_disk_drops_the_oldest_kept_builds_first(tmp_path, monkeypatch):
    """Kept builds make way, oldest first, until two warehouses of the published size fit; the published
    file itself and the newest kept build stay when that is enough."""
    from collections import namedtuple

    from ingest import publish as pub

    published = tmp_path / "warehouse.duckdb"
    published.write_bytes(b"x" * 1000)
    folder = pub.builds_dir(published)
    folder.mkdir()
    kept = [folder / f"warehouse-2026112{d}T000000.duckdb" for d in (1, 2, 3)]
    for path in kept:
        path.write_bytes(b"x" * 1000)
    usage = namedtuple("usage", "total used free")
    free = {"bytes": 500}

    def disk_usage(_path):
        on_disk = sum(p.stat().st_size for p in kept if p.exists())
        return usage(10**6, on_disk, free["bytes"] + 3000 - on_disk)

    monkeypatch.setattr(pub.shutil, "disk_usage", disk_usage)
    out = io.StringIO()
    pub._make_room(published, out)  # needs 2000 free: 500 + two removed builds' 2000 ≥ 2000
    assert [p.exists() for p in kept] == [False, False, True]
    assert published.exists() and "warehouse-20261121T000000.duckdb" in out.getvalue()
    free["bytes"] = 10**6
    pub._make_room(published, io.StringIO())  # room enough: nothing more goes
    assert kept[2].exists()
