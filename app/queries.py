"""The app's only data access: read-only DuckDB, SQL lives here, results cached.

Pages call these functions and never open connections or write SQL themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent


def lake_path() -> Path:
    return Path(os.environ.get("YIPING_LAKE", ROOT / "data" / "lake.duckdb"))


class LakeUnavailable(Exception):
    """No raw layer yet, or a load holds the write lock."""


def _query(path: Path, sql: str, params: list | None = None) -> pd.DataFrame:
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


def ingest_summary() -> pd.DataFrame:
    """One row per source and status: files and row arithmetic."""
    return _ingest_summary(lake_path())


def ingest_files() -> pd.DataFrame:
    """One row per file the loader has seen, newest first."""
    return _ingest_files(lake_path())


def ingest_rejects(load_id: str, limit: int = 500) -> pd.DataFrame:
    """Rejected rows of one file, with their original content and row number."""
    return _ingest_rejects(lake_path(), load_id, limit)


# Cached per database path, so a different lake (tests, another district) never sees stale rows.
@st.cache_data(ttl=30, show_spinner=False)
def _ingest_summary(path: Path) -> pd.DataFrame:
    return _query(
        path,
        """
        select source, status, count(*) as files, sum(rows_in) as rows_in, sum(rows_loaded) as rows_loaded,
               sum(rows_rejected) as rows_rejected
        from {lake}.raw._loads group by all order by source, status""",
    )


@st.cache_data(ttl=30, show_spinner=False)
def _ingest_files(path: Path) -> pd.DataFrame:
    return _query(
        path,
        """
        select load_id, source, file_path, status, encoding, reader, header_row, rows_in, rows_loaded, rows_rejected,
               reason, loaded_at, round(duration_ms) as duration_ms
        from {lake}.raw._loads order by loaded_at desc, file_path""",
    )


@st.cache_data(ttl=30, show_spinner=False)
def _ingest_rejects(path: Path, load_id: str, limit: int) -> pd.DataFrame:
    return _query(
        path,
        """
        select row_number, field, reason, original from {lake}.raw._rejects
        where load_id = ? order by row_number limit ?""",
        [load_id, limit],
    )
