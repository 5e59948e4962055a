"""Data steward: the ingest manifest — every file, its status and row arithmetic,
quarantine reasons, and rejected rows traced to file and row number."""

from __future__ import annotations

import streamlit as st

from app import session
from app.i18n import label_columns, source_name, t
from app.queries import LakeUnavailable, ingest_files, ingest_rejects, ingest_summary

lang = session.lang()
session.require("ingest")
st.title(t("ingest_title", lang))
st.caption(t("ingest_caption", lang))

try:
    summary = ingest_summary()
    files = ingest_files()
except LakeUnavailable as e:
    st.info(t("no_db" if str(e) == "missing" else "db_busy", lang))
    st.stop()

by_status = summary.groupby("status")["files"].sum()
cols = st.columns(6)
cols[0].metric(t("loaded", lang), int(by_status.get("loaded", 0)))
cols[1].metric(t("duplicate", lang), int(by_status.get("duplicate", 0)))
cols[2].metric(t("quarantined", lang), int(by_status.get("quarantined", 0)))
cols[3].metric(t("rows_in", lang), f"{int(summary['rows_in'].sum()):,}")
cols[4].metric(t("rows_loaded", lang), f"{int(summary['rows_loaded'].sum()):,}")
cols[5].metric(t("rows_rejected", lang), f"{int(summary['rows_rejected'].sum()):,}")

st.subheader(t("by_source", lang))
pivot = summary.assign(
    source=summary["source"].map(lambda s: source_name(s, lang)),
    status=summary["status"].map(lambda s: t(s, lang)),
)
st.dataframe(
    label_columns(pivot, lang),
    hide_index=True,
    width="stretch",
    height=36 * (len(pivot) + 1) + 4,
    column_config={
        t(k, lang): st.column_config.NumberColumn(format="localized")
        for k in ("rows_in", "rows_loaded", "rows_rejected")
    },
)

st.subheader(t("quarantine_title", lang))
quarantined = files[files["status"] == "quarantined"]
if quarantined.empty:
    st.success(t("none_quarantined", lang))
else:
    for row in quarantined.itertuples():
        st.error(f"**{row.file_path}** — {row.reason}")

st.subheader(t("manifest_title", lang))
c1, c2 = st.columns(2)
statuses = c1.multiselect(
    t("status_filter", lang),
    ["loaded", "duplicate", "quarantined"],
    default=["loaded", "duplicate", "quarantined"],
    format_func=lambda s: t(s, lang),
)
sources = c2.multiselect(
    t("source_filter", lang), sorted(files["source"].unique()), format_func=lambda s: source_name(s, lang)
)
view = files[files["status"].isin(statuses)]
if sources:
    view = view[view["source"].isin(sources)]
shown = view.assign(status=view["status"].map(lambda s: t(s, lang)))
st.dataframe(
    label_columns(shown.drop(columns=["load_id"]), lang),
    hide_index=True,
    width="stretch",
)

st.subheader(t("rejects_title", lang))
with_rejects = files[files["rows_rejected"].fillna(0) > 0]
if with_rejects.empty:
    st.info(t("no_rejects", lang))
else:
    labels = {
        row.load_id: f"{row.file_path}（{int(row.rows_rejected)}）" for row in with_rejects.itertuples()
    }
    choice = st.selectbox(t("pick_file", lang), list(labels), format_func=labels.__getitem__)
    rejects = ingest_rejects(choice)
    st.dataframe(
        label_columns(rejects, lang),
        hide_index=True,
        width="stretch",
    )
