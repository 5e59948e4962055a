"""Queries of the data steward's pages: the ingest manifest (lake), quality results, dbt run
results and per-source freshness (warehouse)."""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app.queries.connection import ROOT, lake_path, published_query, read, read_lake


def data_docs_index() -> Path:
    """The Great Expectations Data Docs site built next to the lake (make build / make quality)."""
    return lake_path().parent / "quality" / "gx" / "uncommitted" / "data_docs" / "local_site" / "index.html"


def dbt_target_dir() -> Path:
    return Path(os.environ.get("YIPING_DBT_TARGET", ROOT / "dbt_project" / "target"))


# ---- ingest (the lake's manifest as of the published build: marts.rpt_steward_*) ---------------


@published_query(ttl=60, max_entries=4)
def ingest_summary() -> pd.DataFrame:
    """One row per source and status: files and row arithmetic (the manifest as of the published build)."""
    return read(
        """
        select source, status, count(*) as files, sum(rows_in) as rows_in, sum(rows_loaded) as rows_loaded,
               sum(rows_rejected) as rows_rejected
        from marts.rpt_steward_loads group by all order by source, status"""
    )


@published_query(ttl=60, max_entries=4)
def ingest_files() -> pd.DataFrame:
    """One row per file the loader has seen, newest first."""
    return read(
        """
        select load_id, source, file_path, status, encoding, reader, header_row, rows_in, rows_loaded,
               rows_rejected, reason, loaded_at, duration_ms, is_superseded
        from marts.rpt_steward_loads order by loaded_at desc, file_path"""
    )


@published_query(ttl=60, max_entries=32)
def ingest_rejects(load_id: str, limit: int = 500) -> pd.DataFrame:
    """Rejected rows of one file, with their row as exported (masked) and row number."""
    return read(
        """
        select row_number, field, reason, original_masked as original from marts.rpt_steward_rejects
        where load_id = ? order by row_number limit ?""",
        [load_id, limit],
    )


def loaded_row_exists(source_file: str, row_number: int) -> bool:
    """Whether the lake holds that raw row (a steward's exclusion must name a row that loaded): the one
    check made against the lake itself, since a row loaded after the last build may be excluded too."""
    source = source_file.split("/", 1)[0]
    from ingest.specs import SPECS

    if source not in SPECS:
        return False
    hit = read_lake(
        f'select count(*) as n from {{lake}}.raw."{source}" where _source_file = ? and _row_number = ?',
        [source_file, int(row_number)],
    )
    return bool(hit["n"].iloc[0])


# ---- data quality (quality.* in the warehouse: the lake's history as of this build) -------------


@published_query(ttl=60, max_entries=4)
def quality_builds() -> pd.DataFrame:
    """One row per checked build: when, outcome, critical and warning counts."""
    return read(
        """
        select build_id, min(started_at) as checked_at,
            case when sum(critical_failed) > 0 then 'blocked' else 'publishable' end as decision,
            sum(critical_failed) as critical_failed, sum(warnings_failed) as warnings_failed
        from quality.runs where kind = 'warehouse'
        group by build_id order by checked_at desc""",
    )


@published_query(ttl=60, max_entries=4)
def quality_gates() -> pd.DataFrame:
    """Per source: batches gated, promoted, quarantined, with warnings (latest run per batch)."""
    return read(
        """
        select source, count(*) as batches, sum(rows_checked) as rows_checked,
            count(*) filter (where decision = 'promoted') as promoted,
            count(*) filter (where decision = 'quarantined') as gate_quarantined,
            count(*) filter (where outcome = 'warnings') as with_warnings
        from quality.latest_runs where kind = 'ingest_gate' group by source order by source""",
    )


@published_query(ttl=60, max_entries=4)
def quality_findings() -> pd.DataFrame:
    """Every check that failed in the latest build or the latest gate run of any export."""
    return read(
        """
        select r.check_code, any_value(r.severity) as severity, any_value(r.title_zh) as title_zh,
            any_value(r.title_en) as title_en, any_value(latest_runs.kind) as kind,
            count(*) as failed_runs,
            sum(coalesce(r.offending_events, r.unexpected_count)) as failing_rows,
            string_agg(distinct latest_runs.source_file, '、') filter (where latest_runs.kind = 'ingest_gate') as files
        from quality.results r join quality.latest_runs as latest_runs using (run_id)
        where r.success is not true
        group by r.check_code
        order by any_value(r.severity) = 'critical' desc, failing_rows desc""",
    )


