"""一屏总览 — the command center's wall: KPI strip, district map, event flow, trends, top
categories, street ranking, alerts and a live ticker on a fixed 1920×1080 canvas.

Every part is a fragment that refreshes itself from the shared caches (app/queries/wall.py);
the page itself never reruns. Read only pre-aggregated rpt_screen_wall_* models.
"""

from __future__ import annotations

import os
import time
from datetime import datetime, timedelta
from html import escape

import streamlit as st

from app import session
from app.components import charts, maps, wall
from app.components import svg_charts as svg
from app.components.formatting import count, delta, is_missing, local_from_utc, minutes, pct
from app.i18n import category_name, source_name, t
from app.queries import WarehouseUnavailable
from app.queries import wall as q

# Seconds between refreshes of each part; YIPING_WALL_REFRESH overrides all three (benchmarks, soak tests).
_OVERRIDE = float(os.environ.get("YIPING_WALL_REFRESH", "0")) or None
REFRESH_KPIS = _OVERRIDE or 60
REFRESH_PANELS = _OVERRIDE or 120
REFRESH_TICKER = _OVERRIDE or 30
STALE_AFTER = timedelta(hours=26)
VIEWS = ("overview", "streets", "risk")
# Column widths on the 1920-px canvas (25/50/25 of 1888 px less the gaps): the SVG charts and the map are drawn to them.
SIDE_WIDTH = 462
CENTRE_WIDTH = 934

lang = session.lang()
ident = session.require("wall")
screen = ident.screen if ident.is_wall else {}
carousel = [v for v in screen.get("carousel", []) if v in VIEWS]
rotate_seconds = max(int(screen.get("rotate_seconds", 60)), 10)

wall.canvas(kiosk=ident.is_wall)


