"""研判分析 — hotspots against each grid's own baseline, addresses reported again and again,
when events happen (hour × weekday), the petition backlog, and a campaign view comparing the
chosen categories before and during a campaign."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from app import pagekit as page
from app import session
from app.components import charts, maps
from app.i18n import category_name, t
from app.queries import risk as q
from app.queries import wall as wall_q
from app.queries.scope import Scope

lang = session.lang()
ident = session.require("risk")
page.header("page_risk", "risk_caption")
scope = Scope.of(ident, page.street_choice(ident, key="risk_street"))
street_code = scope.street_code
# windows end on the data's day (its as-of), not the calendar's: a stale build still shows its data
with page.warehouse_guard():
    _as_of = wall_q.build_info().get("as_of_at")
today = _as_of.date() if _as_of is not None and str(_as_of) != "NaT" else session.today()

with page.warehouse_guard():
    hotspots = q.hotspots(scope)

tabs = st.tabs(
    [
        t("tab_hotspots", lang),
        t("tab_recurring", lang),
        t("tab_heatmap", lang),
        t("tab_petitions", lang),
        t("tab_campaign", lang),
    ]
)
with tabs[0]:
    hot = hotspots[hotspots["is_hotspot"]]
    st.caption(t("hotspots_caption", lang).format(n=len(hot)))
    left, right = st.columns([3, 2])
    with left:
        grids = wall_q.grid_map()
        if street_code:
            grids = grids[grids["street_code"] == street_code]
        maps.grid_map(
            grids,
            value_column="hotspot_score",
            value_label=t("hotspot_score", lang),
            streets=wall_q.streets()
            if not street_code
            else wall_q.streets().query("street_code == @street_code"),
            columns=grids[grids["is_hotspot"]],
            column_value="events_7d",
            height=460,
            width_px=600,
            dark=False,
            pitch=35,
            key="risk_map",
        )
    with right:
        page.table(hotspots.drop(columns=["centroid_lng", "centroid_lat", "grid_code"]).head(200), height=460)

with tabs[1]:
    recurring = q.recurring_addresses(scope)
    st.caption(t("recurring_caption", lang).format(n=len(recurring)))
    page.table(recurring, height=480)

with tabs[2]:
    days = (
        st.segmented_control(
            t("period", lang),
            [30, 90, 365],
            default=90,
            format_func=lambda d: t("last_n_days", lang).format(n=d),
            key="heat_days",
        )
        or 90
    )
    heat = q.hour_weekday(scope, today - timedelta(days=days))
    weekdays = [t(f"weekday_{i}", lang) for i in range(7)]
    charts.heatmap(
        heat,
        "hour",
        "weekday",
        "events",
        [f"{h:02d}" for h in range(24)],
        weekdays,
        height=360,
        key="risk_heat",
    )

with tabs[3]:
    backlog = q.petition_backlog(scope)
    st.caption(
        t("backlog_caption", lang).format(n=len(backlog), overdue=int(backlog["is_overdue_open"].sum()))
    )
    page.table(backlog, height=460)

with tabs[4]:
    cats = q.categories()
    names = {
        r.category_code: category_name(r.category_name_zh, r.category_name_en, lang)
        for r in cats.itertuples()
    }
    c1, c2, c3 = st.columns([3, 1, 1])
    chosen = c1.multiselect(
        t("campaign_categories", lang),
        list(names),
        default=["street_vending"][: int("street_vending" in names)],
        format_func=lambda c: names[c],
        key="campaign_categories",
        placeholder=t("choose_options", lang),
    )
    start = c2.date_input(
        t("campaign_start", lang), value=today - timedelta(days=28), key="campaign_start", format="YYYY-MM-DD"
    )
    end = c3.date_input(t("campaign_end", lang), value=today, key="campaign_end", format="YYYY-MM-DD")
    weekly = q.campaign(tuple(chosen), start, end, scope)
    if weekly.empty:
        st.info(t("campaign_empty", lang))
    else:
        total = weekly.groupby(["week_start", "is_campaign"], as_index=False)[["events", "closed"]].sum()
        before = total[~total["is_campaign"]]["events"].mean()
        during = total[total["is_campaign"]]["events"].mean()
        k = st.columns(3)
        k[0].metric(t("weekly_before", lang), f"{before:,.0f}" if before == before else "—")
        k[1].metric(
            t("weekly_during", lang),
            f"{during:,.0f}" if during == during else "—",
            f"{(during - before) / before * 100:+.1f}%" if before and during == during else None,
            delta_color="inverse",
        )
        k[2].metric(t("streets_involved", lang), weekly["street_name"].nunique())
        charts.bars(total, "week_start", "events", height=280, key="campaign_bars")
        by_street = weekly.pivot_table(
            index="street_name", columns="is_campaign", values="events", aggfunc="mean"
        )
        by_street.columns = [t("weekly_during" if c else "weekly_before", lang) for c in by_street.columns]
        page.table(by_street.round(1).reset_index().rename(columns={"street_name": t("street", lang)}))
