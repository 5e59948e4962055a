"""Which text of an event names its place: the address field, unless it is empty or only points to the
complaint text (详见诉求内容, 无, 同上 ...), then the complaint text; or names only an area (秦淮区,
瑞金路街道, a community), or a place with no number while the complaint names a building (瑞金新村 +
5栋2单元楼道灯不亮), then the field and the complaint text together.

The warehouse decides this in SQL (macro `event_place_text`, model int_events_unioned); this is the same
rule for code that matches texts outside the warehouse (the evaluation set). Both read the one pattern,
the dbt variables `address_pointer_pattern` and `address_area_only_pattern`; tests/test_address_matching.py
checks they agree.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

DBT_PROJECT_FILE = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"


@cache
def _variables() -> dict:
    return yaml.safe_load(DBT_PROJECT_FILE.read_text(encoding="utf-8"))["vars"]


@cache
def _pattern(var: str) -> re.Pattern:
    """One of the place-text patterns, as the dbt variable `var` writes it."""
    return re.compile(_variables()[var])


def place_text(address_text: str | None, description: str | None) -> str | None:
    address = (address_text or "").strip()
    content = (description or "").strip()
    if len(address) < 2 or _pattern("address_pointer_pattern").search(address):
        return content or None
    if content and (
        _pattern("address_area_only_pattern").search(address)  # 瑞金路街道 + where the complaint says
        or (
            _pattern("address_without_number_pattern").search(address)
            and not _pattern("address_numeral_pattern").search(address)
            and _pattern("content_building_pattern").search(content)
        )
    ):  # 瑞金新村 + 5栋2单元楼道灯不亮
        return f"{address} {content}"
    return address
