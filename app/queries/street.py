"""Queries of the street workbench (街道工作台): one street's grids, overdue list, grid and
department ranking, and its events. Every function takes the Scope the page made from the signed-in identity (Scope.of)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from app.queries.connection import published_query, read
from app.queries.scope import Scope

TTL = 120


@published_query(ttl=TTL, max_entries=4)
def streets() -> pd.DataFrame:
    """Every street (code, name) with grids, for the chooser of district-wide roles."""
    return read("select street_code, street_name, grid_count from marts.rpt_screen_wall_streets order by 1")


@published_query(ttl=TTL, max_entries=32)
def overview(scope: Scope) -> dict:
    """This month's rates, open/overdue now and last month's grade and rank for one street."""
    street_code = scope.street()
    frame = read("select * from marts.rpt_screen_wall_street_ranking where street_code = ?", [street_code])
    return frame.iloc[0].to_dict() if not frame.empty else {}


def grids(scope: Scope) -> pd.DataFrame:
    """The street's grids with map polygons, open/overdue counts and 30-day closure rate."""
    street_code = scope.street()
    from app.queries.wall import grid_map

    frame = grid_map()
    return frame[frame["street_code"] == street_code].reset_index(drop=True)


@published_query(ttl=TTL, max_entries=32)
def overdue_events(scope: Scope, as_of_limit: int = 500) -> pd.DataFrame:
    """Open events past their deadline in the street, most urgent and longest overdue first."""
    street_code = scope.street()
    return read(
        """
        select
            event_key, source, source_id, category_name_zh, urgency, reported_at, deadline_at, hours_overdue,
            handling_unit_name, handle_level, community_name, grid_name, address_text
        from marts.rpt_street_overdue_events
        where street_code = ? and overdue_rank <= ?
        order by overdue_rank""",
        [street_code, as_of_limit],
    )


@published_query(ttl=TTL, max_entries=32)
def months(scope: Scope) -> list[date]:
    """Months with scores for the street, newest first."""
    street_code = scope.street()
    frame = read(
        "select distinct period_start from marts.rpt_kpi_scores where unit_level = 'street' and unit_code = ? "
        "order by 1 desc",
        [street_code],
    )
    return [d.date() if hasattr(d, "date") else d for d in frame["period_start"]]


@published_query(ttl=TTL, max_entries=32)
def grid_ranking(scope: Scope, month: date) -> pd.DataFrame:
    """The street's grids ranked by composite score in one month."""
    street_code = scope.street()
    return read(
        """
        select
            s.street_rank, s.unit_code as grid_code,
            g.grid_name, g.community_name, s.registered_count, s.closure_rate, s.on_time_closure_rate,
            s.composite_score, s.grade, s.unit_rank as district_rank
        from marts.rpt_kpi_scores as s
        join marts.dim_grid as g on g.grid_code = s.unit_code
        where s.unit_level = 'grid' and s.street_code = ? and s.period_start = ?
        order by street_rank, grid_code""",
        [street_code, month],
    )


@published_query(ttl=TTL, max_entries=32)
def department_ranking(scope: Scope, month: date) -> pd.DataFrame:
    """Handling units of the street's events in one month, best on-time closure first."""
    street_code = scope.street()
    return read(
        """
        select org_name, org_type, handle_level, registered_count, due_count, closed_count, closure_rate,
               on_time_closure_rate, rework_rate, satisfaction_rate, mean_hours_to_close
        from marts.rpt_kpi_street_department
        where street_code = ? and period_start = ? and registered_count > 0
        order by on_time_closure_rate desc nulls last, registered_count desc""",
        [street_code, month],
    )


@published_query(ttl=TTL, max_entries=64)
def events(scope: Scope, grid_code: str | None, state: str | None, limit: int = 500) -> pd.DataFrame:
    """Drill-down: the street's (or one grid's) events, newest first, optionally by lifecycle state."""
    street_code = scope.street()
    return read(
        """
        select e.event_key, e.source, e.source_id, e.reported_at, e.category_name_zh, e.urgency,
               e.lifecycle_state, e.is_overdue_open, e.deadline_at, e.closed_at, e.handling_unit_name,
               g.grid_name, e.address_text
        from marts.fct_event as e
        join marts.dim_grid as g using (grid_code)
        where g.street_code = ?
          and (?::varchar is null or e.grid_code = ?)
          and (?::varchar is null or e.lifecycle_state = ? or (? = 'overdue' and e.is_overdue_open))
        order by e.reported_at desc, e.event_key
        limit ?""",
        [street_code, grid_code, grid_code, state, state, state, limit],
    )
