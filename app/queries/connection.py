"""The read-only connections behind every query: the published warehouse and, for lineage only,
the lake.

The warehouse file is opened once per process (`st.cache_resource`) and handed out as one cursor
per call, so Streamlit's script threads never share a cursor. Each call first compares the file's
identity (inode, size, mtime) with the open one: when a build publishes a new file by atomic
rename, the next query reopens it — no restart, no failed request — and the identity is part of
every cached query's key (`published_query`), so earlier cached results for the old file are
unreachable.
"""

from __future__ import annotations

import functools
import inspect
import os
import threading
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
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


# The published build a query runs on: set by published_query for the call it caches.
_BUILD: ContextVar[Signature | None] = ContextVar("published_build", default=None)


def read(sql: str, params: list | None = None) -> pd.DataFrame:
    """Run one query on the published warehouse and return a frame: on the build the calling
    published_query is cached for, else on the one published now."""
    with warehouse_cursor(_BUILD.get() or signature()) as cur:
        return cur.execute(sql, params or []).df()


def _cached(
    key: Callable[[], object], bind: ContextVar | None, ttl: float | None, max_entries: int
) -> Callable:
    """Cache a function's result per (key(), arguments); `bind` receives the key during the call.
    A function with a `scope` parameter is called only with a Scope (app/queries/scope.py)."""
    from app.queries.scope import Scope

    def wrap(fn: Callable) -> Callable:
        signature_of_fn = inspect.signature(fn)
        scoped = "scope" in signature_of_fn.parameters

        def keyed(source_key, *args, **kwargs):
            if bind is None:
                return fn(*args, **kwargs)
            token = bind.set(source_key)
            try:
                return fn(*args, **kwargs)
            finally:
                bind.reset(token)

        # Streamlit keys a cache by module and qualified name: one cache per query function
        keyed.__module__, keyed.__qualname__ = fn.__module__, f"{fn.__qualname__}.keyed"
        cached = st.cache_data(
            ttl=ttl, show_spinner=False, max_entries=max_entries, hash_funcs={Scope: lambda s: s.street_code}
        )(keyed)

        @functools.wraps(fn)
        def query(*args, **kwargs):
            if scoped:
                require_scope(fn.__qualname__, signature_of_fn.bind(*args, **kwargs).arguments.get("scope"))
            return cached(key(), *args, **kwargs)

        query.clear = cached.clear
        return query

    return wrap


def require_scope(query: str, scope: object) -> None:
    """A scoped query called with anything but a Scope (a bare street code, None) is refused."""
    from app.queries.scope import Scope

    if not isinstance(scope, Scope):
        raise TypeError(f"{query} needs a Scope from Scope.of(identity), got {scope!r}")


def published_query(ttl: float | None = None, max_entries: int = 32) -> Callable:
    """Cache a warehouse query's result per published build and arguments — the app's one caching
    mechanism for queries. A new publish changes the key, so no page mixes results of two builds;
    `ttl` (seconds) bounds how long one result is kept."""
    return _cached(signature, _BUILD, ttl, max_entries)


def lake_query(ttl: float | None = None, max_entries: int = 8) -> Callable:
    """Cache a query on the lake's manifest per lake path and arguments (a load changes the
    manifest without a publish, so `ttl` is short)."""
    return _cached(lambda: str(lake_path()), None, ttl, max_entries)


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
