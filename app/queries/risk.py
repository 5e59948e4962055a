"""Queries of the risk-analysis page (研判分析): grid hotspots against their own baseline,
addresses reported again and again, when events happen (hour × weekday), petition backlog,
and a campaign view (chosen categories before and during a campaign)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from app.queries.connection import published_query, read
from app.queries.scope import Scope

TTL = 300


@published_query(ttl=TTL, max_entries=32)
def hotspots(scope: Scope) -> pd.DataFrame:
    """Grids with their last-7-days count, baseline and hotspot score, hottest first."""
    street_code = scope.street_code
    return read(
        """
        select grid_code, grid_name, community_name, street_name, events_this_week, baseline_weekly_events,
               hotspot_score, is_hotspot, centroid_lng, centroid_lat
        from marts.rpt_risk_grid_hotspots
        where (?::varchar is null or street_code = ?)
        order by hotspot_score desc nulls last, grid_code""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def recurring_addresses(scope: Scope) -> pd.DataFrame:
    """Addresses × category reported repeatedly in the last 90 days."""
    street_code = scope.street_code
    return read(
        """
        select r.full_address, r.category_name_zh, r.report_count, r.closed_count, r.source_count,
               r.first_reported_at, r.last_reported_at, r.street_name, r.community_name, r.grid_code
        from marts.rpt_risk_recurring_addresses as r
        left join marts.dim_grid as g using (grid_code)
        where (?::varchar is null or g.street_code = ?)
        order by r.report_count desc, r.last_reported_at desc""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def hour_weekday(scope: Scope, since: date) -> pd.DataFrame:
    """Event reports per hour of day × ISO weekday since a day (0 = Monday). Reports whose time is
    exactly midnight carry a date only (petitions' 登记日期): they have no hour and are left out, or
    the 0 o'clock column would hold every date-only report."""
    street_code = scope.street_code
    return read(
        """
        select isodow(e.reported_at) - 1 as weekday, hour(e.reported_at) as hour, count(*) as events
        from marts.fct_event as e
        left join marts.dim_grid as g using (grid_code)
        where e.reported_on >= ? and (?::varchar is null or g.street_code = ?)
            and e.reported_at <> date_trunc('day', e.reported_at)
        group by all""",
        [since, street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=32)
def petition_backlog(scope: Scope) -> pd.DataFrame:
    street_code = scope.street_code
    return read(
        """
        select b.petition_no, b.registered_on, b.category_name_zh, b.petition_purpose, b.people_count,
               b.is_collective, b.is_repeat, b.repeat_count, b.handling_unit_name, b.days_open, b.is_overdue_open
        from marts.rpt_risk_petition_backlog as b
        left join marts.dim_grid as g using (grid_code)
        where (?::varchar is null or g.street_code = ?)
        order by b.is_overdue_open desc, b.days_open desc""",
        [street_code, street_code],
    )


@published_query(ttl=TTL, max_entries=4)
def categories() -> pd.DataFrame:
    return read(
        "select category_code, category_name_zh, category_name_en from marts.dim_event_category order by category_code",
    )


@published_query(ttl=TTL, max_entries=32)
def campaign(category_codes: tuple[str, ...], start: date, end: date, scope: Scope) -> pd.DataFrame:
    """Weekly reports of the chosen categories from 8 weeks before the campaign to its end, per street."""
    street_code = scope.street_code
    if not category_codes:
        return pd.DataFrame(columns=["week_start", "street_name", "events", "closed", "is_campaign"])
    return read(
        """
        select cast(date_trunc('week', e.reported_on) as date) as week_start, g.street_name,
               count(*) as events, count(*) filter (where e.is_closed) as closed,
               date_trunc('week', e.reported_on) >= date_trunc('week', ?::date) as is_campaign
        from marts.fct_event as e
        join marts.dim_grid as g using (grid_code)
        where list_contains(?, e.category_code)
          and e.reported_on between ?::date - interval 56 day and ?::date
          and (?::varchar is null or g.street_code = ?)
        group by all
        order by week_start, g.street_name""",
        [start, list(category_codes), start, end, street_code, street_code],
    )
