"""考核评价 — monthly composite scores and grades by street, community, grid and department,
the weights behind them, one unit's history, and exports to Excel and PDF."""

from __future__ import annotations

import streamlit as st

from app import pagekit as page
from app import session
from app.components import charts
from app.components.formatting import minutes
from app.exports import ExportUnavailable, report_frame, to_excel, to_pdf
from app.i18n import label_columns, t
from app.queries import assessment as q
from app.queries import wall as wall_q
from app.queries.scope import Scope

lang = session.lang()
ident = session.require("assessment")
page.header("page_assessment", "assessment_caption")
scope = Scope.of(ident)
street_code = scope.street_code

with page.warehouse_guard():
    months = q.months()
c1, c2 = st.columns(2)
month = c1.selectbox(
    t("month", lang), months, format_func=lambda d: d.strftime("%Y-%m"), key="assessment_month"
)
level = (
    c2.segmented_control(
        t("unit_level", lang),
        list(q.LEVELS),
        default="street",
        format_func=lambda v: t("unit_" + v, lang),
        key="assessment_level",
    )
    or "street"
)
if street_code and level in ("community", "grid"):
    st.caption(t("assessment_scoped", lang).format(street=ident.street_name))

scores = q.scores(level, month, scope)
grade_counts = scores["grade"].value_counts()
m = st.columns(6)
m[0].metric(t("units", lang), len(scores))
for i, grade in enumerate(q.grades()["grade"].tolist()[:5], start=1):
    m[i].metric(t("grade_n", lang).format(grade=grade), int(grade_counts.get(grade, 0)))

page.table(
    scores,
    height=420,
    column_config={
        t("col_composite_score", lang): st.column_config.ProgressColumn(
            min_value=0, max_value=100, format="%.1f"
        ),
    },
)

left, right = st.columns([2, 1])
with left:
    if not scores.empty:
        names = dict(zip(scores["unit_code"], scores["unit_name"], strict=True))
        unit = st.selectbox(
            t("unit_history", lang),
            scores["unit_code"].tolist(),
            format_func=lambda c: names[c],
            key="assessment_unit",
        )
        history = q.history(level, unit)
        charts.lines(
            history,
            "period_start",
            {"composite_score": t("col_composite_score", lang)},
            height=260,
            key="assessment_history",
        )
with right:
    st.markdown(f"**{t('weights', lang)}**")
    scheme = "department" if level == "department" else "area"
    page.table(q.weights().query("scheme == @scheme").drop(columns=["scheme"]))
    page.table(q.grades())

st.markdown(f"**{t('export', lang)}**")
title = t("assessment_report_title", lang).format(
    month=month.strftime("%Y-%m"), level=t("unit_" + level, lang)
)
# a street leader hands in their own street's sheet: their street's row (with its district rank) at
# street level, their communities or grids below it; departments stay district-wide
exported = scores
if street_code and level == "street":
    exported = scores[scores["unit_code"] == street_code]
info = wall_q.build_info()
subtitle = t("report_subtitle", lang).format(
    as_of=minutes(info.get("as_of_at")), who=ident.display_name, n=len(exported)
)
percent = tuple(c for c in exported.columns if str(c).endswith("_rate"))
decimals = ("composite_score", "case_count_score", "events_per_grid")
labelled = label_columns(exported, lang)
label_of = dict(zip(exported.columns, labelled.columns, strict=True))
percent_l = tuple(label_of[c] for c in percent)
decimals_l = tuple(label_of[c] for c in decimals if c in label_of)
scheme = "department" if level == "department" else "area"
weights = q.weights().query("scheme == @scheme").drop(columns=["scheme"])
grades = q.grades()
notes = [
    t("report_weights", lang) + "；".join(f"{r.description} {r.weight:.0%}" for r in weights.itertuples()),
    t("report_grades", lang) + "；".join(f"{r.grade} ≥ {r.min_score:g}" for r in grades.itertuples()),
]
sheets = {
    t("unit_" + level, lang): labelled,
    t("weights", lang): label_columns(weights, lang),
    t("grade_scale", lang): label_columns(grades, lang),
}
e1, e2 = st.columns(2)
e1.download_button(
    t("export_excel", lang),
    data=to_excel(sheets, title, subtitle, percent=percent_l, decimals=decimals_l),
    file_name=f"yiping_assessment_{level}_{month:%Y%m}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    key="export_excel",
)
if e2.button(t("make_pdf", lang), icon=":material/picture_as_pdf:", key="make_pdf"):
    try:
        st.session_state["assessment_pdf"] = (
            (level, month),
            to_pdf(
                title,
                subtitle,
                {t("unit_" + level, lang): label_columns(report_frame(exported, percent, decimals), lang)},
                notes=notes,
                signature=[t("sign_prepared", lang), t("sign_reviewed", lang), t("sign_date", lang)],
            ),
        )
    except ExportUnavailable as e:
        st.error(t("pdf_unavailable", lang) + f" ({e})")
ready = st.session_state.get("assessment_pdf")
if ready and ready[0] == (level, month):
    e2.download_button(
        t("export_pdf", lang),
        data=ready[1],
        file_name=f"yiping_assessment_{level}_{month:%Y%m}.pdf",
        mime="application/pdf",
        icon=":material/download:",
        key="export_pdf",
    )
