"""一屏总览 — the command center's wall: header, KPI strip and columns of panels arranged for the
wall's shape (app/components/wall.py LAYOUTS: 16:9, 32:9, 48:9): district map with its legend,
event flow, trends, top categories, street ranking, alerts and a live ticker.

Every panel is a fragment that refreshes itself from the shared caches (app/queries/wall.py); the
page itself never reruns. Windows are the data's: "today" is the day of the data's as-of, stated,
and a wall whose data stopped says how long ago. Reads only pre-aggregated rpt_screen_wall_* models.
"""

from __future__ import annotations

import os
import time
from html import escape

import streamlit as st

from app import clock, session
from app.components import charts, maps, wall
from app.components import svg_charts as svg
from app.components.formatting import age_text, count, delta, is_missing, local_from_utc, minutes, pct
from app.i18n import category_name, source_name, t
from app.queries import WarehouseUnavailable
from app.queries import wall as q

# Seconds between refreshes of each part; YIPING_WALL_REFRESH overrides all three (benchmarks, soak tests).
_OVERRIDE = float(os.environ.get("YIPING_WALL_REFRESH", "0")) or None
REFRESH_KPIS = _OVERRIDE or 60
REFRESH_PANELS = _OVERRIDE or 120
REFRESH_TICKER = _OVERRIDE or 30
VIEWS = ("overview", "streets", "risk")

lang = session.lang()
ident = session.require("wall")
screen = ident.screen if ident.is_wall else {}
carousel = [v for v in screen.get("carousel", []) if v in VIEWS]
rotate_seconds = max(int(screen.get("rotate_seconds", 60)), 5)
# the layout: a screen's own setting, else ?layout= (a kiosk sets it from its window's shape)
fixed_layout = screen.get("layout") if screen.get("layout") in wall.LAYOUTS else None
layout = wall.LAYOUTS.get(fixed_layout or st.query_params.get("layout") or "", wall.LAYOUTS["16x9"])
widths = layout.column_widths()

wall.canvas(
    kiosk=ident.is_wall,
    layout=layout,
    auto=ident.is_wall and fixed_layout is None,
    zone=clock.zone_name(),
    texts={"title": t("wall_reconnecting", lang), "detail": t("wall_reconnecting_detail", lang)},
)


def _view(step: int | None = None) -> str:
    """The carousel's view at `step` (how many times the calling panel has turned), else the
    laptop user's choice. Each turning panel counts its own runs on the rotation's period, so the
    map and the panel that explains it turn together and keep the configured time."""
    if carousel:
        return carousel[(step or 0) % len(carousel)]
    return st.session_state.get("wall_view") or "overview"


def _turn() -> str:
    """The next view of the turning panel (the map with the panel that explains it, drawn by one
    fragment so they always agree): its first run shows the first view, each run on the rotation's
    timer the next; a run sooner than 60% of the period after the last turn (a rerun for another
    reason) keeps the view, so the carousel neither skips nor stutters."""
    step, turned_at = st.session_state.get("carousel_turn", (-1, 0.0))
    now = time.monotonic()
    if step < 0 or now - turned_at >= 0.6 * rotate_seconds:
        step, turned_at = step + 1, now
        st.session_state["carousel_turn"] = (step, turned_at)
    return _view(step)


def _day_label(day) -> str:
    return f"{day.month}月{day.day}日" if lang == "zh" else day.strftime("%d %b")


