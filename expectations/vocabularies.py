"""Vocabularies the gates accept, read from the dbt seeds so gates and warehouse agree."""

from __future__ import annotations

import csv
from functools import cache

from .staging_sql import DBT_PROJECT

SEEDS = DBT_PROJECT / "seeds"


@cache
def _rows(seed: str) -> tuple[dict, ...]:
    with open(SEEDS / f"{seed}.csv", encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def values(source: str, field: str) -> list[str]:
    """Accepted values of one field of one source (seed `source_vocabularies`)."""
    out = [r["value"] for r in _rows("source_vocabularies") if r["source"] == source and r["field"] == field]
    if not out:
        raise KeyError(f"seeds/source_vocabularies.csv has no values for {source}.{field}")
    return out


def statuses(source: str) -> list[str]:
    """Status words of one source (seed `status_map`)."""
    return [r["status"] for r in _rows("status_map") if r["source"] == source]


def satisfaction_words() -> list[str]:
    return [r["satisfaction"] for r in _rows("satisfaction_scale")]
