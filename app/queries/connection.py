"""The read-only connections behind every query: the published warehouse and, for lineage only,
the lake.

The warehouse file is opened once per process (`st.cache_resource`) and handed out as one cursor
per call, so Streamlit's script threads never share a cursor. Each call first compares the file's
identity (inode, size, mtime) with the open one: when a build publishes a new file by atomic
rename, the next query reopens it — no restart, no failed request — and the identity, passed to
every cached query as `signature`, makes earlier cached results for the old file unreachable.
"""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent.parent


def lake_path() -> Path:
    return Path(os.environ.get("YIPING_LAKE", ROOT / "data" / "lake.duckdb"))


def warehouse_path() -> Path:
    return Path(os.environ.get("YIPING_WAREHOUSE", ROOT / "data" / "warehouse.duckdb"))


class LakeUnavailable(Exception):
    """No database file yet ("missing"), or a writer holds its lock ("busy")."""


class WarehouseUnavailable(LakeUnavailable):
    """No published warehouse yet ("missing"), or it cannot be opened read-only ("busy")."""


Signature = tuple[str, int, int, int]


def signature(path: Path | None = None) -> Signature:
    """The published file's identity; changes whenever a new build is renamed into place."""
    path = path or warehouse_path()
    try:
        st_ = path.stat()
    except FileNotFoundError as e:
        raise WarehouseUnavailable("missing") from e
    return (str(path), st_.st_ino, st_.st_size, st_.st_mtime_ns)


@dataclass
class _Published:
    signature: Signature | None = None
    con: duckdb.DuckDBPyConnection | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


@st.cache_resource(show_spinner=False)
def _published() -> _Published:
    return _Published()


def _open(sig: Signature) -> duckdb.DuckDBPyConnection:
    """A fresh in-memory database with the published file attached read-only as `warehouse`.

    Not duckdb.connect(path): that goes through DuckDB's per-path instance cache, which would
    hand back the old, renamed-away file after a publish."""
    con = duckdb.connect()
    try:
        con.execute(f"attach '{sig[0]}' as warehouse (read_only)")
    except duckdb.IOException as e:
        con.close()
        raise WarehouseUnavailable("busy") from e
    return con


@contextmanager
def warehouse_cursor(sig: Signature):
    """A cursor on the published warehouse as identified by `sig` (reopened when it changed)."""
    holder = _published()
    with holder.lock:
        if holder.signature != sig or holder.con is None:
            # The old connection is dropped, not closed: closing it would close the cursors of
            # queries still running on other threads. It goes when the last of them finishes.
            holder.con = _open(sig)
            holder.signature = sig
        cur = holder.con.cursor()
    try:
        cur.execute("use warehouse")
        yield cur
    finally:
        cur.close()


def read(sig: Signature, sql: str, params: list | None = None) -> pd.DataFrame:
    """Run one query on the published warehouse and return a frame."""
    with warehouse_cursor(sig) as cur:
        return cur.execute(sql, params or []).df()


def read_lake(sql: str, params: list | None = None) -> pd.DataFrame:
    """Run one query on the lake (manifest, quarantine, raw rows), attached read-only as `lake`.

    Opened per call: a running load holds the lake's write lock, and the caller shows "busy"."""
    path = lake_path()
    if not path.exists():
        raise LakeUnavailable("missing")
    try:
        con = duckdb.connect()
        con.execute(f"attach '{path}' as lake (read_only)")
    except duckdb.IOException as e:
        raise LakeUnavailable("busy") from e
    try:
        return con.execute(sql.replace("{lake}", "lake"), params or []).df()
    finally:
        con.close()