@st.fragment(run_every=REFRESH_KPIS)
def header_and_kpis() -> None:
    try:
        info = q.build_info()
    except WarehouseUnavailable:
        wall.header(t("wall_title", lang), t("wall_subtitle", lang), t("wall_no_data", lang), "", None)
        return
    as_of = info.get("as_of_at")
    built = local_from_utc(info.get("built_at"))
    age = clock.age_hours(as_of)
    stale = age is None or age > info["stale_after_hours"]  # the warehouse's one threshold
    if age is None:
        stale_text = t("wall_no_data", lang)
    else:
        stale_text = t("wall_stale", lang).format(age=age_text(age, lang)) if stale else None
    wall.header(
        t("wall_title", lang),
        t("wall_subtitle", lang),
        t("data_as_of", lang).format(when=minutes(as_of)),
        t("built_at", lang).format(when=built.strftime("%m-%d %H:%M") if built else "—"),
        stale_text,
    )
    # every window is the data's: "today" is the as-of day (a stale wall says which day it shows)
    data_day = as_of.date() if not is_missing(as_of) else clock.today()
    k = q.kpis(data_day).set_index("window_code")
    today, yesterday = k.loc["today"], k.loc["yesterday"]
    month, last_month = k.loc["this_month"], k.loc["last_month_to_date"]
    is_today = data_day == clock.today()
    day_label = t("kpi_today", lang) if is_today else t("kpi_on_day", lang).format(day=_day_label(data_day))
    month_label = (
        t("kpi_month", lang) if is_today else t("kpi_month_to", lang).format(day=_day_label(data_day))
    )
    prev_day = t("vs_yesterday", lang) if is_today else t("vs_day_before", lang)
    same_days = t("vs_last_month_days", lang).format(n=data_day.day)

    def card(label, value, cur, prev, kind, delta_label, inverse=False, alarm=False):
        text, direction = delta(cur, prev, kind)
        return {
            "label": label,
            "value": value,
            "delta_text": text,
            "direction": direction,
            "delta_label": delta_label,
            "inverse": inverse,
            "alarm": alarm,
        }

    registered_today = today["registered_count"] if not is_missing(today["registered_count"]) else 0
    wall.kpi_strip(
        [
            # more events is the bad way, as in the categories panel: a rise is red, a fall green
            card(
                day_label,
                count(registered_today),
                registered_today,
                yesterday["registered_count"],
                "count",
                prev_day,
                inverse=True,
            ),  # fmt: skip
            card(
                month_label,
                count(month["registered_count"]),
                month["registered_count"],
                last_month["registered_count"],
                "count",
                same_days,
                inverse=True,
            ),  # fmt: skip
            card(t("kpi_open", lang), count(month["open_count"]), None, None, "count", t("live_now", lang)),
            card(
                t("kpi_overdue", lang),
                count(month["overdue_open_count"]),
                None,
                None,
                "count",
                t("live_now", lang),
                alarm=(month["overdue_open_count"] or 0) > 0,
            ),  # fmt: skip
            card(
                t("kpi_closure_rate", lang),
                pct(month["closure_rate"]),
                month["closure_rate"],
                last_month["closure_rate"],
                "rate",
                same_days,
            ),  # fmt: skip
            card(
                t("kpi_on_time_rate", lang),
                pct(month["on_time_closure_rate"]),
                month["on_time_closure_rate"],
                last_month["on_time_closure_rate"],
                "rate",
                same_days,
            ),  # fmt: skip
            card(
                t("kpi_satisfaction", lang),
                pct(month["satisfaction_rate"]),
                month["satisfaction_rate"],
                last_month["satisfaction_rate"],
                "rate",
                same_days,
            ),  # fmt: skip
        ]
    )


# ---- panels: each draws itself at (width, height) in canvas pixels --------------------------------


def trend_daily(w: int, h: int) -> None:
    names = {src: source_name(src, lang) for src in charts.SOURCE_COLORS}
    chart = svg.line_chart(
        q.trend_daily(), "day", "source", "registered_count", charts.SOURCE_COLORS, names, w - 26, h - 44
    )
    wall.panel(t("trend_30d", lang), chart, height=h, testid="wall-trend-daily")


def trend_monthly(w: int, h: int) -> None:
    chart = svg.bar_line_chart(
        q.trend_monthly(),
        "month_start",
        "registered_count",
        "closure_rate",
        {"registered": t("registered", lang), "closure_rate": t("kpi_closure_rate", lang)},
        w - 26,
        h - 44,
    )
    wall.panel(t("trend_12m", lang), chart, height=h, testid="wall-trend-monthly")


