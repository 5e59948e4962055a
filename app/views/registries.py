"""基础台账 — population, housing and entities by grid with key groups; dangerous buildings and
who lives there (evacuation list); expiring licences. Personal data is masked unless the account
may unmask, and each unmasked view is written to the audit log."""

from __future__ import annotations

import streamlit as st

from app import pagekit as page
from app import session
from app.components import charts
from app.i18n import t
from app.queries import registries as q
from app.queries.scope import Scope

lang = session.lang()
ident = session.require("registries")
page.header("page_registries", "registries_caption")
scope = Scope.of(ident, page.street_choice(ident, key="registries_street"))
street_code = scope.street_code

with page.warehouse_guard():
    grids = q.grid_summary(scope)
    groups = q.key_groups(scope)

m = st.columns(6)
m[0].metric(t("col_residents", lang), f"{int(grids['residents'].sum()):,}")
m[1].metric(t("col_key_group_residents", lang), f"{int(grids['key_group_residents'].sum()):,}")
m[2].metric(t("col_elderly_alone", lang), f"{int(grids['elderly_alone'].sum()):,}")
m[3].metric(t("col_homes", lang), f"{int(grids['homes'].sum()):,}")
m[4].metric(t("col_dangerous_buildings", lang), f"{int(grids['dangerous_buildings'].sum()):,}")
m[5].metric(t("col_active_entities", lang), f"{int(grids['active_entities'].sum()):,}")

tabs = st.tabs(
    [
        t("tab_by_grid", lang),
        t("tab_evacuation", lang),
        t("tab_people", lang),
        t("tab_entities", lang),
        t("tab_licences", lang),
    ]
)
with tabs[0]:
    # the table gets the full width (beside a chart it was cut on a laptop); one street needs no street column
    page.table(grids.drop(columns=["street_name"]) if street_code else grids, height=460)
    st.markdown(f"**{t('key_groups', lang)}**")
    charts.bars(groups, "key_group", "residents", height=300, key="registries_groups")

with tabs[1]:
    st.markdown(f"**{t('dangerous_buildings', lang)}**")
    page.table(q.dangerous_buildings(scope), height=280)
    st.markdown(f"**{t('evacuation_list', lang)}**")
    unmasked = page.unmask_toggle(ident, key="evacuation_unmask")
    evacuation = q.evacuation_list(scope, unmasked=unmasked)
    if unmasked:
        page.audit(ident, "registries", f"evacuation list street={street_code or 'all'}", evacuation)
    st.caption(t("evacuation_count", lang).format(n=f"{len(evacuation):,}"))
    page.table(evacuation.drop(columns=["person_key"]), height=420)
    page.audited_download(
        ident, "registries", f"evacuation list street={street_code or 'all'} unmasked={unmasked}", evacuation,
        t("evacuation_list", lang), key="evacuation_download",
    )  # fmt: skip

with tabs[2]:
    f1, f2 = st.columns(2)
    grid_names = dict(zip(grids["grid_code"], grids["grid_name"], strict=True))
    grid = f1.selectbox(
        t("grid", lang),
        [None, *grids["grid_code"]],
        format_func=lambda g: t("all_grids", lang) if g is None else grid_names[g],
        key="people_grid",
    )
    group = f2.selectbox(
        t("key_group", lang),
        [None, *groups["key_group"]],
        format_func=lambda g: t("all_people", lang) if g is None else g,
        key="people_group",
    )
    unmasked_people = page.unmask_toggle(ident, key="people_unmask")
    residents = q.people(scope, grid, group, unmasked=unmasked_people)
    if unmasked_people:
        page.audit(
            ident,
            "registries",
            f"residents street={street_code or 'all'} grid={grid} group={group}",
            residents,
        )
    st.caption(t("rows_shown", lang).format(n=len(residents)))
    page.table(residents.drop(columns=["person_key"]), height=460)
    page.audited_download(
        ident, "registries", f"residents street={street_code or 'all'} grid={grid} group={group} "
        f"unmasked={unmasked_people}", residents, t("people_list", lang), key="people_download",
    )  # fmt: skip

with tabs[3]:
    page.table(q.entities(scope, lang), height=480)

with tabs[4]:
    licences = q.expiring_licences(scope, lang)
    c1, c2 = st.columns(2)
    c1.metric(t("licences_expired", lang), int((licences["licence_risk"] == "expired").sum()))
    c2.metric(t("licences_expiring", lang), int((licences["licence_risk"] == "expiring").sum()))
    page.table(
        licences.assign(licence_risk=licences["licence_risk"].map(lambda r: t("licence_" + r, lang))),
        height=460,
    )
