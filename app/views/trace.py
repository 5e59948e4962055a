"""事件查询与追溯 — search events by number, text, address, grid and time; then one event's
six-step timeline, its duplicates from other channels, its place on the map and its raw
source row (masked unless the account may unmask; every unmasked view is audited)."""

from __future__ import annotations

import pandas as pd
import pydeck as pdk
import streamlit as st

from app import clock, session
from app import pagekit as page
from app.components.formatting import age_text, is_date_only, md_text, when_text
from app.components.maps import STYLE_LIGHT
from app.i18n import source_name, t
from app.queries import LakeUnavailable
from app.queries import events as q
from app.queries import wall as wall_q
from app.queries.scope import Scope
from ingest.rules.masking import mask
from ingest.specs import EVENT_SOURCES, SPECS

lang = session.lang()
ident = session.require("trace")
page.header("page_trace", "trace_caption")
scope = Scope.of(ident)

with st.form("event_search", border=True):
    c1, c2, c3, c4 = st.columns(4)
    number = c1.text_input(t("search_number", lang), key="search_number")
    text = c2.text_input(t("search_text", lang), key="search_text")
    address = c3.text_input(t("search_address", lang), key="search_address")
    grid = c4.text_input(t("search_grid", lang), key="search_grid")
    c5, c6, c7 = st.columns([2, 1, 1])
    sources = [None, *EVENT_SOURCES]
    source = c5.selectbox(
        t("col_source", lang),
        sources,
        format_func=lambda s: t("all_sources", lang) if s is None else source_name(s, lang),
    )
    date_from = c6.date_input(t("date_from", lang), value=None, key="search_from", format="YYYY-MM-DD")
    date_to = c7.date_input(t("date_to", lang), value=None, key="search_to", format="YYYY-MM-DD")
    st.form_submit_button(t("search", lang), type="primary", icon=":material/search:")

criteria = q.Search(number, text, address, grid, source, date_from, date_to)
with page.warehouse_guard():
    results, total = q.search(criteria, scope)
st.caption(t("search_results", lang).format(total=f"{total:,}", n=len(results)))
picked = page.table(
    results,
    height=300,
    key="trace_results",
    on_select="rerun",
    selection_mode="single-row",
)
rows = picked.selection.rows if picked is not None else []
if rows:
    st.session_state["trace_event_key"] = results.iloc[rows[0]]["event_key"]
    st.query_params["event"] = st.session_state["trace_event_key"]  # the address bar is the event's link
elif st.query_params.get("event"):  # a link to one event (/trace?event=<event_key>); scope still applies
    st.session_state["trace_event_key"] = st.query_params.get("event")

event_key = st.session_state.get("trace_event_key")
if not event_key:
    st.info(t("pick_event", lang))
    st.stop()


def deadline_rule(event: dict, lang: str) -> str | None:
    """The deadline rule in force, as the warehouse resolved it (seed sla_rules; docs/domain.md §3)."""
    unit, value = event.get("sla_deadline_unit"), event.get("sla_deadline_value")
    if not isinstance(unit, str) or pd.isna(value):
        return None
    rule = t("deadline_rule_" + unit, lang).format(n=int(value))
    if pd.notna(event["deadline_at"]) and event["deadline_at"] != event["sla_deadline_at"]:
        rule += t("deadline_rule_stated", lang)
    return rule


event = q.event(event_key, scope)
if event is None:  # also what a street leader sees for another street's event
    st.warning(t("event_not_found", lang).format(key=md_text(event_key)))
    st.stop()

st.divider()
st.subheader(
    f"{source_name(event['source'], lang)} {md_text(event['source_id'])} · {md_text(event['category_name_zh'])}"
)
m = st.columns(5)
m[0].metric(t("col_lifecycle_state", lang), t("state_" + event["lifecycle_state"], lang))
m[1].metric(t("col_handle_level", lang), t("level_" + (event["handle_level"] or "unknown"), lang))
m[2].metric(
    t("col_deadline_at", lang),
    # short enough for the card (the timeline below gives the full time)
    (
        f"{event['deadline_at'].month}月{event['deadline_at'].day}日"
        if lang == "zh"
        else event["deadline_at"].strftime("%d %b")
    )
    if pd.notna(event["deadline_at"])
    else "—",
    help=deadline_rule(event, lang),
)
m[3].metric(
    t("kpi_overdue", lang), t("yes" if event["is_overdue_open"] or event["is_overdue_closed"] else "no", lang)
)
m[4].metric(t("duplicates", lang), int(event["duplicate_group_size"] or 1) - 1)

st.caption(f"{t('event_link', lang)}: /trace?event={md_text(event_key)}")

# the complaint in the caller's words first: personal data inside masked, markup shown as text
raw = None
try:
    raw = q.raw_row(event["source"], event["source_file"], event["source_row_number"])
except LakeUnavailable as e:
    st.info(t("no_db" if str(e) == "missing" else "db_busy", lang))
spec = SPECS.get(event["source"])
complaint = raw.get(spec.text_column) if raw is not None and spec and spec.text_column else None
if complaint is not None and pd.notna(complaint) and str(complaint).strip():
    st.markdown(f"**{t('complaint_text', lang)}**")
    st.markdown(f"> {md_text(mask(None, complaint))}")

