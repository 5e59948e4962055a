"""Invariants of the demo-district generator: real codes, a gap-free tiling, addresses in
their grids, valid checksums except the planted ones, determinism, lifecycle shares."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from duckdb_extensions import import_extension

from ingest.rules.identifiers import id_number_problem, uscc_problem
from ingest.synth.district import generate
from ingest.synth.geography import build_geography, load_streets


@pytest.fixture(scope="module")
def spatial():
    con = duckdb.connect()
    import_extension("spatial", con=con)
    con.execute("load spatial")
    return con


def test_real_streets_and_hierarchy_codes():
    streets = load_streets()
    assert len(streets) == 12
    assert streets[0] == ("320104001", "秦虹街道") and streets[8] == ("320104009", "瑞金路街道")
    geo = build_geography(11)
    assert len(geo.communities) == 107
    assert Counter(g.grid_type for g in geo.grids) == {"综合网格": 1020, "专属网格": 192}
    for g in geo.grids:
        assert len(g.grid_code) == 15 and g.grid_code.startswith(g.community_code)
        assert g.community_code.startswith(g.street_code) and g.street_code.startswith("320104")
    assert len({g.grid_code for g in geo.grids}) == len(geo.grids)


def test_grids_tile_streets_and_communities_without_gaps_or_overlaps(district, spatial):
    spatial.execute(
        f"create or replace table g as select * from st_read('{district}/inbox/grid/网格边界.geojson')"
    )
    lng0, lat0, lng1, lat1 = spatial.execute(
        "select st_xmin(e), st_ymin(e), st_xmax(e), st_ymax(e) from (select st_extent_agg(geom) e from g)"
    ).fetchone()
    assert 118.75 <= lng0 and lng1 <= 118.84 and 31.98 <= lat0 and lat1 <= 32.06
    for level in ("community_code", "street_code", "'district'"):
        rows = spatial.execute(f"""
            select {level} as unit, sum(st_area(geom)) as parts, st_area(st_union_agg(geom)) as whole,
                   st_geometrytype(st_union_agg(geom))::varchar as kind,
                   st_numinteriorrings(st_union_agg(geom)) as holes
            from g group by 1""").fetchall()
        for unit, parts, whole, kind, holes in rows:
            assert abs(parts - whole) < 1e-9 * max(1.0, parts) + 1e-12, f"{unit}: grids overlap"
            assert kind == "POLYGON", f"{unit}: not one contiguous piece ({kind})"
            assert holes == 0, f"{unit}: has a gap inside"


def test_every_address_point_lies_in_its_grid(district, spatial):
    spatial.execute(
        f"create or replace table g as select * from st_read('{district}/inbox/grid/网格边界.geojson')"
    )
    spatial.execute(f"""create or replace table a as select * from read_csv('{district}/inbox/address/标准地址库.csv',
                        all_varchar=true)""")
    total, inside = spatial.execute("""
        select count(*), count(*) filter (where st_contains(g.geom, st_point(a.经度::double, a.纬度::double)))
        from a join g on g.grid_code = a.网格编码""").fetchone()
    assert total == spatial.execute("select count(*) from a").fetchone()[0]
    assert inside == total


def test_id_numbers_valid_except_about_one_percent(district):
    with open(district / "inbox/population/实有人口_全量.csv", encoding="utf-8-sig") as fh:
        ids = [r["公民身份号码"] for r in csv.DictReader(fh) if r["公民身份号码"]]
    bad = sum(id_number_problem(i) is not None for i in ids)
    assert 0.004 < bad / len(ids) < 0.02


def test_uscc_valid_except_the_planted_ones(district):
    with open(district / "inbox/legal_entity/法人单位证照.csv", encoding="gbk") as fh:
        codes = {r["统一社会信用代码"] for r in csv.DictReader(fh)}
    bad = sum(uscc_problem(c) is not None for c in codes)
    assert 0 <= bad / len(codes) < 0.02


def test_truth_is_outside_the_inbox_and_covers_every_event(district):
    with open(district / "truth/events.csv", encoding="utf-8") as fh:
        truth = list(csv.DictReader(fh))
    assert not list((district / "inbox").rglob("events.csv"))
    by_source = Counter(r["source"] for r in truth)
    # every event source but the message board, whose place is only in its text (measured apart)
    assert set(by_source) == {"hotline_12345", "city_mgmt", "grid_report", "petition", "iot_alert"}
    assert by_source.most_common(1)[0][0] == "hotline_12345"
    assert 0.9 * 4000 < len(truth) < 1.2 * 4000
    groups = Counter(r["duplicate_group"] for r in truth if r["duplicate_group"])
    assert groups and all(n == 2 for n in groups.values())  # each incident: one order + one twin
    assert any(not r["address_code"] for r in truth) and any(r["address_code"] for r in truth)


def _json_or_none(line: str):
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        return None


def test_grid_reports_handle_levels_close_to_the_real_district(tmp_path):
    generate(tmp_path / "inbox", events=20000, seed=5, log=lambda *_: None)
    levels = Counter()
    for path in (tmp_path / "inbox/grid_report").iterdir():
        text = path.read_text(encoding="utf-8")
        recs = (
            json.loads(text)
            if text.lstrip().startswith("[")
            else [_json_or_none(line) for line in text.splitlines() if line.strip()]
        )
        recs = [r for r in recs if r is not None]  # one file's last line is planted cut mid-object
        levels.update(r["handle_level"] for r in recs)
    total = sum(levels.values())
    assert abs(levels["社区"] / total - 0.78) < 0.05
    assert abs(levels["街道"] / total - 0.216) < 0.05
    assert levels["区"] / total < 0.01


def _digest(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_output(tmp_path):
    generate(tmp_path / "a/inbox", events=800, seed=3, log=lambda *_: None)
    generate(tmp_path / "b/inbox", events=800, seed=3, log=lambda *_: None)
    generate(tmp_path / "c/inbox", events=800, seed=4, log=lambda *_: None)
    a, b, c = _digest(tmp_path / "a"), _digest(tmp_path / "b"), _digest(tmp_path / "c")
    assert a == b
    assert a != c


def test_messy_variants_are_present(district):
    inbox = district / "inbox"
    planted = json.loads((district / "truth/manifest.json").read_text(encoding="utf-8"))["planted"]
    assert any("HTML" in v for v in planted.values()) and any("empty" in v for v in planted.values())
    raw = (inbox / "city_mgmt").glob("*.csv")
    encodings = set()
    for p in raw:
        data = p.read_bytes()
        if not data:
            continue
        try:
            data.decode("utf-8")
            encodings.add("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("gbk")
                encodings.add("gbk")
            except UnicodeDecodeError:
                encodings.add("gb18030")
    assert {"gbk", "utf-8"} <= encodings
    assert any(p.read_bytes().startswith(b"\xef\xbb\xbf") for p in (inbox / "petition").glob("*.csv"))
    tail = (inbox / "grid_report").glob("*.jsonl")
    assert any(not p.read_text(encoding="utf-8").endswith("\n") for p in tail)  # the cut-off transfer
