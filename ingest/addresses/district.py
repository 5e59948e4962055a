"""The district's neighbours by name: a text that names another district of the same city (and not
this one) is not matched inside this district, however well its road name fits."""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources


@cache
def other_district_names(district_code: str) -> tuple[str, ...]:
    """Names of the other county-level divisions of the district's city (玄武区, 鼓楼区 ... for 秦淮区)."""
    text = resources.files("ingest.reference").joinpath("areas.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    city = next((r["cityCode"] for r in rows if r["code"] == district_code), "")
    return tuple(sorted(r["name"] for r in rows if r["cityCode"] == city and r["code"] != district_code))
