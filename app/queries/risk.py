"""Queries of the risk-analysis page (研判分析): grid hotspots against their own baseline,
addresses reported again and again, when events happen (hour × weekday), petition backlog,
and a campaign view (chosen categories before and during a campaign)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from app.queries.connection import read, signature

TTL = 300


def hotspots(street_code: str | None) -> pd.DataFrame:
    """Grids with their last-7-days count, baseline and hotspot score, hottest first."""
    return _hotspots(signature(), street_code)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _hotspots(sig, street_code: str | None) -> pd.DataFrame:
    return read(
        sig,
        """
        select grid_code, grid_name, community_name, street_name, events_this_week, baseline_weekly_events,
               hotspot_score, is_hotspot, centroid_lng, centroid_lat
        from marts.rpt_risk_grid_hotspots
        where (?::varchar is null or street_code = ?)
        order by hotspot_score desc nulls last, grid_code""",
        [street_code, street_code],
    )


def recurring_addresses(street_code: str | None) -> pd.DataFrame:
    """Addresses × category reported repeatedly in the last 90 days."""
    return _recurring(signature(), street_code)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _recurring(sig, street_code: str | None) -> pd.DataFrame:
    return read(
        sig,
        """
        select r.full_address, r.category_name_zh, r.report_count, r.closed_count, r.source_count,
               r.first_reported_at, r.last_reported_at, r.street_name, r.community_name, r.grid_code
        from marts.rpt_risk_recurring_addresses as r
        left join marts.dim_grid as g using (grid_code)
        where (?::varchar is null or g.street_code = ?)
        order by r.report_count desc, r.last_reported_at desc""",
        [street_code, street_code],
    )


def hour_weekday(street_code: str | None, since: date) -> pd.DataFrame:
    """Event reports per hour of day × ISO weekday since a day (0 = Monday). Reports whose time is
    exactly midnight carry a date only (petitions' 登记日期): they have no hour and are left out, or
    the 0 o'clock column would hold every date-only report."""
    return _hour_weekday(signature(), street_code, since)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _hour_weekday(sig, street_code: str | None, since: date) -> pd.DataFrame:
    return read(
        sig,
        """
        select isodow(e.reported_at) - 1 as weekday, hour(e.reported_at) as hour, count(*) as events
        from marts.fct_event as e
        left join marts.dim_grid as g using (grid_code)
        where e.reported_on >= ? and (?::varchar is null or g.street_code = ?)
            and e.reported_at <> date_trunc('day', e.reported_at)
        group by all""",
        [since, street_code, street_code],
    )


def petition_backlog(street_code: str | None) -> pd.DataFrame:
    return _petition_backlog(signature(), street_code)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _petition_backlog(sig, street_code: str | None) -> pd.DataFrame:
    return read(
        sig,
        """
        select b.petition_no, b.registered_on, b.category_name_zh, b.petition_purpose, b.people_count,
               b.is_collective, b.is_repeat, b.repeat_count, b.handling_unit_name, b.days_open, b.is_overdue_open
        from marts.rpt_risk_petition_backlog as b
        left join marts.dim_grid as g using (grid_code)
        where (?::varchar is null or g.street_code = ?)
        order by b.is_overdue_open desc, b.days_open desc""",
        [street_code, street_code],
    )


def categories() -> pd.DataFrame:
    return _categories(signature())


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=4)
def _categories(sig) -> pd.DataFrame:
    return read(
        sig,
        "select category_code, category_name_zh, category_name_en from seeds.event_taxonomy order by category_code",
    )


def campaign(
    category_codes: tuple[str, ...], start: date, end: date, street_code: str | None
) -> pd.DataFrame:
    """Weekly reports of the chosen categories from 8 weeks before the campaign to its end, per street."""
    return _campaign(signature(), category_codes, start, end, street_code)


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=32)
def _campaign(sig, codes: tuple[str, ...], start: date, end: date, street_code: str | None) -> pd.DataFrame:
    if not codes:
        return pd.DataFrame(columns=["week_start", "street_name", "events", "closed", "is_campaign"])
    return read(
        sig,
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
        [start, list(codes), start, end, street_code, street_code],
    )