def _view() -> str:
    """The carousel's current view, from the clock — identical on every screen, no state kept."""
    if carousel:
        return carousel[int(time.time() // rotate_seconds) % len(carousel)]
    return st.session_state.get("wall_view") or "overview"


@st.fragment(run_every=REFRESH_KPIS)
def header_and_kpis() -> None:
    try:
        info = q.build_info()
        k = q.kpis(session.today()).set_index("window_code")
    except WarehouseUnavailable:
        wall.header(t("wall_title", lang), t("wall_subtitle", lang), t("wall_no_data", lang), "", True)
        return
    as_of = info.get("as_of_at")
    built = local_from_utc(info.get("built_at"))
    stale = is_missing(as_of) or datetime.now() - as_of.to_pydatetime() > STALE_AFTER
    wall.header(
        t("wall_title", lang),
        t("wall_subtitle", lang),
        t("data_as_of", lang).format(when=minutes(as_of)),
        t("built_at", lang).format(when=built.strftime("%m-%d %H:%M") if built else "—"),
        stale,
    )
    today, yesterday = k.loc["today"], k.loc["yesterday"]
    month, last_month = k.loc["this_month"], k.loc["last_month_to_date"]

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

    vs_yesterday, vs_last_month = t("vs_yesterday", lang), t("vs_last_month", lang)
    wall.kpi_strip(
        [
            card(
                t("kpi_today", lang),
                count(today["registered_count"] if not is_missing(today["registered_count"]) else 0),
                today["registered_count"],
                yesterday["registered_count"],
                "count",
                vs_yesterday,
            ),
            card(
                t("kpi_month", lang),
                count(month["registered_count"]),
                month["registered_count"],
                last_month["registered_count"],
                "count",
                vs_last_month,
            ),
            card(t("kpi_open", lang), count(month["open_count"]), None, None, "count", t("live_now", lang)),
            card(
                t("kpi_overdue", lang),
                count(month["overdue_open_count"]),
                None,
                None,
                "count",
                t("live_now", lang),
                alarm=(month["overdue_open_count"] or 0) > 0,
            ),
            card(
                t("kpi_closure_rate", lang),
                pct(month["closure_rate"]),
                month["closure_rate"],
                last_month["closure_rate"],
                "rate",
                vs_last_month,
            ),
            card(
                t("kpi_on_time_rate", lang),
                pct(month["on_time_closure_rate"]),
                month["on_time_closure_rate"],
                last_month["on_time_closure_rate"],
                "rate",
                vs_last_month,
            ),
            card(
                t("kpi_satisfaction", lang),
                pct(month["satisfaction_rate"]),
                month["satisfaction_rate"],
                last_month["satisfaction_rate"],
                "rate",
                vs_last_month,
            ),
        ]
    )


@st.fragment(run_every=REFRESH_PANELS)
def left_column() -> None:
    names = {src: source_name(src, lang) for src in charts.SOURCE_COLORS}
    daily = q.trend_daily()
    wall.panel(
        t("trend_30d", lang),
        svg.line_chart(
            daily, "day", "source", "registered_count", charts.SOURCE_COLORS, names, SIDE_WIDTH - 26, 226
        ),
        height=270,
        testid="wall-trend-daily",
    )
    wall.panel(
        t("trend_12m", lang),
        svg.bar_line_chart(
            q.trend_monthly(),
            "month_start",
            "registered_count",
            "closure_rate",
            {"registered": t("registered", lang), "closure_rate": t("kpi_closure_rate", lang)},
            SIDE_WIDTH - 26,
            226,
        ),
        height=270,
        testid="wall-trend-monthly",
    )
    cats = q.top_categories(8)
    wall.panel(
        t("top_categories", lang),
        svg.hbar_chart(
            [category_name(r.category_name_zh, r.category_name_en, lang) for r in cats.itertuples()],
            [float(v) for v in cats["events_30d"]],
            [float(v) for v in cats["events_prev_30d"]],
            SIDE_WIDTH - 26,
            254,
        ),
        height=298,
        testid="wall-categories",
    )


@st.fragment(run_every=REFRESH_PANELS)
def centre_column() -> None:
    view = _view()
    grids = q.grid_map()
    streets = q.streets()
    if view == "streets":
        value, label, reverse, columns = "closure_rate_30d", t("closure_rate_30d", lang), True, None
    elif view == "risk":
        value, label, reverse = "hotspot_score", t("hotspot_score", lang), False
        columns = grids[grids["is_hotspot"]]
    else:
        value, label, reverse = "open_count", t("open_events", lang), False
        columns = grids[grids["is_hotspot"]]
    wall.panel_title(f"{t('district_map', lang)} · {t('view_' + view, lang)}")
    map_height = 548
    if not ident.is_wall and not carousel:  # people at a laptop choose what colours the map
        st.segmented_control(
            t("colour_by", lang),
            VIEWS,
            format_func=lambda v: t("view_" + v, lang),
            key="wall_view",
            label_visibility="collapsed",
        )
        map_height -= 44
    maps.grid_map(
        grids,
        value_column=value,
        value_label=label,
        streets=streets,
        points=q.ticker() if view == "overview" else None,
        columns=columns,
        height=map_height,
        width_px=CENTRE_WIDTH,
        pitch=0 if view == "streets" else 35,
        reverse=reverse,
        key="wall_map",
    )
    flow = q.flow()
    by_level = flow.groupby(flow["handle_level"].fillna("unknown"))["event_count"].sum()
    total = float(by_level.sum()) or 1.0
    split = wall.split_bar(
        [
            (t("level_" + level, lang), float(by_level.get(level, 0)) / total, charts.LEVEL_COLORS[level])
            for level in ("community", "street", "district")
        ]
    )
    st.html(
        f'<div class="wall-title" style="margin:2px 0 4px 0">{escape(t("event_flow", lang))}</div>{split}'
    )
    levels = ["community", "street", "district", "unknown"]
    st.markdown(
        svg.sankey_chart(
            flow.assign(handle_level=flow["handle_level"].fillna("unknown")),
            ["source", "handle_level", "outcome"],
            [list(charts.SOURCE_COLORS), levels, list(charts.OUTCOME_COLORS)],
            {**charts.SOURCE_COLORS, **charts.LEVEL_COLORS, **charts.OUTCOME_COLORS},
            {
                **{k: source_name(k, lang) for k in charts.SOURCE_COLORS},
                **{k: t("level_" + k, lang) for k in levels},
                **{k: t("outcome_" + k, lang) for k in charts.OUTCOME_COLORS},
            },
            CENTRE_WIDTH,
            206,
            testid="wall-sankey",
        ),
        unsafe_allow_html=True,
    )


@st.fragment(run_every=REFRESH_PANELS)
def ranking_and_alerts() -> None:
    ranking = q.street_ranking()
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
        for r in ranking.itertuples()
    ]
    wall.panel(
        t("street_ranking", lang),
        wall.table_html(
            [
                "#",
                t("street", lang),
                t("registered", lang),
                t("closure", lang),
                t("on_time", lang),
                t("overdue", lang),
                t("grade", lang),
            ],
            rows,
        ),
        height=392,
        testid="wall-ranking",
    )
    alerts = q.alerts()
    items = []
    for kind, css in (("overdue", "bad"), ("hotspot", "warn"), ("vulnerable_residents", "warn")):
        part = alerts[alerts["alert_type"] == kind].head(2)
        items += [("", t("alert_" + kind, lang), css, r.title_zh) for r in part.itertuples()]
    counts = alerts["alert_type"].value_counts()
    summary = " · ".join(
        f"{t('alert_' + k, lang)} {int(counts.get(k, 0))}"
        for k in ("overdue", "hotspot", "vulnerable_residents")
    )
    wall.panel(
        t("alerts", lang),
        f'<div style="color:#8aa4c8;font-size:14px;margin-bottom:4px">{escape(summary)}</div>'
        + wall.list_html(items),
        height=242,
        testid="wall-alerts",
    )


@st.fragment(run_every=REFRESH_TICKER)
def ticker() -> None:
    latest = q.ticker().head(6)
    items = [
        (
            r.reported_at.strftime("%H:%M"),
            source_name(r.source, lang),
            "bad" if r.urgency in ("紧急", "特急") else "",
            " · ".join(
                x for x in (r.category_name_zh, r.street_name, r.grid_name) if isinstance(x, str) and x
            ),
        )
        for r in latest.itertuples()
    ]
    wall.panel(t("ticker", lang), wall.list_html(items), height=224, testid="wall-ticker")


try:
    q.build_info()
except WarehouseUnavailable as e:
    wall.header(t("wall_title", lang), t("wall_subtitle", lang), t("wall_no_data", lang), str(e), True)
    st.stop()

header_and_kpis()
left, centre, right = st.columns([25, 50, 25], gap="small")
with left:
    left_column()
with centre:
    centre_column()
with right:
    ranking_and_alerts()
    ticker()
st.html('<div data-testid="wall-ready" style="display:none">ready</div>')
