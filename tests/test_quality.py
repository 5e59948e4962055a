"""Data-quality checks: every ingest-gate rule fails on a planted bad value and passes on good
data; a critical failure blocks promotion; results, samples and Data Docs are written (masked,
offline); the warehouse checks find the demo district's planted defects and block a bad build."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from datetime import datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from expectations import data_docs
from expectations.check import run as run_warehouse_checks
from expectations.gate import Gate
from expectations.gates import SOURCES, checks_for
from expectations.gates.common import GateContext
from expectations.report import findings
from ingest.conductor import load_exports
from ingest.rules.identifiers import id_check_char, org_code_check_char, uscc_check_char
from ingest.specs import SPECS

from .conftest import make_inbox, query

CTX = GateContext.default(now=datetime(2026, 11, 21, 12, 0))
N = 20  # rows in a good batch: one bad row (5%) stays under every critical threshold


def _id_number(i: int) -> str:
    first17 = f"32010419800101{i:03d}"
    return first17 + id_check_char(first17)


def _uscc(i: int) -> str:
    org8 = f"MA1X{i:04d}"
    body = "91320104" + org8 + org_code_check_char(org8)
    return body + uscc_check_char(body)


# One good raw row per source (text exactly as an export would hold it).
GOOD = {
    "hotline_12345": lambda i: {
        "order_no": f"GD20261101{i:06d}", "accepted_at": "2026-11-01 09:00:00", "caller_name": "王小明",
        "caller_phone": "13900001111", "channel": "电话", "request_type": "投诉",
        "category": "城市管理>市容环境>暴露垃圾", "urgency": "一般", "address_text": "秦淮区瑞金路1号",
        "content": "垃圾未清运", "handling_unit": "瑞金路街道", "dispatched_at": "2026-11-01 10:00:00",
        "deadline_at": "2026-11-03 10:00:00", "closed_at": "2026-11-02 10:00:00", "status": "已办结",
        "satisfaction": "满意", "resolved": "是",
    },
    "city_mgmt": lambda i: {
        "case_no": f"2026110100{i:03d}", "origin": "监督员上报", "case_type": "事件", "major_class": "市容环境",
        "minor_class": "暴露垃圾", "minor_code": "0101", "description": "垃圾", "address_text": "瑞金路1号",
        "street_name": "瑞金路街道", "community_name": "瑞金新村社区", "grid_code": "320104001001001",
        "coord_x": "118.80", "coord_y": "32.02", "reported_at": "2026-11-01 09:00:00",
        "registered_at": "2026-11-01 09:10:00", "dispatched_at": "2026-11-01 09:20:00",
        "handled_at": "2026-11-01 12:00:00", "verified_at": "2026-11-01 13:00:00",
        "closed_at": "2026-11-01 14:00:00", "handling_unit": "区城管局", "time_limit_hours": "24",
        "rework_count": "0", "status": "已结案",
    },
    "grid_report": lambda i: {
        "event_id": f"GR202611010900{i:06d}", "grid_code": "320104001001001", "reporter_id": "W001",
        "reported_at": "2026-11-01 09:00:00", "category": "环境卫生", "description": "垃圾", "address": "瑞金路1号",
        "lng": "118.80", "lat": "32.02", "coord_sys": "WGS84", "photos": "[]", "self_handled": "true",
        "handle_level": "社区", "status": "已办结", "steps": "[]", "closed_at": "2026-11-01 15:00:00",
        "evaluation": "满意",
    },
    "petition": lambda i: {
        "petition_no": f"XF20261101{i:04d}", "registered_on": "2026-11-01", "form": "来信",
        "petitioner_name": "李四", "petitioner_id_number": _id_number(i), "petitioner_phone": "13900002222",
        "people_count": "1", "is_collective": "否", "is_repeat": "否", "original_petition_no": None,
        "street_name": "瑞金路街道", "category": "城乡建设", "purpose": "求决", "summary": "反映噪音",
        "handling_unit": "瑞金路街道", "accepted_on": "2026-11-02", "due_on": "2026-12-31",
        "closed_on": "2026-11-20", "satisfaction": "满意", "is_reviewed": "否", "is_rechecked": "否",
    },
    "population": lambda i: {
        "name": "张三", "id_number": _id_number(i), "sex": "男", "birth_date": "1980-01-01",
        "ethnicity": "汉族", "phone": "13900003333", "person_type": "户籍",
        "address_code": "320104001001001001", "address_text": "瑞金路1号", "hukou_address": "秦淮区瑞金路1号",
        "key_groups": None, "registered_on": "2010-01-01", "deregistered_on": None,
    },
    "legal_entity": lambda i: {
        "uscc": _uscc(i), "entity_name": "南京某某餐饮店", "legal_representative": "赵六",
        "founded_on": "2010-01-01", "address_text": "瑞金路2号", "address_code": "320104001001001002",
        "industry_code": "6210", "registration_status": "存续", "licence_type": "营业执照",
        "licence_no": f"营业320104{i:08d}", "issued_on": "2015-01-01", "expires_on": "2035-01-01",
    },
    "address": lambda i: {
        "address_code": f"3201040010010{i:05d}", "county": "秦淮区", "street_name": "瑞金路街道",
        "community_name": "瑞金新村社区", "road": "瑞金路", "house_number": f"{i + 1}号", "estate": None,
        "building": None, "unit": None, "floor": None, "room": None,
        "full_address": f"秦淮区瑞金路{i + 1}号", "lng": "118.80", "lat": "32.02",
        "grid_code": "320104001001001", "safety_grade": "A", "usage": "住宅",
    },
    "iot_device": lambda i: {
        "device_id": f"IOT{i:010d}", "device_type": "烟感探测器", "device_name": f"烟感-{i}",
        "address_text": "秦淮区瑞金路1号", "lng": "118.80", "lat": "32.02", "installed_on": "2025-01-01",
        "owner_unit": "区应急管理局",
    },
    "iot_alert": lambda i: {
        "alert_id": f"GJ20261101{i:05d}", "device_id": f"IOT{i:010d}", "alert_at": "2026-11-01 09:00:00",
        "alert_kind": "烟感告警", "alert_level": "二级", "dispatched_at": "2026-11-01 09:05:00",
        "handled_at": "2026-11-01 10:00:00", "cleared_at": "2026-11-01 10:10:00", "status": "已解除",
        "handling_unit": "区应急管理局", "notes": "现场处置完毕",
    },
    "message_board": lambda i: {
        "message_id": f"LY202611{i:05d}", "user_name": f"A{100000000 + i}", "subject": "瑞金路1号噪音扰民",
        "posted_at": "2026/11/01 09:00:00", "content": "\n\t\t瑞金路1号楼下夜间施工噪音很大\n", "reply": "已转办",
        "replied_at": "2026-11-05 10:00:00", "likes": "3", "dislikes": "0",
    },
    "org": lambda i: {
        "org_code": f"ORG{i:03d}", "org_name": f"单位{i}", "org_type": "街道", "parent_org_code": None,
        "aliases": None,
    },
    "grid": lambda i: {
        "grid_code": f"3201040010010{i:02d}", "grid_name": f"第{i}网格", "community_code": "320104001001",
        "community_name": "瑞金新村社区", "street_code": "320104001", "street_name": "瑞金路街道",
        "grid_type": "综合网格", "worker_id": "W001",
        "geometry": '{"type":"Polygon","coordinates":[[[118.8,32.02],[118.81,32.02],[118.81,32.03],[118.8,32.02]]]}',
        "crs_name": None,
    },
}  # fmt: skip

# Staged column → raw column, where staging renames.
RAW = {
    "work_order_no": "order_no", "category_path": "category", "report_id": "event_id",
    "reported_grid_code": "grid_code", "person_name": "name", "coord_system": "coord_sys",
    "geometry_geojson": "geometry", "handling_unit_name": "handling_unit",
}  # fmt: skip
BAD_VALUE = {  # family → a value that breaks it
    "vocabulary": "未知代码",
    "parseable": "不是日期",
    "form": "32010401",
}


def batch(source: str, rows: list[dict]) -> pl.DataFrame:
    cols = SPECS[source].columns
    data = {c: [r.get(c) for r in rows] for c in cols}
    data["_extra"] = [None] * len(rows)
    data["_load_id"] = ["test-load"] * len(rows)
    data["_source_file"] = [f"{source}/test.csv"] * len(rows)
    data["_row_number"] = list(range(1, len(rows) + 1))
    data["_loaded_at"] = [datetime(2026, 11, 21)] * len(rows)
    return pl.DataFrame(data, schema={**{c: pl.String for c in cols}, "_extra": pl.String,
                                      "_load_id": pl.String, "_source_file": pl.String,
                                      "_row_number": pl.Int32, "_loaded_at": pl.Datetime})  # fmt: skip


def break_rows(source: str, code: str, rows: list[dict], targets: range) -> list[dict]:
    """Plant the defect the check `code` (without `.critical`) exists to catch."""
    _, column, family = code.split(".", 2) if code.count(".") >= 2 else (None, None, code)
    rows = [dict(r) for r in rows]
    if family == "present":
        return []
    if column == "licence":  # the same licence registered twice
        rows[1] = dict(rows[0])
        return rows
    raw = RAW.get(column, column)
    for k in targets:
        r = rows[k]
        if family == "required":
            r[raw] = None
        elif family == "unique":
            rows[1][raw] = rows[0][raw]
        elif family == "parseable":
            typed = (
                "lng"
                if source == "address"
                else next(c for c in SPECS[source].columns if c.endswith(("_at", "_on", "_date")))
            )
            r[typed] = BAD_VALUE[family]
        elif family == "plausible":
            r[raw] = "1890-01-01" if column == "birth_date" else "1999-01-01"
        elif family.startswith("after_"):
            earlier = family.removeprefix("after_")
            r[RAW.get(earlier, earlier)] = "2026-11-05 12:00:00" if raw.endswith("_at") else "2026-11-05"
            r[raw] = "2026-11-03 08:00:00" if raw.endswith("_at") else "2026-11-03"
        elif family in ("vocabulary", "known"):
            r[raw] = BAD_VALUE["vocabulary"]
        elif family == "inside_district":
            x, y = ("coord_x", "coord_y") if source == "city_mgmt" else ("lng", "lat")
            r[x], r[y] = r[y], r[x]
        elif family == "form":
            r[raw] = "139" if "phone" in raw else BAD_VALUE[family]
        elif family == "not_damaged":
            r[raw] = "3.20104E+17"
        elif family in ("gb11643", "gb32100"):
            r[raw] = r[raw][:-1] + ("0" if r[raw][-1] != "0" else "1")
        elif family == "region":  # a valid ID number whose province and city exist nowhere
            r[raw] = "12345619791201007" + id_check_char("12345619791201007")
        elif family == "polygon":  # GeoJSON, but a ring of one position
            r[raw] = '{"type": "Polygon", "coordinates": [[[118.8]]]}'
        else:
            raise AssertionError(f"no planted defect for {code}: add one to break_rows")
    return rows


@pytest.fixture(scope="module")
def gate(tmp_path_factory):
    return Gate(tmp_path_factory.mktemp("quality"), CTX)


def _results(outcome) -> dict[str, bool]:
    return {r["check_code"]: r["success"] for r in outcome.record.results}


@pytest.mark.parametrize("source", SOURCES)
def test_good_batch_passes_every_check(gate, source):
    rows = [GOOD[source](i) for i in range(N)]
    outcome = gate.check_batch(source, batch(source, rows), load_id="good", source_file="good.csv")
    failed = [c for c, ok in _results(outcome).items() if ok is not True]
    assert failed == [] and outcome.promote
    assert outcome.record.run["outcome"] == "passed" and outcome.record.run["decision"] == "promoted"


CASES = [(s, c.code, c.severity) for s in SOURCES for c in checks_for(s, CTX)]


@pytest.mark.parametrize("source,code,severity", CASES, ids=[c[1] for c in CASES])
def test_each_rule_fails_on_its_planted_defect(gate, source, code, severity):
    good = [GOOD[source](i) for i in range(N)]
    base = code.removesuffix(".critical")
    # a warning must catch a single bad row; a critical twin trips when (nearly) all are bad
    targets = range(1) if severity == "warning" else range(N)
    bad = break_rows(source, base, good, targets)
    outcome = gate.check_batch(source, batch(source, bad), load_id="bad", source_file="bad.csv")
    assert _results(outcome)[code] is False, f"{code} did not catch its planted defect"
    if severity == "critical":  # a critical failure stops the batch and names the check
        assert not outcome.promote and code in outcome.reason
        assert outcome.record.run["decision"] == "quarantined"
    else:
        assert outcome.record.run["outcome"] in ("warnings", "failed")


@pytest.fixture(scope="module")
def gx_gate(tmp_path_factory):
    return Gate(tmp_path_factory.mktemp("quality_gx"), CTX, engine="gx")


def _comparable(outcome) -> tuple[list, list, int]:
    """A run as the quality tables and the steward see it: each check's verdict and counts,
    and the failing rows with their lineage and masked values."""
    results = [
        (
            r["check_code"],
            r["expectation_type"],
            r["success"],
            r["element_count"],
            r["unexpected_count"],
            None if r["unexpected_percent"] is None else round(r["unexpected_percent"], 9),
            r["observed_value"],
            r["kwargs"],
            r["exception"],
        )
        for r in outcome.record.results
    ]
    failures = [(f["check_code"], f["row_number"], f["value"], f["record"]) for f in outcome.record.failures]
    return results, failures, outcome.record.run["rows_checked"]


def _engine_sources() -> list[str]:
    """Sources whose gates together use every kind of expectation (the engine evaluates kinds, not
    sources): greedily the source adding the most kinds not yet covered, the smaller gate on a tie."""
    kinds = {s: {type(c.expectation).__name__ for c in checks_for(s, CTX)} for s in SOURCES}
    size = {s: len(checks_for(s, CTX)) for s in SOURCES}
    chosen, covered = ["hotline_12345"], set(kinds["hotline_12345"])  # an event source's lifecycle pairs
    while covered != set().union(*kinds.values()):
        best = max(SOURCES, key=lambda s: (len(kinds[s] - covered), -size[s]))
        chosen.append(best)
        covered |= kinds[best]
    return chosen


@pytest.mark.parametrize("source", _engine_sources())
def test_duckdb_engine_gives_great_expectations_own_results(gate, gx_gate, source):
    """The gate evaluates its expectations in DuckDB (expectations/sql_engine.py). On batches
    with every planted defect, a bad row per check and whole-batch, both engines agree on every check:
    verdict, counts, shares and the failing rows sampled — for sources that together use every
    kind of expectation."""
    assert gate.engine == "duckdb" and gx_gate.engine == "gx"
    good = [GOOD[source](i) for i in range(N)]
    batches, each_once = [good], good
    checks = [
        c for c in checks_for(source, CTX) if c.severity == "warning" and c.code != f"{source}.rows.present"
    ]
    assert len(checks) + 2 <= N
    for k, check in enumerate(checks):
        # one batch where every check has a bad row of its own (rows 2, 3, …: the first two are the
        # duplicated licence's), and every other row bad for the first few checks: shares, sampling
        each_once = break_rows(source, check.code, each_once, range(k + 2, k + 3))
        if k < 4:
            batches.append(break_rows(source, check.code, good, range(0, N, 2)))
    batches.append(each_once)
    for rows in batches:
        frame = batch(source, rows)
        fast = gate.check_batch(source, frame, load_id="p", source_file="p.csv")
        reference = gx_gate.check_batch(source, frame, load_id="p", source_file="p.csv")
        assert _comparable(fast) == _comparable(reference)
        assert fast.promote == reference.promote
    failed = {code for code, ok in _results(fast).items() if not ok}  # the last batch: each check's row
    assert {c.code for c in checks} <= failed, {c.code for c in checks} - failed


def test_domain_checksum_examples(gate):
    """docs/domain.md §6: 11010519491231002X is a valid ID number and 91350100M000100Y43 a valid USCC;
    one changed character fails each."""
    rows = [GOOD["population"](i) for i in range(2)]
    rows[0]["id_number"] = "11010519491231002X"
    rows[1]["id_number"] = "110105194912310021"
    res = gate.check_batch("population", batch("population", rows), load_id="d", source_file="d.csv")
    sample = [f for f in res.record.failures if f["check_code"] == "population.id_number.gb11643"]
    assert [f["row_number"] for f in sample] == [2]
    ents = [GOOD["legal_entity"](i) for i in range(2)]
    ents[0]["uscc"], ents[1]["uscc"] = "91350100M000100Y43", "91350100M000100Y44"
    res = gate.check_batch("legal_entity", batch("legal_entity", ents), load_id="e", source_file="e.csv")
    sample = [f for f in res.record.failures if f["check_code"] == "legal_entity.uscc.gb32100"]
    assert [f["row_number"] for f in sample] == [2]


def test_failing_rows_keep_lineage_and_mask_personal_data(gate):
    rows = [GOOD["petition"](i) for i in range(N)]
    rows[3]["petitioner_id_number"] = rows[3]["petitioner_id_number"][:-1] + "0"
    outcome = gate.check_batch("petition", batch("petition", rows), load_id="m", source_file="m.csv")
    (sample,) = [f for f in outcome.record.failures if f["check_code"].endswith("gb11643")]
    assert sample["source_file"] == "petition/test.csv" and sample["row_number"] == 4
    assert sample["value"].startswith("320104") and "*" in sample["value"]
    assert rows[3]["petitioner_id_number"] not in json.dumps(outcome.record.failures, ensure_ascii=False)
    assert "李四" not in sample["record"] and "李*" in sample["record"]


def _inbox_with(tmp_path, source: str, rows: list[dict]) -> Path:
    if "csv" not in SPECS[source].formats:  # JSON Lines, keyed by the export's field names
        heads = {f.column: f.header for f in SPECS[source].fields}
        text = "".join(
            json.dumps({heads[k]: v for k, v in r.items()}, ensure_ascii=False) + "\n" for r in rows
        )
        return make_inbox(tmp_path, {f"{source}/export.jsonl": text.encode("utf-8")})
    cols = SPECS[source].columns
    header = ",".join(f.header for f in SPECS[source].fields)
    lines = [header] + [",".join("" if r.get(c) is None else str(r[c]) for c in cols) for r in rows]
    return make_inbox(tmp_path, {f"{source}/export.csv": ("\r\n".join(lines) + "\r\n").encode("utf-8")})


def test_critical_failure_blocks_promotion_and_the_run_is_logged(tmp_path):
    rows = [GOOD["grid_report"](i) for i in range(N)]
    for r in rows:  # the whole export has longitude and latitude swapped
        r["lng"], r["lat"] = r["lat"], r["lng"]
    inbox = _inbox_with(tmp_path, "grid_report", rows)
    db = tmp_path / "lake.duckdb"
    code, results = load_exports(inbox, db, out=open("/dev/null", "w"))
    assert code == 2 and results[0].status == "quarantined"
    assert "grid_report.wgs84_lng.inside_district.critical" in results[0].reason
    assert query(db, "select count(*) from raw.grid_report") == [(0,)]
    assert (tmp_path / "quarantine/grid_report/export.jsonl").exists()
    runs = query(db, "select load_id, decision, outcome, critical_failed from quality.runs")
    assert runs == [(results[0].load_id, "quarantined", "failed", 2)]
    n = query(db, "select count(*) from quality.failures where check_code like '%inside_district'")[0][0]
    assert n == 2 * N  # lng and lat, every row, each with its row number
    manifest = query(db, "select status, reason from raw._loads")
    assert manifest[0][0] == "quarantined" and "质量闸门" in manifest[0][1]


def test_every_critical_gate_rule_says_why_it_means_a_broken_file(gate):
    missing = [
        c.code
        for source in SOURCES
        for c in checks_for(source, CTX)
        if c.severity == "critical" and not (c.why_zh and c.why_en)
    ]
    assert missing == []
    rows = [GOOD["hotline_12345"](i) for i in range(N)]
    for r in rows:  # a whole export with acceptance and close swapped
        r["accepted_at"], r["closed_at"] = r["closed_at"], r["accepted_at"]
    outcome = gate.check_batch(
        "hotline_12345", batch("hotline_12345", rows), load_id="x", source_file="x.csv"
    )
    assert not outcome.promote and "两列时间对调" in outcome.reason


def test_realistic_row_dirt_loads_with_findings(gate):
    """Issue 19's two realistic exports: a hotline file where a fifth of the orders were closed on the
    phone (before or without dispatch), and a city-management file where an eighth of the rows carry no
    step times. Both are dirty rows, not broken files: they load, and the rows get findings."""
    rows = [GOOD["hotline_12345"](i) for i in range(N)]
    for k in range(4):  # 20%: closed ten minutes after acceptance; dispatch later or never
        rows[k]["closed_at"] = "2026-11-01 09:10:00"
        rows[k]["dispatched_at"] = None if k % 2 else "2026-11-01 09:12:00"
    outcome = gate.check_batch(
        "hotline_12345", batch("hotline_12345", rows), load_id="d", source_file="d.csv"
    )
    assert outcome.promote, outcome.reason
    assert all(ok for ok in _results(outcome).values()), "a direct closure is a lifecycle path, not a finding"
    steps = ("reported_at", "registered_at", "dispatched_at", "handled_at", "verified_at", "closed_at")
    rows = [GOOD["city_mgmt"](i) for i in range(N)]
    for k in range(3):  # 15%: no step times at all
        rows[k].update({c: None for c in steps})
    outcome = gate.check_batch("city_mgmt", batch("city_mgmt", rows), load_id="c", source_file="c.csv")
    assert outcome.promote, outcome.reason
    assert _results(outcome)["city_mgmt.reported_at.required"] is False  # the rows are named


def test_warnings_load_the_rows_and_record_the_findings(tmp_path):
    rows = [GOOD["population"](i) for i in range(N)]
    rows[2]["id_number"] = rows[2]["id_number"][:-1] + ("1" if rows[2]["id_number"][-1] != "1" else "2")
    inbox = _inbox_with(tmp_path, "population", rows)
    db = tmp_path / "lake.duckdb"
    code, results = load_exports(inbox, db, out=open("/dev/null", "w"))
    assert code == 0 and results[0].status == "loaded" and "身份证" in results[0].gate_note
    assert query(db, "select count(*) from raw.population") == [(N,)]
    assert query(db, "select decision, outcome from quality.runs") == [("promoted", "warnings")]
    (f,) = query(db, "select source_file, row_number, value from quality.failures")
    assert f[0] == "population/export.csv" and f[1] == 4 and "*" in f[2]  # line 4: header + 3rd row
    # the finding leads back to the raw row
    assert query(
        db, f"select id_number from raw.population where _source_file = '{f[0]}' and _row_number = 3"
    )


def test_data_docs_are_offline_and_masked(tmp_path):
    rows = [GOOD["petition"](i) for i in range(N)]
    secret = rows[1]["petitioner_id_number"][:-1] + "0"
    rows[1]["petitioner_id_number"] = secret
    inbox = _inbox_with(tmp_path, "petition", rows)
    load_exports(inbox, tmp_path / "lake.duckdb", out=open("/dev/null", "w"))
    site = tmp_path / "quality/gx/uncommitted/data_docs/local_site"
    pages = list(site.rglob("*.html"))
    assert (site / "index.html").exists() and len(pages) >= 2
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert data_docs.outside_requests(html) == [], page
        assert secret not in html
    for ref in ("static/vendor/bootstrap.min.css", "static/vendor/jquery.min.js"):
        assert (site / ref).exists()
    # the steward's pages offer the site as one zip that holds every page and its vendored assets
    from app.queries import docs_bundle

    with zipfile.ZipFile(io.BytesIO(docs_bundle(site / "index.html"))) as archive:
        names = set(archive.namelist())
    assert {f"data_docs/{p.relative_to(site)}" for p in site.rglob("*") if p.is_file()} == names
    assert "data_docs/static/vendor/bootstrap.min.css" in names
    for stored in (tmp_path / "quality/gx/uncommitted/validations").rglob("*.json"):
        assert secret not in stored.read_text(encoding="utf-8")


# ---- warehouse checks, on the small demo district ---------------------------------------------


def test_warehouse_checks_pass_the_demo_build_and_write_the_quality_schema(checked):
    work, code, records = checked
    assert code == 0
    suites = {r.run["suite"] for r in records}
    assert suites == {f"warehouse.{s}" for s in (
        "volume", "freshness", "geocoding", "grid", "duplicates", "kpi", "references", "lifecycle")}  # fmt: skip
    wh = work / "warehouse.duckdb"
    for table in ("runs", "results", "failures", "build_profiles"):
        assert query(wh, f"select count(*) from quality.{table}")[0][0] > 0, table
    # the build carries the ingest gate history too
    assert query(wh, "select count(*) from quality.runs where kind = 'ingest_gate'")[0][0] > 50


def test_checks_find_the_planted_defects(checked, district):
    work, _, _ = checked
    planted = json.loads((district / "truth/manifest.json").read_text(encoding="utf-8"))["planted_rows"]
    con = duckdb.connect(str(work / "lake.duckdb"), read_only=True)
    found = findings(con)
    con.close()
    for code, n in planted.items():
        if "(" in code:  # rejected by the loader, or undetectable by design (noted in the key)
            continue
        assert code in found, f"planted {n} × {code}, found none"
        rows = found[code][3]
        if code == "warehouse.grid.matches_reported":
            assert n <= rows <= n * 1.3, (code, n, rows)  # plus a few events we locate wrongly
        else:
            assert rows == n, (code, n, rows)


# Mutations of a copy of the demo build, each breaking what one warehouse check watches.
BREAK_THE_BUILD = [
    # volume: petitions vanish (present, history), the hotline's last 30 days drop away (delivery)
    "delete from marts.fct_event where source = 'petition'",
    """delete from marts.fct_event where source = 'hotline_12345'
       and reported_at > (select max(reported_at) from marts.fct_event) - interval 30 day""",
    # geocoding: a third of grid reports unlocated; some points outside the district
    "update marts.fct_event set geocode_method = 'unlocated' where source = 'grid_report' and hash(event_key) % 3 = 0",
    "update marts.fct_event set is_point_outside_district = true where source = 'city_mgmt' and hash(event_key) % 50 = 0",
    # grid: most city cases located in another grid than reported; one unknown reported grid
    """update marts.fct_event set grid_code = '320104999999999'
       where source = 'city_mgmt' and reported_grid_code is not null and hash(event_key) % 10 < 7""",
    "update marts.fct_event set is_reported_grid_valid = false where source = 'grid_report' and hash(event_key) % 40 = 0",
    # duplicates: a group of seven
    "update marts.fct_event set duplicate_group_size = 7 where duplicate_group_size = 2 and hash(event_key) % 5 = 0",
    # kpi: rates outside 0..1, counts inconsistent
    """update marts.rpt_kpi_area set closure_rate = 1.5, on_time_closure_rate = -0.1, satisfaction_rate = 2,
       handling_rate = 1.2, response_rate = 1.1, closed_of_due_count = due_count + 1,
       closed_on_time_of_due_count = due_count + 2 where area_level = 'street'""",
    # references: units and categories that match nothing
    "update marts.fct_event set handling_org_code = null where source = 'hotline_12345' and hash(event_key) % 3 = 0",
    "update marts.fct_event set category_code = null where source = 'city_mgmt' and hash(event_key) % 10 = 0",
    # lifecycle: a step before the one it follows (the check reads fct_event's step columns: break
    # those, not only the step table, or the test passes only when the district happens to hold some)
    """update marts.fct_event_step set occurred_at = occurred_at - interval 30 day
       where step_no = 2 and hash(event_key) % 20 = 0""",
    """update marts.fct_event set dispatched_at = reported_at - interval 30 day
       where dispatched_at is not null and hash(event_key) % 20 = 0""",
]


def test_every_warehouse_check_fails_on_a_broken_build(checked, tmp_path):
    work, _, _ = checked
    for name in ("lake.duckdb", "warehouse.duckdb"):
        shutil.copy(work / name, tmp_path / name)
    con = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    for sql in BREAK_THE_BUILD:
        con.execute(sql)
    con.close()
    code, records = run_warehouse_checks(
        tmp_path / "lake.duckdb",
        tmp_path / "warehouse.duckdb",
        tmp_path / "quality",
        now=datetime(2027, 6, 1),  # half a year after the last export: every source is stale
        out=open("/dev/null", "w"),
    )
    assert code == 1  # critical failures: the build must not be published
    every = {r["check_code"] for rec in records for r in rec.results}
    failed = {r["check_code"] for rec in records for r in rec.results if r["success"] is False}
    assert failed == every, f"checks that missed their broken value: {sorted(every - failed)}"
    decisions = {rec.run["suite"]: rec.run["decision"] for rec in records}
    assert decisions["warehouse.kpi"] == "blocked" and decisions["warehouse.volume"] == "blocked"
    # the events behind a failed aggregate are counted and sampled with their export row
    grid = next(
        r for rec in records for r in rec.results if r["check_code"] == "warehouse.grid.matches_reported"
    )
    assert grid["offending_events"] > 100
    samples = [
        f for rec in records for f in rec.failures if f["check_code"] == "warehouse.grid.matches_reported"
    ]
    events = [f for f in samples if f["row_number"] is not None]  # the rest name the failing frame row
    assert events and all(f["source_file"] and f["row_number"] > 1 for f in events)
    assert any(f["source_file"].startswith("city_mgmt/") for f in events)
    assert any('"source": "city_mgmt"' in f["record"] for f in samples if f["row_number"] is None)
