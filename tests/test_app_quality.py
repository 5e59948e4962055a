"""AppTest for the steward's data-quality page on the small district's checked build."""

from __future__ import annotations

import json

import pytest

from ingest.specs import SPECS
from tests.conftest import app_as


@pytest.fixture()
def page(checked, monkeypatch):
    work, _, _ = checked
    monkeypatch.setenv("YIPING_LAKE", str(work / "lake.duckdb"))
    monkeypatch.setenv("YIPING_WAREHOUSE", str(work / "warehouse.duckdb"))
    return app_as("steward", "steward_quality")


def test_quality_page_shows_verdict_gates_findings_and_traced_rows(page):
    assert not page.exception
    assert "数据质量" in page.title[0].value
    metrics = {m.label: m.value for m in page.metric}
    assert metrics["最近一次构建"] == "可发布" and metrics["严重问题"] == "0"
    assert metrics["闸门隔离的文件"] == "1"  # the re-sent grid reports with swapped coordinates
    gates, findings, samples, builds = (d.value for d in page.dataframe)
    assert len(gates) == len(SPECS) and gates["闸门隔离的文件"].sum() == 1  # one row per source
    assert "population.id_number.gb11643" in set(findings["检查"])
    # the selected check's failing rows lead back to an export file and row
    assert samples["文件"].notna().all() and (samples["行号"] >= 1).all()  # JSON Lines count from 1
    assert len(builds) >= 1


def test_failing_rows_are_masked(page):
    page.selectbox[0].select("population.id_number.gb11643").run()
    samples = page.dataframe[2].value
    assert len(samples) > 0
    assert samples["不合格值"].str.contains(r"\*{4}").all()  # 320104********1234
    records = samples["记录（脱敏）"].map(json.loads)
    assert all("*" in r["id_number"] and "*" in r["person_name"] for r in records)


def test_quality_page_in_english(page):
    page.sidebar.radio[0].set_value("en").run()
    assert not page.exception
    assert "Data quality" in page.title[0].value
    assert "Latest build" in {m.label for m in page.metric}
