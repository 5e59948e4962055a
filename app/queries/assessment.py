"""Queries of the assessment page (考核评价): composite scores and grades per month for
streets, communities, grids and departments, with the weights they were computed with."""

from __future__ import annotations

from datetime import date

import pandas as pd

from app.queries.connection import published_query, read
from app.queries.scope import Scope

TTL = 600
LEVELS = ("street", "community", "grid", "department")


@published_query(ttl=TTL, max_entries=4)
def months() -> list[date]:
    frame = read("select distinct period_start from marts.rpt_kpi_scores order by 1 desc")
    return [d.date() if hasattr(d, "date") else d for d in frame["period_start"]]


@published_query(ttl=TTL, max_entries=64)
def scores(level: str, month: date, scope: Scope) -> pd.DataFrame:
    """Units of one level ranked by composite score; communities and grids only of `street_code`
    when given (streets and departments are always district-wide: a street sees its rank)."""
    street_code = scope.street_code
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}")
    if level not in ("community", "grid"):
        street_code = None
    if level == "grid":
        scope = "join (select grid_code as unit_code, street_code, street_name from marts.dim_grid) as u using (unit_code)"
    elif level == "community":
        scope = (
            "join (select distinct community_code as unit_code, street_code, street_name from marts.dim_grid) as u "
            "using (unit_code)"
        )
    else:  # streets and departments: district-wide
        scope = "cross join (select null::varchar as street_code, null::varchar as street_name) as u"
    return read(
        f"""
        select s.unit_rank, s.unit_code, s.unit_name, u.street_name, s.registered_count, s.closure_rate,
               s.on_time_closure_rate, s.on_time_handling_rate, s.rework_rate, s.patrol_report_rate,
               s.events_per_grid, s.case_count_score, s.composite_score, s.grade
        from marts.rpt_kpi_scores as s
        {scope}
        where s.unit_level = ? and s.period_start = ? and (?::varchar is null or u.street_code = ?)
        order by s.unit_rank, s.unit_code""",
        [level, month, street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=64)
def history(level: str, unit_code: str) -> pd.DataFrame:
    """One unit's monthly score and grade."""
    return read(
        "select period_start, composite_score, grade, unit_rank from marts.rpt_kpi_scores "
        "where unit_level = ? and unit_code = ? order by period_start",
        [level, unit_code],
    )


@published_query(ttl=TTL, max_entries=4)
def weights() -> pd.DataFrame:
    """The scoring schemes (marts dim_kpi_component and dim_kpi_grade), shown beside the scores."""
    return read(
        "select scheme, component, weight, description from marts.dim_kpi_component order by scheme, weight desc",
    )


@published_query(ttl=TTL, max_entries=4)
def grades() -> pd.DataFrame:
    return read("select grade, min_score from marts.dim_kpi_grade order by min_score desc")
