"""Shared fixtures: a small generated district, and helpers to build one-off inboxes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from ingest.conductor import load_exports
from ingest.synth.district import generate

SMALL_EVENTS = 4000
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def dbt_parse_cache(tmp_path_factory):
    """One folder for dbt's kept parses (ingest/build.py), outside the per-test folders that are
    thrown away: tests that build at the same paths reuse one parse instead of re-parsing."""
    folder = tmp_path_factory.mktemp("dbt-parse-cache")
    os.environ["YIPING_DBT_PARSE_CACHE"] = str(folder)
    yield folder
    os.environ.pop("YIPING_DBT_PARSE_CACHE", None)


@pytest.fixture(scope="session")
def district(tmp_path_factory) -> Path:
    """A generated demo district (inbox + truth), shared read-only by the tests."""
    root = tmp_path_factory.mktemp("district")
    generate(root / "inbox", events=SMALL_EVENTS, seed=11, log=lambda *_: None)
    return root


@pytest.fixture(scope="session")
def loaded_district(tmp_path_factory, district) -> tuple[Path, int, list]:
    """The district loaded once into a raw layer (inbox copied, since quarantine moves files)."""
    import shutil

    root = tmp_path_factory.mktemp("loaded")
    shutil.copytree(district / "inbox", root / "inbox")
    code, results = load_exports(root / "inbox", root / "lake.duckdb", out=open("/dev/null", "w"))
    return root, code, results


def run_build(lake: Path, warehouse: Path, *dbt_args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "ingest",
            "build",
            "--db",
            str(lake),
            "--warehouse",
            str(warehouse),
            "--",
            *dbt_args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def warehouse(loaded_district) -> Path:
    root, _, _ = loaded_district
    wh = root / "warehouse.duckdb"
    result = run_build(root / "lake.duckdb", wh, "build")
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return wh


def query(db: Path, sql: str, params=None):
    con = duckdb.connect()
    con.execute(f"attach '{db}' as lake (read_only)")
    con.execute("use lake")
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def make_inbox(tmp_path: Path, files: dict[str, bytes | str]) -> Path:
    """Write {"source/name.ext": content} into tmp_path/inbox and return the inbox."""
    inbox = tmp_path / "inbox"
    for rel, content in files.items():
        p = inbox / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            p.write_text(content, encoding="utf-8")
        else:
            p.write_bytes(content)
    return inbox


def run_load(tmp_path: Path, inbox: Path, gates: bool = False) -> tuple[int, list, Path]:
    """Load an inbox. Loader unit tests check parsing alone (gates off); gate tests turn them on."""
    db = tmp_path / "lake.duckdb"
    code, results = load_exports(inbox, db, out=open("/dev/null", "w"), gates=gates)
    return code, results, db


@pytest.fixture(scope="session")
def checked(tmp_path_factory, loaded_district, warehouse):
    """A copy of the small district's lake and build, with the warehouse checks run on it."""
    import shutil

    from expectations.check import run as run_warehouse_checks

    root, _, _ = loaded_district
    work = tmp_path_factory.mktemp("checked")
    shutil.copy(root / "lake.duckdb", work / "lake.duckdb")
    shutil.copy(warehouse, work / "warehouse.duckdb")
    shutil.copytree(root / "quality", work / "quality")
    code, records = run_warehouse_checks(
        work / "lake.duckdb", work / "warehouse.duckdb", work / "quality", out=open("/dev/null", "w")
    )
    return work, code, records


APP = ROOT / "app" / "main.py"
DEMO_PASSWORDS = {
    "admin": "yiping-admin",
    "steward": "yiping-steward",
    "ruijin": "yiping-ruijin",
    "qinhong": "yiping-qinhong",
}
WALL_TOKEN = "demo-wall-qinhuai"


def app_as(username: str | None, page: str | None = None, timeout: float = 60):
    """An AppTest of the whole app, signed in through the real form (None: not signed in),
    then switched to app/views/<page>.py when given."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=timeout)
    at.run()
    if username is not None:
        at.text_input(key="login_username").input(username)
        at.text_input(key="login_password").input(DEMO_PASSWORDS[username])
        at.button[0].click().run()
        assert not at.exception, at.exception
    if page is not None:
        at.switch_page(f"views/{page}.py").run()
    return at


@pytest.fixture()
def app_env(checked, monkeypatch, tmp_path):
    """Point the app at the small district's checked build; audit log in a temp file."""
    work, _, _ = checked
    monkeypatch.setenv("YIPING_LAKE", str(work / "lake.duckdb"))
    monkeypatch.setenv("YIPING_WAREHOUSE", str(work / "warehouse.duckdb"))
    monkeypatch.setenv("YIPING_AUDIT_LOG", str(tmp_path / "audit.jsonl"))
    monkeypatch.setenv("YIPING_SESSION_KEY_FILE", str(tmp_path / ".session_key"))
    return work


@contextmanager
def app_server(work: Path, audit_log: Path, port: int | None = None, env_extra: dict | None = None):
    """The app served by Streamlit on a free port (or `port`) against work/{lake,warehouse}.duckdb;
    yields its base URL once it answers its health check."""
    import socket
    import urllib.request

    if port is None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    env = {
        **os.environ,
        "YIPING_LAKE": str(work / "lake.duckdb"),
        "YIPING_WAREHOUSE": str(work / "warehouse.duckdb"),
        "YIPING_AUDIT_LOG": str(audit_log),
        "YIPING_SESSION_KEY_FILE": str(audit_log.parent / ".session_key"),
        **(env_extra or {}),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(APP),
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.enableStaticServing",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://localhost:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
