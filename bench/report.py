"""Render BENCHMARKS.md from bench/results.json: every figure against its target, per size."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
OUT = ROOT / "BENCHMARKS.md"

SECTIONS = [
    ("Generation", ["generate_seconds"]),
    (
        "Ingest (loader with quality gates vs polars' raw read and pandas, same files, same run)",
        [
            "ingest_total_seconds",
            "ingest_total_rows",
            "ingest_peak_rss_mb",
            *[
                f"{k}_{f}"
                for f in ("xlsx", "gbk_csv", "jsonl")
                for k in (
                    "ingest_rows_per_second",
                    "polars_raw_rows_per_second",
                    "pandas_rows_per_second",
                    "ingest_ratio_to_polars",
                    "ingest_ratio_to_pandas",
                )
            ],
        ],
    ),
    (
        "dbt build and publish",
        [
            "dbt_full_build_seconds",
            "dbt_full_build_peak_rss_mb",
            "dbt_build_elapsed_seconds",
            "dbt_slowest_nodes",
            "incremental_day_rows",
            "incremental_day_load_seconds",
            "dbt_incremental_day_seconds",
            "incremental_day_standby_copy_seconds",
            "incremental_day_command_seconds",
            "dbt_incremental_day_dbt_elapsed_seconds",
            "dbt_incremental_day_seconds_by_kind",
            "dbt_incremental_day_slowest_nodes",
            "dbt_incremental_day_peak_rss_mb",
        ],
    ),
    (
        "Geocoding (address matcher and per-event decisions, inside the builds above)",
        [
            "geocoding_full_distinct_texts",
            "geocoding_full_matcher_seconds",
            "geocoding_full_events_seconds",
            "geocoding_day_matcher_seconds",
            "geocoding_day_events_seconds",
        ],
    ),
    (
        "The same build on Spark (local mode, same machine, same district)",
        [
            "spark_full_build_seconds",
            "spark_to_duckdb_full_build_ratio",
            "spark_full_build_peak_rss_mb",
            "spark_dbt_elapsed_seconds",
            "spark_slowest_nodes",
        ],
    ),
    (
        "Wall screen",
        [
            "wall_queries_warm_ms",
            "wall_queries_cold_ms",
            "fact_scan_one_kpi_ms",
            "postgres_wall_queries_warm_ms",
            "postgres_wall_queries_cold_ms",
            "postgres_fact_scan_one_kpi_ms",
            "postgres_load_seconds",
            "wall_rendered_in_browser_first_seconds",
            "wall_rendered_in_browser_seconds",
            "wall_panels_rendered_in_browser_seconds",
        ],
    ),
    (
        "App memory",
        [
            "app_rss_1_session_mb",
            "app_rss_30_sessions_mb",
            "app_rss_warmup_growth_first_1000_refreshes_mb",
            "app_rss_growth_over_1000_refreshes_mb",
        ],
    ),
]


def _value(entry: dict) -> str:
    v = entry["value"]
    if isinstance(v, list):
        return "; ".join(f"{a} {b}" for a, b in v)
    if isinstance(v, dict):
        return "; ".join(f"{a} {b}" for a, b in v.items())
    if isinstance(v, float | int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def write() -> Path:
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {"runs": {}}
    m = data.get("machine", {})
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`, rendered by `bench/report.py` from `bench/results.json`).",
        f"Machine: {m.get('cores')} cores, {m.get('memory_gib')} GiB memory, Python {m.get('python')}, "
        f"Linux {m.get('kernel')}.",
        "",
    ]
    for size, figures in sorted(data.get("runs", {}).items(), key=lambda kv: int(kv[0])):
        lines += [f"## {int(size):,} events", ""]
        errors = {k: v for k, v in figures.items() if k.endswith("_error")}
        for title, keys in SECTIONS:
            rows = [(k, figures[k]) for k in keys if k in figures]
            if not rows:
                continue
            lines += [
                f"### {title}",
                "",
                "| figure | value | unit | target | meets | note |",
                "|---|---|---|---|---|---|",
            ]
            for key, e in rows:
                meets = {True: "yes", False: "**no**", None: ""}[e.get("meets_target")]
                lines.append(
                    f"| `{key}` | {_value(e)} | {e['unit']} | {e.get('target', '')} | {meets} | "
                    f"{e.get('note', '')} |"
                )
            lines.append("")
        if errors:
            lines += (
                ["### Phases that failed", ""] + [f"- `{k}`: {v['value']}" for k, v in errors.items()] + [""]
            )
    notes = ROOT / "bench" / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8").strip(), ""]
    OUT.write_text("\n".join(lines), encoding="utf-8")
    return OUT


if __name__ == "__main__":
    print(write())
