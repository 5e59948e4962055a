"""Queries of event search and trace (事件查询与追溯): search, one event, its six-step timeline,
its duplicates reported through other channels, and its raw source row (from the lake)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from app.queries.connection import lake_query, published_query, read, read_lake
from app.queries.scope import Scope
from ingest.specs import EVENT_SOURCES

TTL = 120
RAW_TABLES = set(EVENT_SOURCES)  # the event sources of ingest/sources/


@dataclass(frozen=True)
class Search:
    number: str = ""
    text: str = ""
    address: str = ""
    grid: str = ""
    source: str | None = None
    date_from: date | None = None
    date_to: date | None = None


TEXT_MATCH_LIMIT = 20_000  # complaint texts matched in the lake per search (newest events first)


def search(criteria: Search, scope: Scope, limit: int = 300) -> tuple[pd.DataFrame, int]:
    """Events matching every given criterion, newest first, at most `limit` of them, and how many
    match in all; restricted to one street when given. The text also searches the complaint text
    each export carries (its spec's text_column, read from the lake)."""
    texts = _text_matches(criteria.text.strip()) if criteria.text.strip() else ()
    return _search(criteria, scope, limit, texts)


@lake_query(ttl=TTL, max_entries=32)
def _text_matches(text: str) -> tuple[str, ...]:
    """source|file|row of the raw rows whose complaint text contains `text`."""
    from ingest.specs import SPECS

    parts = [
        f"select '{name}' || '|' || _source_file || '|' || _row_number as row_id from {{lake}}.raw.{name} "
        f"where {spec.text_column} ilike ?"
        for name, spec in SPECS.items()
        if name in RAW_TABLES and spec.text_column
    ]
    try:
        frame = read_lake(
            " union all ".join(parts) + f" limit {TEXT_MATCH_LIMIT}", [f"%{text}%"] * len(parts)
        )
    except Exception:  # noqa: BLE001 - the lake busy or absent: search the warehouse's fields only
        return ()
    return tuple(frame["row_id"])


@published_query(ttl=TTL, max_entries=64)
def _search(c: Search, scope: Scope, limit: int, texts: tuple[str, ...]) -> tuple[pd.DataFrame, int]:
    street_code = scope.street_code
    where, params = ["true"], []
    if street_code:
        where.append("g.street_code = ?")
        params.append(street_code)
    if c.number.strip():
        where.append("(e.source_id ilike ? or e.event_key ilike ?)")
        params += [f"%{c.number.strip()}%"] * 2
    if c.text.strip():
        where.append(
            "(e.category_name_zh ilike ? or e.source_category ilike ? or e.handling_unit_name ilike ? "
            "or e.address_text ilike ? "
            "or list_contains(?::varchar[], e.source || '|' || e.source_file || '|' || e.source_row_number))"
        )
        params += [f"%{c.text.strip()}%"] * 4 + [list(texts)]
    if c.address.strip():
        where.append("e.address_text ilike ?")
        params.append(f"%{c.address.strip()}%")
    if c.grid.strip():
        where.append("(e.grid_code = ? or g.grid_name ilike ?)")
        params += [c.grid.strip(), f"%{c.grid.strip()}%"]
    if c.source:
        where.append("e.source = ?")
        params.append(c.source)
    if c.date_from:
        where.append("e.reported_on >= ?")
        params.append(c.date_from)
    if c.date_to:
        where.append("e.reported_on <= ?")
        params.append(c.date_to)
    frame = read(
        f"""
        select e.event_key, e.source, e.source_id, e.reported_at, e.category_name_zh, e.lifecycle_state,
               e.is_overdue_open, g.street_name, g.grid_name, e.address_text, e.handling_unit_name,
               count(*) over () as total_matches
        from marts.fct_event as e
        left join marts.dim_grid as g using (grid_code)
        where {" and ".join(where)}
        order by e.reported_at desc, e.event_key
        limit {int(limit)}""",
        params,
    )
    total = int(frame["total_matches"].iloc[0]) if not frame.empty else 0
    return frame.drop(columns="total_matches"), total


@published_query(ttl=TTL, max_entries=64)
def event(event_key: str, scope: Scope) -> dict | None:
    """One event with its grid and street; None when it does not exist or lies outside the street."""
    street_code = scope.street_code
    frame = read(
        """
        select e.*, g.grid_name, g.community_name, g.street_code, g.street_name
        from marts.fct_event as e
        left join marts.dim_grid as g using (grid_code)
        where e.event_key = ? and (?::varchar is null or g.street_code = ?)""",
        [event_key, street_code, street_code],
    )
    return frame.iloc[0].to_dict() if not frame.empty else None


@published_query(ttl=TTL, max_entries=4)
def main_steps() -> pd.DataFrame:
    """The lifecycle's main steps in order (step_no, step_code, step_name_zh), as the warehouse
    numbers them: the trace shows all six, pending ones too."""
    return read(
        "select distinct step_no, step_code, step_name_zh from marts.fct_event_step "
        "where not is_side_path order by step_no",
    )


@published_query(ttl=TTL, max_entries=64)
def steps(event_key: str) -> pd.DataFrame:
    """The event's lifecycle steps in order (report, dispatch, handle, verify, close, evaluate)."""
    return read(
        """
        select step_no, step_code, step_name_zh, occurred_at, is_side_path
        from marts.fct_event_step where event_key = ? order by occurred_at, step_no""",
        [event_key],
    )


@published_query(ttl=TTL, max_entries=64)
def duplicates(group_id: str | None, event_key: str) -> pd.DataFrame:
    """Other reports of the same incident (same duplicate group), from any channel."""
    if not group_id:
        return pd.DataFrame()
    return read(
        """
        select event_key, source, source_id, reported_at, category_name_zh, lifecycle_state, is_primary_report,
               address_text
        from marts.fct_event where duplicate_group_id = ? and event_key <> ? order by reported_at""",
        [group_id, event_key],
    )


def raw_row(source: str, source_file: str, row_number: int) -> dict | None:
    """The event's row exactly as exported, from the lake's raw layer (every value as text)."""
    if source not in RAW_TABLES:
        return None
    frame = read_lake(
        f"select * exclude (_load_id, _loaded_at) from {{lake}}.raw.{source} "
        "where _source_file = ? and _row_number = ? limit 1",
        [source_file, int(row_number)],
    )
    return frame.iloc[0].to_dict() if not frame.empty else None
