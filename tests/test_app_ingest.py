"""AppTest for the steward's ingest page on a loaded demo district, in both languages."""

from __future__ import annotations

import pytest

from tests.conftest import app_as


@pytest.fixture()
def app(app_env):
    """The page reads the manifest as the published build holds it (marts.rpt_steward_*)."""
    return app_as("steward", "steward_ingest")


def test_ingest_page_shows_manifest_quarantine_and_rejects(app):
    assert not app.exception
    assert "数据接入" in app.title[0].value
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["已隔离"] == "4" and metrics["重复"] == "1"
    errors = " ".join(e.value for e in app.error)
    assert "HTML" in errors and "空文件" in errors and "字段都不匹配" in errors
    assert len(app.dataframe) == 3  # by source, manifest, rejects of the chosen file
    assert app.dataframe[2].value.shape[0] >= 1


def test_english_switch(app):
    app.sidebar.radio[0].set_value("en").run()
    assert not app.exception
    assert app.title[0].value.startswith("Ingest")
    assert {m.label for m in app.metric} >= {"Loaded", "Quarantined", "Rows rejected"}


def test_page_without_a_raw_layer_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("YIPING_LAKE", str(tmp_path / "none.duckdb"))
    monkeypatch.setenv("YIPING_WAREHOUSE", str(tmp_path / "none-warehouse.duckdb"))
    at = app_as("steward", "steward_ingest")
    assert not at.exception and "make build" in at.info[0].value
