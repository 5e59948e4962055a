"""The dbt warehouse built on the small generated district: builds with every dbt test
(schema, singular and unit tests) passing, measured against the generator's ground truth,
incremental reruns add nothing, docs generate offline."""

from __future__ import annotations

from pathlib import Path

import duckdb

from ingest.accuracy import measure
from ingest.rules.geo import from_wgs84, haversine_m

from .conftest import ROOT, run_build

MARTS = [
    "dim_grid", "dim_address", "dim_org", "dim_person", "dim_legal_entity", "fct_licence",
    "fct_event", "fct_event_step", "rpt_kpi_area", "rpt_kpi_department", "rpt_kpi_scores",
    "rpt_risk_grid_hotspots", "rpt_risk_recurring_addresses", "rpt_risk_vulnerable_residents",
    "rpt_risk_expired_licences", "rpt_risk_petition_backlog", "rpt_screen_wall_kpis",
    "rpt_screen_wall_grid_map", "rpt_screen_wall_streets", "rpt_screen_wall_trend_daily",
    "rpt_screen_wall_trend_monthly", "rpt_screen_wall_top_categories",
    "rpt_screen_wall_street_ranking", "rpt_screen_wall_flow", "rpt_screen_wall_ticker",
    "rpt_screen_wall_alerts", "dim_event_category", "dim_kpi_component", "dim_kpi_grade",
]  # fmt: skip


def count(wh: Path, sql: str):
    con = duckdb.connect(str(wh), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


# 4,000 events spread over 1,212 grids: no address is reported three times in 90 days; and of about
# 200 petitions in a year, the one or two still open after 90 days are a matter of the draw.
MAY_BE_EMPTY_WHEN_SMALL = {"rpt_risk_recurring_addresses", "rpt_risk_petition_backlog"}


def test_every_mart_built_and_filled(warehouse):
    for mart in MARTS:
        (n,) = count(warehouse, f"select count(*) from marts.{mart}")[0]
        assert n > 0 or mart in MAY_BE_EMPTY_WHEN_SMALL, f"marts.{mart} is empty"


def test_accuracy_against_ground_truth(warehouse, district):
    m = measure(warehouse, district / "truth" / "events.csv")
    assert m["events_in_warehouse"] >= m["truth_events"] - 5  # only rows the loader rejected are missing
    # ~4,000 located events: one standard error of the grid figure is ~0.26 points, so this small draw
    # is held 1.5 points under the demo's 97% bar (the demo, 200k events, measured 97.23% with
    # `make accuracy`; README). The demo's generator writes places as messily as people do.
    assert m["grid_accuracy"] >= 0.955, m
    assert m["address_accuracy"] >= 0.85, m
    assert m["duplicate_precision"] >= 0.9, m
    assert m["duplicate_recall"] >= 0.8, m


def test_sources_added_by_their_files_reach_the_wall(warehouse):
    """IoT alerts and message-board posts, onboarded through their files (docs/onboarding.md), are
    events like the others: on the wall's flow, alerts placed at their device, posts categorised and
    placed from their text alone."""
    flow = dict(
        count(warehouse, "select source, sum(event_count) from marts.rpt_screen_wall_flow group by 1")
    )
    assert flow.get("iot_alert", 0) > 0 and flow.get("message_board", 0) > 0
    ((alerts, placed, deadlines),) = count(
        warehouse,
        "select count(*), count(grid_code), count(*) filter (where sla_deadline_unit = 'hours') "
        "from marts.fct_event where source = 'iot_alert'",
    )
    assert placed == alerts and deadlines == alerts
    ((posts, from_text, located),) = count(
        warehouse,
        "select count(*), count(*) filter (where category_method in ('keyword', 'class_rule')), "
        "count(grid_code) from marts.fct_event where source = 'message_board'",
    )
    assert from_text >= 0.9 * posts and located >= 0.5 * posts


def test_coordinate_round_trip_under_half_a_metre(warehouse):
    rows = count(
        warehouse,
        "select source_lng, source_lat, coord_system, wgs84_lng, wgs84_lat "
        "from intermediate.int_event_points_converted where coord_system in ('GCJ02', 'BD09')",
    )
    assert len(rows) > 100
    worst = max(haversine_m(*from_wgs84(wl, wa, sys_), lng, lat) for lng, lat, sys_, wl, wa in rows)
    assert worst < 0.5


def test_personal_data_masked_in_marts(warehouse):
    (n,) = count(warehouse, "select count(*) from marts.dim_person where id_number_masked not like '%****%'")[
        0
    ]
    assert n == 0
    cols = {
        r[0]
        for r in count(
            warehouse, "select column_name from information_schema.columns where table_schema = 'marts'"
        )
    }
    assert not cols & {"id_number", "phone", "caller_name", "caller_phone", "petitioner_name", "person_name"}


def test_incremental_rerun_adds_nothing(loaded_district, warehouse):
    root, _, _ = loaded_district
    before = count(warehouse, "select count(*), count(distinct event_key) from marts.fct_event")[0]
    result = run_build(root / "lake.duckdb", warehouse, "run", "--select", "fct_event")
    assert result.returncode == 0, result.stdout[-3000:]
    after = count(warehouse, "select count(*), count(distinct event_key) from marts.fct_event")[0]
    assert after == before and after[0] == after[1]


def test_docs_generate_offline(loaded_district, warehouse):
    root, _, _ = loaded_district
    result = run_build(
        root / "lake.duckdb", warehouse, "docs", "generate", "--static", "--target-path", "target/docs"
    )
    assert result.returncode == 0, result.stdout[-3000:]
    docs = ROOT / "dbt_project" / "target" / "docs"  # apart from the build's run results (builds page)
    assert (docs / "catalog.json").stat().st_size > 10_000
    # the one-file site the steward's builds page offers for download carries its manifest inside
    site = (docs / "static_index.html").read_text(encoding="utf-8")
    assert "fct_event" in site and "rpt_screen_wall_kpis" in site
