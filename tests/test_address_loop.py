"""The steward's address loop end to end on the small district: weak geocoding publishes, unlocated
events still count, a weakly placed text is listed, a steward confirms an alias (CLI, audited; the page
the same way), and the next build places that text's events at the confirmed address."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from .conftest import ROOT, app_as, run_build

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def work(tmp_path_factory, loaded_district, warehouse):
    root, _, _ = loaded_district
    work = tmp_path_factory.mktemp("address_loop")
    shutil.copy(root / "lake.duckdb", work / "lake.duckdb")
    shutil.copy(warehouse, work / "warehouse.duckdb")
    return work


def rows(db, sql, params=None):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_unlocated_events_count_in_district_totals(work):
    wh = work / "warehouse.duckdb"
    (unlocated, events) = rows(
        wh,
        "select count(*) filter (where grid_code is null and not is_cancelled), count(*) filter (where not is_cancelled) "
        "from marts.fct_event",
    )[0]
    (counted,) = rows(wh, "select sum(registered_count) from intermediate.int_kpi_daily_counts")[0]
    assert unlocated > 0 and counted == events


def test_weak_texts_listed_with_their_candidates(work):
    listed = rows(
        work / "warehouse.duckdb",
        "select match_method, event_count, best_address_code, runner_up_code from marts.rpt_steward_address_review",
    )
    assert listed and all(n >= 1 for _, n, _, _ in listed)
    methods = {m for m, *_ in listed}
    assert methods & {"ambiguous_house", "estate_only", "fuzzy_estate", "fuzzy_road", "unmatched"}
    assert not methods & {"exact_room", "exact_building", "exact_house", "road_house_building", "alias"}
    assert not methods & {"area_only", "no_text"}  # nothing an alias could fix
    ambiguous = [r for r in listed if r[0] == "ambiguous_house"]
    assert all(best and runner for _, _, best, runner in ambiguous)  # both of the tie are shown


def test_confirmed_alias_is_used_by_the_next_build(work, monkeypatch):
    wh, lake = work / "warehouse.duckdb", work / "lake.duckdb"
    audit = work / "audit.jsonl"
    text, events = rows(
        wh,
        "select place_text, event_count from marts.rpt_steward_address_review "
        "where match_method in ('unmatched', 'estate_only') and place_text not like '%*%' "
        "and length(place_text) between 4 and 30 "
        "order by event_count desc, place_text limit 1",
    )[0]
    (code,) = rows(wh, "select min(address_code) from marts.dim_address where address_level = 'building'")[0]
    env = {"YIPING_AUDIT_LOG": str(audit)}
    cli = [sys.executable, "-m", "ingest", "aliases"]
    listed = subprocess.run([*cli, "list", "--warehouse", str(wh), "--top", "500"], cwd=ROOT,
                            capture_output=True, text=True, env={**os.environ, **env})  # fmt: skip
    assert listed.returncode == 0 and text[:20] in listed.stdout
    bad = subprocess.run([*cli, "confirm", "--warehouse", str(wh), "--alias", text, "--address", "nope", "--by", "t"],
                         cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert bad.returncode == 2 and "target" in bad.stderr
    ok = subprocess.run(
        [*cli, "confirm", "--warehouse", str(wh), "--alias", text, "--address", code, "--by", "steward-test"],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, **env},
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert (work / "steward" / "address_aliases.csv").read_text(encoding="utf-8").count(code) == 1
    line = json.loads(audit.read_text(encoding="utf-8").splitlines()[-1])
    assert (line["subject"], line["username"], line["target"]) == ("address_alias", "steward-test", code)

    result = run_build(lake, wh, "build")  # incremental, on the published build
    assert result.returncode == 0, result.stdout[-3000:]
    placed = rows(
        wh,
        "select e.address_code, e.address_match_method from marts.fct_event e "
        "join intermediate.int_events_geocoded g using (event_key) where g.place_text = ?",
        [text],
    )
    assert len(placed) == events and all(p == (code, "alias") for p in placed), placed


def test_page_confirms_an_alias(app_env, monkeypatch, tmp_path):
    monkeypatch.setenv("YIPING_STEWARD_ALIASES", str(tmp_path / "aliases.csv"))
    key, code = rows(
        app_env / "warehouse.duckdb",
        "select place_key, best_address_code from marts.rpt_steward_address_review "
        "where best_address_code is not null order by event_count desc, place_key limit 1",
    )[0]
    at = app_as("steward", "steward_addresses")
    assert not at.exception, at.exception
    assert at.metric and at.dataframe
    at.selectbox[0].set_value(key).run()
    at.radio[0].set_value(0).run()  # the best candidate
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert at.success, [m.value for m in at.error]
    assert code in (tmp_path / "aliases.csv").read_text(encoding="utf-8")
    line = json.loads((tmp_path / "audit.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert (line["subject"], line["username"], line["target"]) == ("address_alias", "steward", code)