def categories(w: int, h: int) -> None:
    rows = max(4, (h - 44) // 32)
    cats = q.top_categories(rows)
    chart = svg.hbar_chart(
        [category_name(r.category_name_zh, r.category_name_en, lang) for r in cats.itertuples()],
        [float(v) for v in cats["events_30d"]],
        [float(v) for v in cats["events_prev_30d"]],
        w - 26,
        min(h - 44, 32 * len(cats)),
    )
    wall.panel(t("top_categories", lang), chart, height=h, testid="wall-categories")


COMPANION_HEIGHT = 278


def map_view(w: int, h: int) -> None:
    """The map and the panel that explains its colouring, turned together: stacked in a column of
    a 16:9 or 32:9 wall, side by side where the column is wide (48:9)."""
    view = _turn()
    if w >= 1600:
        gap = 10
        map_w = int((w - gap) * 0.64)
        left, right = st.columns([64, 36], gap="small")
        with left:
            map_panel(map_w, h, view)
        with right:
            companion(w - gap - map_w, h, view)
    else:
        map_panel(w, h - COMPANION_HEIGHT - 8, view)
        companion(w, COMPANION_HEIGHT, view)


def map_panel(w: int, h: int, view: str) -> None:
    grids = q.grid_map()
    if view == "streets":
        value, label, reverse, columns = "closure_rate_30d", t("closure_rate_30d", lang), True, None
    elif view == "risk":
        value, label, reverse = "hotspot_score", t("hotspot_score", lang), False
        columns = grids[grids["is_hotspot"]]
    else:
        value, label, reverse = "open_count", t("open_events", lang), False
        columns = grids[grids["is_hotspot"]]
    legend_slot = st.empty()
    map_height = h - 30
    if not ident.is_wall and not carousel:  # people at a laptop choose what colours the map
        st.segmented_control(
            t("colour_by", lang),
            VIEWS,
            format_func=lambda v: t("view_" + v, lang),
            key="wall_view",
            label_visibility="collapsed",
        )
        map_height -= 44
    low, high = maps.grid_map(
        grids,
        value_column=value,
        value_label=label,
        streets=q.streets(),
        points=q.ticker() if view == "overview" else None,
        columns=columns,
        height=map_height,
        width_px=w,
        pitch=0 if view == "streets" else 35,
        reverse=reverse,
        key="wall_map",
        interactive=not ident.is_wall,
    )
    columns_note = t("map_columns_note", lang) if columns is not None else ""
    legend_slot.html(
        f'<div class="wall-head-row" data-testid="wall-map-head" data-view="{escape(view)}">'
        f'<div class="wall-title" style="margin:2px 0 0 0">{escape(t("district_map", lang))} · '
        f"{escape(t('view_' + view, lang))}</div>"
        + maps.legend_html(label, low, high, reverse, percent=value.endswith("_rate_30d"))
        + (f'<div class="legend">{escape(columns_note)}</div>' if columns_note else "")
        + "</div>"
    )


def companion(w: int, h: int, view: str) -> None:
    """The panel that explains the map's current colouring: the event flow beside open events,
    streets' closure beside the closure map, the hotspots beside the hotspot map."""
    if view == "streets":
        ranking = q.street_ranking().sort_values("closure_rate", ascending=False)
        chart = svg.hbar_chart(
            ranking["street_name"].tolist(),
            [float(v) if not is_missing(v) else 0.0 for v in ranking["closure_rate"]],
            [None] * len(ranking),
            w - 26,
            min(h - 44, 24 * len(ranking)),
            fmt=lambda v: f"{v * 100:.1f}%",
        )
        wall.panel(t("companion_streets", lang), chart, height=h, testid="wall-companion")
        return
    if view == "risk":
        alerts = q.alerts()
        hot = alerts[alerts["alert_type"] == "hotspot"].sort_values("severity", ascending=False)
        items = [(f"{r.severity:.1f}", t("alert_hotspot", lang), "warn", _title(r)) for r in hot.itertuples()]
        wall.panel(
            t("companion_risk", lang),
            wall.list_html(items, rows=(h - 44) // 27),
            height=h,
            testid="wall-companion",
        )
        return
    flow_panel(w, h)


def flow_panel(w: int, h: int) -> None:
    flow = q.flow()
    by_level = flow.groupby(flow["handle_level"].fillna("unknown"))["event_count"].sum()
    total = float(by_level.sum()) or 1.0
    split = wall.split_bar(
        [
            (t("level_" + level, lang), float(by_level.get(level, 0)) / total, charts.LEVEL_COLORS[level])
            for level in charts.HANDLE_LEVELS
        ]
    )
    levels = [*charts.HANDLE_LEVELS, "unknown"]
    sankey = svg.sankey_chart(
        flow.assign(handle_level=flow["handle_level"].fillna("unknown")),
        ["source", "handle_level", "outcome"],
        [list(charts.SOURCE_COLORS), levels, list(charts.OUTCOME_COLORS)],
        {**charts.SOURCE_COLORS, **charts.LEVEL_COLORS, **charts.OUTCOME_COLORS},
        {
            **{k: source_name(k, lang) for k in charts.SOURCE_COLORS},
            **{k: t("level_" + k, lang) for k in levels},
            **{k: t("outcome_" + k, lang) for k in charts.OUTCOME_COLORS},
        },
        w - 26,
        h - 84,
        testid="wall-sankey",
    )
    wall.panel(t("event_flow", lang), split + sankey, height=h, testid="wall-flow")


def sources(w: int, h: int) -> None:
    """Per channel over 30 days: events, and how they ended (the flow's outcomes as shares)."""
    flow = q.flow()
    table = flow.pivot_table(
        index="source", columns="outcome", values="event_count", aggfunc="sum", fill_value=0
    )
    rows = []
    for src in charts.SOURCE_COLORS:
        if src not in table.index:
            continue
        r = table.loc[src]
        n = float(r.sum()) or 1.0
        rows.append(
            [
                f'<span style="color:{charts.SOURCE_COLORS[src]}">●</span> {escape(source_name(src, lang))}',
                count(r.sum()),
                pct(r.get("closed_on_time", 0) / n),
                pct(r.get("open", 0) / n),
                f'<span style="color:{wall.COLORS["bad"]}">{pct(r.get("overdue_open", 0) / n)}</span>',
            ]
        )
    headers = [
        t("col_source", lang), t("registered", lang), t("outcome_closed_on_time", lang),
        t("outcome_open", lang), t("outcome_overdue_open", lang),
    ]  # fmt: skip
    wall.panel(t("sources_30d", lang), wall.table_html(headers, rows), height=h, testid="wall-sources")


def ranking(w: int, h: int) -> None:
    rows = [
        [
            f'<span class="rank{" top" if r.street_rank <= 3 else ""}">{int(r.street_rank)}</span>',
            escape(r.street_name),
            count(r.registered_count),
            pct(r.closure_rate),
            pct(r.on_time_closure_rate),
            count(r.overdue_open_count),
            f'<span class="grade {escape(str(r.last_month_grade))}">{escape(str(r.last_month_grade or "—"))}</span>',
        ]
        for r in q.street_ranking().itertuples()
    ]
    headers = [
        "#", t("street", lang), t("registered", lang), t("closure", lang), t("on_time", lang),
        t("overdue", lang), t("grade", lang),
    ]  # fmt: skip
    wall.panel(t("street_ranking", lang), wall.table_html(headers, rows), height=h, testid="wall-ranking")


def _overdue_age(hours) -> str:
    days = int(hours // 24) if not is_missing(hours) else 0
    return (
        t("overdue_days", lang).format(n=days) if days else t("overdue_hours", lang).format(n=int(hours or 0))
    )


def _alert_items(kind: str, alerts) -> list[tuple]:
    part = alerts[alerts["alert_type"] == kind]
    if kind == "overdue":
        return [
            (_overdue_age(r.severity), t("alert_overdue", lang), "bad", _title(r)) for r in part.itertuples()
        ]
    if kind == "urgent":
        part = part.sort_values("reported_at", ascending=False)
        return [
            (
                r.reported_at.strftime("%m-%d %H:%M"),
                t("alert_urgent", lang),
                "bad",
                _title(r),
                "urgent new" if r.is_new else "urgent",
            )
            for r in part.itertuples()
        ]
    return [("", t("alert_" + kind, lang), "warn", _title(r)) for r in part.itertuples()]


def _title(alert) -> str:
    """The alert's text in the wall's language (the warehouse writes both)."""
    return (getattr(alert, "title_en", None) or alert.title_zh) if lang == "en" else alert.title_zh


def _summary(alerts, kinds, shown: dict[str, int], say_listed: bool) -> str:
    """'超期 3,399（列出 8）· …': the headline count of every kind (the KPI strip's number), and
    — where the panel lists one kind — how many of them it shows."""
    parts = []
    for k in kinds:
        rows = alerts[alerts["alert_type"] == k]
        total = int(rows["type_total"].max()) if not rows.empty else 0
        listed = min(shown.get(k, 0), total)
        more = t("alerts_listed", lang).format(n=listed) if say_listed and listed < total else ""
        parts.append(f"{t('alert_' + k, lang)} {total:,}{more}")
    return " · ".join(parts)


def _alerts_panel(
    title: str, kinds: tuple[str, ...], h: int, testid: str, per_kind: int | None = None
) -> None:
    alerts = q.alerts()
    room = max(1, (h - 66) // 27)
    per = per_kind or max(1, room // len(kinds))
    items: list[tuple] = []
    shown: dict[str, int] = {}
    for kind in kinds:
        part = _alert_items(kind, alerts)[:per]
        shown[kind] = len(part)
        items += part
    summary = _summary(alerts, kinds, shown, say_listed=len(kinds) == 1)
    wall.panel(
        title,
        f'<div class="alert-summary" style="color:#8aa4c8;font-size:14px;margin-bottom:4px">{escape(summary)}</div>'
        + wall.list_html(items, rows=room),
        height=h,
        testid=testid,
    )


def alerts(w: int, h: int) -> None:
    _alerts_panel(
        t("alerts", lang), ("urgent", "overdue", "hotspot", "vulnerable_residents"), h, "wall-alerts", 2
    )


def alerts_overdue(w: int, h: int) -> None:
    _alerts_panel(t("alerts_overdue_title", lang), ("overdue",), h, "wall-alerts")


def alerts_urgent(w: int, h: int) -> None:
    _alerts_panel(t("alerts_urgent_title", lang), ("urgent",), h, "wall-alerts-urgent")


def alerts_risk(w: int, h: int) -> None:
    _alerts_panel(t("alerts_risk_title", lang), ("hotspot", "vulnerable_residents"), h, "wall-alerts-risk")


def ticker(w: int, h: int) -> None:
    latest = q.ticker().head(max(1, (h - 44) // 30))
    items = [
        (
            r.reported_at.strftime("%m-%d %H:%M"),
            source_name(r.source, lang),
            "bad" if r.is_urgent else "",
            " · ".join(
                x
                for x in (
                    (r.urgency if r.is_urgent else None),
                    r.category_name_zh,
                    r.street_name,
                    r.grid_name,
                )
                if isinstance(x, str) and x
            ),
            "urgent" if r.is_urgent else "",
        )
        for r in latest.itertuples()
    ]
    wall.panel(t("ticker", lang), wall.list_html(items), height=h, testid="wall-ticker")


PANELS = {
    "trend_daily": trend_daily,
    "trend_monthly": trend_monthly,
    "categories": categories,
    "map_view": map_view,
    "flow": flow_panel,
    "sources": sources,
    "ranking": ranking,
    "alerts": alerts,
    "alerts_overdue": alerts_overdue,
    "alerts_urgent": alerts_urgent,
    "alerts_risk": alerts_risk,
    "ticker": ticker,
}
VIEW_PANELS = {"map_view"}  # it changes with the carousel


@st.fragment(run_every=REFRESH_PANELS)
def slow_panel(name: str, w: int, h: int) -> None:
    PANELS[name](w, h)


@st.fragment(run_every=REFRESH_TICKER)
def fast_panel(name: str, w: int, h: int) -> None:
    PANELS[name](w, h)


@st.fragment(run_every=rotate_seconds if carousel else REFRESH_PANELS)
def view_panel(name: str, w: int, h: int) -> None:
    PANELS[name](w, h)


try:
    shown_build = q.build_info().get("build_id") or ""
except WarehouseUnavailable as e:
    wall.header(t("wall_title", lang), t("wall_subtitle", lang), t("wall_no_data", lang), str(e), None)
    st.stop()

header_and_kpis()
for (_, panels), column, width in zip(
    layout.columns, st.columns([share for share, _ in layout.columns], gap="small"), widths, strict=True
):
    with column:
        for name, height in panels:
            if name in VIEW_PANELS:
                view_panel(name, width, height)
            elif name in ("ticker", "alerts_urgent"):
                fast_panel(name, width, height)
            else:
                slow_panel(name, width, height)
# the build this load shows, for a wall's monitoring (and the test that publishes under a serving wall)
st.html(
    f'<div data-testid="wall-ready" data-layout="{layout.name}" data-build="{escape(str(shown_build))}" '
    'style="display:none">ready</div>'
)