@published_query(ttl=60, max_entries=32)
def quality_failures(check_code: str, limit: int = 200) -> pd.DataFrame:
    """Failing-row samples of one check (masked), with export file and row number."""
    return read(
        """
        select f.source_file, f.row_number, f.value, f.record, r.started_at as checked_at
        from quality.failures f join quality.runs r using (run_id)
        where f.check_code = ?
        order by r.started_at desc, f.source_file, f.row_number limit ?""",
        [check_code, limit],
    )


# ---- builds: dbt run results and freshness per source ----------------------------------------


def dbt_run_results() -> tuple[dict, pd.DataFrame]:
    """The last dbt build's metadata and one row per node (model, test, seed) with status and time
    (`make docs` writes its own results under target/docs, so they never hide the build's)."""
    path = dbt_target_dir() / "run_results.json"
    if not path.exists():
        return {}, pd.DataFrame(columns=["unique_id", "resource_type", "status", "execution_time", "message"])
    mtime = path.stat().st_mtime_ns
    return _dbt_run_results(str(path), mtime)


@st.cache_data(ttl=300, show_spinner=False, max_entries=2)
def _dbt_run_results(path: str, mtime: int) -> tuple[dict, pd.DataFrame]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    rows = [
        {
            "unique_id": r["unique_id"],
            "resource_type": r["unique_id"].split(".")[0],
            "node_name": r["unique_id"].split(".")[2],
            "status": r["status"],
            "execution_time": round(r.get("execution_time") or 0.0, 3),
            "failures": "—" if r.get("failures") is None else str(r["failures"]),
            "message": r.get("message"),
        }
        for r in data.get("results", [])
    ]
    meta = {
        "invocation_id": data.get("metadata", {}).get("invocation_id"),
        "generated_at": data.get("metadata", {}).get("generated_at"),
        "elapsed_time": data.get("elapsed_time"),
        "args": " ".join(data.get("args", {}).get("which", "") and [data["args"]["which"]] or []),
    }
    return meta, pd.DataFrame(rows)


@published_query(ttl=120, max_entries=4)
def source_freshness() -> pd.DataFrame:
    """Per event source: events in the warehouse, the newest report and load, and the time it is
    current through (the page measures how far behind now that is, in the district's time zone)."""
    return read(
        """
        select source, event_count, last_reported_at, last_loaded_at, export_files, current_through_at,
               stale_after_hours
        from marts.rpt_steward_source_freshness
        order by source""",
    )


def dbt_docs_index() -> Path:
    """dbt's one-file docs site (`make docs`: docs generate --static), which opens offline."""
    return dbt_target_dir() / "docs" / "static_index.html"


def docs_bundle(index: Path) -> bytes | None:
    """A docs site as one download: dbt's single HTML file as it is, the Data Docs folder as a zip
    (its pages link each other relatively, so the unzipped folder opens offline). None if not built."""
    if not index.exists():
        return None
    return _docs_bundle(str(index), index.stat().st_mtime_ns)


@st.cache_data(show_spinner=False, max_entries=4)
def _docs_bundle(index: str, _mtime_ns: int) -> bytes:
    path = Path(index)
    if path.name != "index.html":
        return path.read_bytes()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(path.parent.rglob("*")):
            if file.is_file():
                archive.write(file, Path("data_docs") / file.relative_to(path.parent))
    return buffer.getvalue()


# ---- address matching (the steward's review list) ------------------------------------------------


@published_query(ttl=300, max_entries=4)
def address_review(limit: int = 300) -> pd.DataFrame:
    """Place texts placed weakly, most events first, with best candidate and runner-up (masked text)."""
    return read(
        """
        select place_key, place_text, event_count, unlocated_count, match_method, match_confidence,
            best_address_code, best_full_address, best_grid_code, runner_up_code, runner_up_full_address,
            runner_up_grid_code, candidate_count,
            text_grid_code, latest_reported_at
        from marts.rpt_steward_address_review
        order by event_count desc, place_text limit ?""",
        [limit],
    )


@published_query(ttl=300, max_entries=4)
def address_review_summary() -> dict:
    """How many texts and events the review list holds, and how many events are unlocated."""
    frame = read(
        """
        select count(*) as texts, coalesce(sum(event_count), 0) as events,
            coalesce(sum(unlocated_count), 0) as unlocated,
            (select count(*) from marts.fct_event) as all_events
        from marts.rpt_steward_address_review"""
    )
    return frame.iloc[0].to_dict() if not frame.empty else {}


@published_query(ttl=600, max_entries=2)
def address_codes() -> set[str]:
    """Every standard address code (to check a code a steward types)."""
    return set(read("select address_code from marts.dim_address")["address_code"])
