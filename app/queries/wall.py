"""Queries of the wall screen (一屏总览). Each reads one small rpt_screen_wall_* model — never the
facts — and is cached per published build, so twenty wall screens refreshing cost one query."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from app.queries.connection import published_query, read

TTL = 60  # seconds; a build publishes at most every few minutes


@published_query(ttl=TTL, max_entries=4)
def build_info() -> dict:
    """The published build: build id, built_at (UTC), data as-of, event count."""
    frame = read("select * from marts.rpt_build_info")
    return frame.iloc[0].to_dict() if not frame.empty else {}


@published_query(ttl=TTL, max_entries=8)
def kpis(today: date) -> pd.DataFrame:
    """The KPI strip's four windows relative to `today` (the last precomputed day if today is later)."""
    return read(
        """
        select * from marts.rpt_screen_wall_kpis
        where reference_on = (
            select coalesce(max(reference_on) filter (where reference_on <= ?), min(reference_on))
            from marts.rpt_screen_wall_kpis)""",
        [today],
    )


@published_query(ttl=TTL, max_entries=4)
def grid_map() -> pd.DataFrame:
    """One row per grid with its polygon ring(s) as lists, ready for a pydeck PolygonLayer."""
    frame = read("select * from marts.rpt_screen_wall_grid_map order by grid_code")
    frame["polygon"] = frame.pop("geometry_geojson").map(_outer_ring)
    return frame


@published_query(ttl=TTL, max_entries=4)
def streets() -> pd.DataFrame:
    """One row per street: boundary rings (as paths) and label point."""
    frame = read(
        "select street_code, street_name, boundary_geojson::varchar as boundary_geojson, label_lng, label_lat, "
        "grid_count from marts.rpt_screen_wall_streets order by street_code",
    )
    frame["paths"] = frame.pop("boundary_geojson").map(_rings)
    return frame


@published_query(ttl=TTL, max_entries=4)
def trend_daily() -> pd.DataFrame:
    return read("select * from marts.rpt_screen_wall_trend_daily order by day, source")


@published_query(ttl=TTL, max_entries=4)
def trend_monthly() -> pd.DataFrame:
    return read("select * from marts.rpt_screen_wall_trend_monthly order by month_start")


@published_query(ttl=TTL, max_entries=8)
def top_categories(limit: int = 10) -> pd.DataFrame:
    return read(
        "select * from marts.rpt_screen_wall_top_categories order by category_rank limit ?", [int(limit)]
    )


@published_query(ttl=TTL, max_entries=4)
def street_ranking() -> pd.DataFrame:
    return read("select * from marts.rpt_screen_wall_street_ranking order by street_rank")


@published_query(ttl=TTL, max_entries=4)
def flow() -> pd.DataFrame:
    return read("select * from marts.rpt_screen_wall_flow order by source, handle_level, outcome")


@published_query(ttl=TTL, max_entries=4)
def ticker() -> pd.DataFrame:
    return read("select * from marts.rpt_screen_wall_ticker order by reported_at desc")


@published_query(ttl=TTL, max_entries=4)
def alerts() -> pd.DataFrame:
    return read("select * from marts.rpt_screen_wall_alerts order by alert_type, severity desc, alert_key")


def _rings(geojson: str | None) -> list[list[list[float]]]:
    """Every ring of a (Multi)Polygon, or every line of a MultiLineString, as a path of [lng, lat]."""
    if not geojson:
        return []
    geometry = json.loads(geojson)
    if geometry["type"] == "Polygon":
        return [ring for ring in geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    if geometry["type"] == "MultiLineString":  # an outline as segments (a warehouse built on Spark)
        return list(geometry["coordinates"])
    return []


def _outer_ring(geojson: str | None) -> list[list[float]]:
    rings = _rings(geojson)
    return rings[0] if rings else []
