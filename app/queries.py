"""The app's only data access: read-only DuckDB, SQL lives here, results cached.

Pages call these functions and never open connections or write SQL themselves.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

from expectations.store import LATEST_RUNS_CTES

ROOT = Path(__file__).resolve().parent.parent


def lake_path() -> Path:
    return Path(os.environ.get("YIPING_LAKE", ROOT / "data" / "lake.duckdb"))


def warehouse_path() -> Path:
    return Path(os.environ.get("YIPING_WAREHOUSE", ROOT / "data" / "warehouse.duckdb"))


def data_docs_index() -> Path:
    """The Great Expectations Data Docs site built next to the lake (make build / make quality)."""
    return lake_path().parent / "quality" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


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


# ---- data quality (quality.* in the warehouse: the lake's history as of this build) -------------


def quality_builds() -> pd.DataFrame:
    """One row per checked build: when, outcome, critical and warning counts."""
    return _quality_builds(warehouse_path())


def quality_gates() -> pd.DataFrame:
    """Per source: batches gated, promoted, quarantined, with warnings (latest run per batch)."""
    return _quality_gates(warehouse_path())


def quality_findings() -> pd.DataFrame:
    """Every check that failed in the latest build or the latest gate run of any export."""
    return _quality_findings(warehouse_path())


def quality_failures(check_code: str, limit: int = 200) -> pd.DataFrame:
    """Failing-row samples of one check (masked), with export file and row number."""
    return _quality_failures(warehouse_path(), check_code, limit)


_LATEST_RUNS = LATEST_RUNS_CTES.format(quality="{lake}.quality")


@st.cache_data(ttl=30, show_spinner=False)
def _quality_builds(path: Path) -> pd.DataFrame:
    return _query(
        path,
        """
        select build_id, min(started_at) as checked_at,
            case when sum(critical_failed) > 0 then 'blocked' else 'publishable' end as decision,
            sum(critical_failed) as critical_failed, sum(warnings_failed) as warnings_failed
        from {lake}.quality.runs where kind = 'warehouse'
        group by build_id order by checked_at desc""",
    )


@st.cache_data(ttl=30, show_spinner=False)
def _quality_gates(path: Path) -> pd.DataFrame:
    return _query(
        path,
        f"""
        with {_LATEST_RUNS}
        select source, count(*) as batches, sum(rows_checked) as rows_checked,
            count(*) filter (where decision = 'promoted') as promoted,
            count(*) filter (where decision = 'quarantined') as gate_quarantined,
            count(*) filter (where outcome = 'warnings') as with_warnings
        from latest_gate group by source order by source""",
    )


@st.cache_data(ttl=30, show_spinner=False)
def _quality_findings(path: Path) -> pd.DataFrame:
    return _query(
        path,
        f"""
        with {_LATEST_RUNS}
        select r.check_code, any_value(r.severity) as severity, any_value(r.title_zh) as title_zh,
            any_value(r.title_en) as title_en, any_value(latest_runs.kind) as kind,
            count(*) as failed_runs,
            sum(coalesce(r.offending_events, r.unexpected_count)) as failing_rows,
            string_agg(distinct latest_runs.source_file, '、') filter (where latest_runs.kind = 'ingest_gate') as files
        from {{lake}}.quality.results r join latest_runs using (run_id)
        where r.success is not true
        group by r.check_code
        order by any_value(r.severity) = 'critical' desc, failing_rows desc""".replace("{{lake}}", "{lake}"),
    )


@st.cache_data(ttl=30, show_spinner=False)
def _quality_failures(path: Path, check_code: str, limit: int) -> pd.DataFrame:
    return _query(
        path,
        """
        select f.source_file, f.row_number, f.value, f.record, r.started_at as checked_at
        from {lake}.quality.failures f join {lake}.quality.runs r using (run_id)
        where f.check_code = ?
        order by r.started_at desc, f.source_file, f.row_number limit ?""",
        [check_code, limit],
    )