timeline, where = st.columns([3, 2])
with timeline:
    st.markdown(f"**{t('timeline', lang)}**")
    steps = q.steps(event_key)
    reported = steps["occurred_at"].min() if not steps.empty else None
    now = clock.now()
    is_open = event["lifecycle_state"] == "open"
    lines = []
    # the six main steps in order, each with its time, or what is still due; side paths in place
    for main in q.main_steps().itertuples():
        done = steps[(steps["step_code"] == main.step_code) & ~steps["is_side_path"]]
        if not done.empty and pd.notna(done["occurred_at"].iloc[0]):
            at = done["occurred_at"].iloc[0]
            after = at - reported if pd.notna(reported) and not is_date_only(at) else None
            hours = (
                f" `+{age_text(after.total_seconds() / 3600, lang)}`"
                if after is not None and main.step_no > 1
                else ""
            )
            lines.append(f"{main.step_no}. **{md_text(main.step_name_zh)}** — {when_text(at)}{hours}")
        elif is_open:
            due = event["deadline_at"] if main.step_code in ("handle", "close") else None
            if main.step_code == "dispatch" and pd.notna(event.get("acceptance_deadline_at")):
                due = event["acceptance_deadline_at"]
            note = t("step_pending", lang)
            if due is not None and pd.notna(due):
                note += " · " + t("step_due", lang).format(when=when_text(due))
                if due < now:
                    note += " · " + t("step_overdue_by", lang).format(
                        age=age_text((now - due).total_seconds() / 3600, lang)
                    )
            lines.append(f"{main.step_no}. **{md_text(main.step_name_zh)}** — :orange[{note}]")
        else:
            reached = event["lifecycle_state"] == "closed" or not done.empty
            key = "step_not_recorded" if reached else "step_not_reached"
            lines.append(f"{main.step_no}. **{md_text(main.step_name_zh)}** — :gray[{t(key, lang)}]")
        for side in steps[steps["is_side_path"] & (steps["step_no"] == main.step_no)].itertuples():
            when = t("time_not_recorded", lang) if pd.isna(side.occurred_at) else when_text(side.occurred_at)
            lines.append(f"    - ↳ {md_text(side.step_name_zh)} · {t('side_path', lang)} — {when}")
    st.markdown("\n".join(lines))
    facts = {
        t("col_address_text", lang): event["address_text"],
        t(
            "grid", lang
        ): f"{event['street_name'] or ''} {event['community_name'] or ''} {event['grid_name'] or ''}",
        t("col_handling_unit_name", lang): event["handling_unit_name"],
        t("geocode", lang): (
            f"{t('geo_' + event['geocode_method'], lang)} · "
            f"{t('method_' + (event.get('address_match_method') or 'no_text'), lang)}"
            f" ({event['geocode_confidence'] or 0:.2f})"
        ),
        t("col_file", lang): f"{event['source_file']} · {t('col_row', lang)} {event['source_row_number']}",
    }
    # values from the export are text: personal data inside them masked, markup shown as characters
    st.markdown(
        "\n".join(
            f"- **{k}**: {md_text(mask(None, v)) if pd.notna(v) and str(v).strip() else '—'}"
            for k, v in facts.items()
        )
    )
with where:
    grids = wall_q.grid_map()
    own = grids[grids["grid_code"] == event["grid_code"]]
    layers = [
        pdk.Layer(
            "PolygonLayer",
            data=grids[grids["street_code"] == event["street_code"]][["polygon"]],
            get_polygon="polygon",
            get_fill_color=[220, 228, 240, 160],
            get_line_color=[120, 130, 150, 200],
            line_width_min_pixels=0.5,
        ),
        pdk.Layer(
            "PolygonLayer",
            data=own[["polygon"]],
            get_polygon="polygon",
            get_fill_color=[53, 150, 255, 120],
            get_line_color=[20, 80, 200, 255],
            line_width_min_pixels=2,
        ),
    ]
    if pd.notna(event["lng"]):
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=[{"p": [event["lng"], event["lat"]]}],
                get_position="p",
                get_radius=25,
                radius_min_pixels=6,
                get_fill_color=[230, 40, 70, 255],
            )
        )
    center = (
        (event["lng"], event["lat"])
        if pd.notna(event["lng"])
        else (
            (own["centroid_lng"].iloc[0], own["centroid_lat"].iloc[0]) if not own.empty else (118.79, 32.02)
        )
    )
    st.pydeck_chart(
        pdk.Deck(
            layers=layers,
            map_style=STYLE_LIGHT,
            initial_view_state=pdk.ViewState(longitude=center[0], latitude=center[1], zoom=14.5),
        ),
        height=320,
        key="trace_map",
    )

dups = q.duplicates(event["duplicate_group_id"], event_key)
st.markdown(f"**{t('duplicates_title', lang)}**")
if dups.empty:
    st.caption(t("no_duplicates", lang))
else:
    page.table(dups)

st.markdown(f"**{t('raw_row', lang)}**")
if raw is not None:
    unmasked = page.unmask_toggle(ident, key="trace_unmask")
    shown = {k: (None if pd.isna(v) else str(v)) if unmasked else mask(k, v) for k, v in raw.items()}
    if unmasked:
        page.audit(
            ident,
            "trace",
            f"raw row {event['source_file']}:{event['source_row_number']}",
            pd.DataFrame({"person_key": [event_key]}),
        )
    headers = {f.column: f.header for f in spec.fields} if spec else {}
    st.caption(t("raw_fields", lang))
    page.table(
        pd.DataFrame(
            {
                t("col_field", lang): [headers.get(k, k) for k in shown],
                t("col_raw_value", lang): ["—" if v is None else str(v) for v in shown.values()],
            }
        ),
        key="trace_raw",
    )
