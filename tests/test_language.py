"""Clean Chinese and clean English: every page each role opens (the admin every page there is, the
steward and a street leader theirs, with their scoped data), in both languages, scanned for what a user should never read — None/nan/NaT, internal codes
(hotline_12345, address_exact, community, on_time_closure_rate…), English column headers in the
Chinese UI and Chinese headers in the English UI."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from app.registry import PAGES
from tests.conftest import app_as

MISSING = re.compile(r"(?<![A-Za-z])(None|nan|NaN|NaT)(?![A-Za-z])")
# an internal code: lower-case words joined by underscores (what a column or value is called inside)
CODE = re.compile(r"(?<![A-Za-z0-9_./:-])[a-z]+(?:_[a-z0-9]+)+(?![A-Za-z0-9_.(/-])")
CJK = re.compile(r"[\u4e00-\u9fff]")
# codes a cell may carry as data on the steward pages (a check's name, a file path) are not UI text
DATA_PAGES = {"quality", "ingest", "builds", "audit", "addresses"}
CODE_VALUES = {"hotline_12345", "city_mgmt", "grid_report", "community", "district", "overdue_open"}


def _texts(at) -> list[str]:
    out = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
    ):
        out += [str(e.value) for e in at.get(kind)]
    for metric in at.get("metric"):
        out += [str(metric.label), str(metric.value)]
    return out


def _frames(at) -> list[pd.DataFrame]:
    return [d.value for d in at.get("dataframe") if isinstance(d.value, pd.DataFrame)]


@pytest.mark.parametrize(
    ("username", "role"), [("admin", "admin"), ("steward", "steward"), ("ruijin", "street_leader")]
)
def test_no_page_shows_missing_values_codes_or_the_other_language(app_env, username, role):
    problems = []
    at = app_as(username)  # one signed-in session walks the role's pages, in Chinese then English
    pages = [spec for spec in PAGES if role in spec.roles and spec.url != "wall"]
    assert pages
    for spec in pages:
        at.switch_page(spec.path).run()
        for lang in ("zh", "en"):
            at.radio(key="lang").set_value(lang).run()
            assert not at.exception, (spec.url, lang, at.exception)
            problems += _scan(at, spec.url, lang)
    assert problems == [], problems


def _scan(at, url: str, lang: str) -> list[tuple]:
    problems = []
    for text in _texts(at):
        if MISSING.search(text):
            problems.append((url, lang, "missing", text[:80]))
    # headings and metric labels are the UI's own words: in English no Chinese, in Chinese no codes
    labels = [str(e.value) for kind in ("title", "header", "subheader") for e in at.get(kind)]
    labels += [str(m.label) for m in at.get("metric")]
    for label in labels:
        if lang == "en" and CJK.search(label):
            problems.append((url, lang, "zh label", label))
        if lang == "zh" and CODE.search(label):
            problems.append((url, lang, "code label", label))
    for frame in _frames(at):
        for column in frame.columns:
            name = str(column)
            if lang == "zh" and CODE.search(name):
                problems.append((url, lang, "code header", name))
            if lang == "en" and CJK.search(name):
                problems.append((url, lang, "zh header", name))
            values = frame[column]
            if values.dtype != object:
                continue
            # a null text cell is drawn as "None" by the table: it must arrive as "—"
            cells = values.dropna().astype(str)
            if values.isna().any() or cells.str.fullmatch(r"None|nan|NaN|NaT").any():
                problems.append((url, lang, "missing cell", name))
            if lang == "zh" and url not in DATA_PAGES and cells.isin(CODE_VALUES).any():
                problems.append((url, lang, "code cell", name))
    return problems
