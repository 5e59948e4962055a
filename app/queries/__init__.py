"""The app's only data access. SQL lives in these modules — one per page family — and nowhere
else; every query is read-only and cached per published build (see connection.py).

    connection  the read-only warehouse connection (reopened when a new build is published), lake access
    wall        一屏总览: pre-aggregated rpt_screen_wall_* models only
    street      街道工作台: one street's grids, overdue list, rankings, events
    events      事件查询与追溯: search, timeline, duplicates, raw source row
    registries  基础台账: population, housing, entities, evacuation list, licences
    assessment  考核评价: composite scores and grades
    risk        研判分析: hotspots, recurring addresses, hour × weekday, campaigns
    steward     数据管理: ingest manifest, quality results, dbt run results, freshness, address review
"""

from app.queries.connection import (
    LakeUnavailable,
    WarehouseUnavailable,
    lake_path,
    signature,
    warehouse_path,
)
from app.queries.steward import (
    address_codes,
    address_review,
    address_review_summary,
    data_docs_index,
    dbt_docs_index,
    dbt_run_results,
    docs_bundle,
    ingest_files,
    ingest_rejects,
    ingest_summary,
    loaded_row_exists,
    quality_builds,
    quality_failures,
    quality_findings,
    quality_gates,
    source_freshness,
)

__all__ = [
    "address_codes",
    "address_review",
    "address_review_summary",
    "LakeUnavailable",
    "WarehouseUnavailable",
    "data_docs_index",
    "dbt_docs_index",
    "docs_bundle",
    "dbt_run_results",
    "ingest_files",
    "ingest_rejects",
    "ingest_summary",
    "lake_path",
    "loaded_row_exists",
    "quality_builds",
    "quality_failures",
    "quality_findings",
    "quality_gates",
    "signature",
    "source_freshness",
    "warehouse_path",
]
