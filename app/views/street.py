"""街道工作台 — a street leader's laptop page: their street's grids on a map, the overdue list by
urgency, grid and department ranking, and a drill-down to events. A street leader's street comes
from their account; nobody can widen it from the page."""

from __future__ import annotations

import streamlit as st

from app import pagekit as page
from app import session
from app.components import maps
from app.components.formatting import age_text, count, pct
from app.i18n import t
from app.queries import street as q
from app.queries import wall as wall_q
from app.queries.scope import Scope

lang = session.lang()
ident = session.require("street")
page.header("page_street", "street_caption")
scope = Scope.of(ident, page.street_choice(ident, allow_all=False))
street_code = scope.street_code

with page.warehouse_guard():
    overview = q.overview(scope)
    grids = q.grids(scope)
    overdue = q.overdue_events(scope)

cols = st.columns(6)
cols[0].metric(t("kpi_month", lang), count(overview.get("registered_count")))
cols[1].metric(t("kpi_open", lang), count(overview.get("open_count")))
cols[2].metric(t("kpi_overdue", lang), count(overview.get("overdue_open_count")))
cols[3].metric(t("kpi_closure_rate", lang), pct(overview.get("closure_rate")))
cols[4].metric(t("kpi_on_time_rate", lang), pct(overview.get("on_time_closure_rate")))
cols[5].metric(
    t("district_rank", lang),
    f"{int(overview['street_rank'])} / 12" if overview.get("street_rank") else "—",
    help=t("district_rank_help", lang),
)

left, right = st.columns([1, 1])
with left:
    st.subheader(t("street_grids_map", lang))
    colour = (
        st.segmented_control(
            t("colour_by", lang),
            ["open_count", "overdue_open_count", "closure_rate_30d", "events_30d"],
            default="open_count",
            format_func=lambda c: t("col_" + c, lang),
            key="street_map_colour",
        )
        or "open_count"
    )
    maps.grid_map(
        grids,
        value_column=colour,
        value_label=t("col_" + colour, lang),
        streets=wall_q.streets().query("street_code == @street_code"),
        height=460,
        width_px=600,
        dark=False,
        reverse=colour == "closure_rate_30d",
        key="street_map",
    )
with right:
    st.subheader(t("overdue_list", lang))
    st.caption(t("overdue_list_caption", lang).format(n=len(overdue)))
    page.table(
        overdue.assign(
            urgency=overdue["urgency"].fillna("—"),
            hours_overdue=overdue["hours_overdue"].map(lambda h: age_text(h, lang)),
        )[
            # what fits half a 1440-px laptop screen; the trace link shows the rest
            ["event_key", "urgency", "hours_overdue", "category_name_zh", "handling_unit_name", "grid_name"]
        ],
        height=470,
    )

months = q.months(scope)
month = st.selectbox(t("month", lang), months, format_func=lambda d: d.strftime("%Y-%m"), key="street_month")
# each ranking gets the page's full width (side by side, both were cut on a laptop)
g_tab, d_tab = st.tabs([t("grid_ranking", lang), t("department_ranking", lang)])
with g_tab:
    page.table(q.grid_ranking(scope, month), height=380)
with d_tab:
    page.table(q.department_ranking(scope, month), height=380)

st.subheader(t("drilldown", lang))
f1, f2 = st.columns(2)
grid_names = dict(zip(grids["grid_code"], grids["grid_name"], strict=True))
grid = f1.selectbox(
    t("grid", lang),
    [None, *grids["grid_code"]],
    format_func=lambda g: t("all_grids", lang) if g is None else grid_names[g],
    key="street_grid",
)
state = f2.selectbox(
    t("col_lifecycle_state", lang),
    [None, "open", "overdue", "closed", "cancelled"],
    format_func=lambda s: t("all_states", lang) if s is None else t("state_" + s, lang),
    key="street_state",
)
events = q.events(scope, grid, state)
picked = page.table(
    events,
    height=360,
    key="street_events",
    on_select="rerun",
    selection_mode="single-row",
)
rows = picked.selection.rows if picked is not None else []
if rows:
    st.session_state["trace_event_key"] = events.iloc[rows[0]]["event_key"]
    st.page_link("views/trace.py", label=t("open_trace", lang), icon=":material/manage_search:")
