"""Data steward: the ingest manifest — every file, its status and row arithmetic,
quarantine reasons, and rejected rows traced to file and row number."""

from __future__ import annotations

import streamlit as st

from app.i18n import source_name, t
from app.queries import LakeUnavailable, ingest_files, ingest_rejects, ingest_summary

lang = st.session_state.get("lang_value", "zh")
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
    pivot.rename(
        columns={
            "source": t("col_source", lang),
            "status": t("col_status", lang),
            "files": t("files", lang),
            "rows_in": t("rows_in", lang),
            "rows_loaded": t("rows_loaded", lang),
            "rows_rejected": t("rows_rejected", lang),
        }
    ),
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
    shown.drop(columns=["load_id"]).rename(
        columns={
            "source": t("col_source", lang),
            "file_path": t("col_file", lang),
            "status": t("col_status", lang),
            "encoding": t("col_encoding", lang),
            "reader": t("col_reader", lang),
            "header_row": t("col_header_row", lang),
            "rows_in": t("rows_in", lang),
            "rows_loaded": t("rows_loaded", lang),
            "rows_rejected": t("rows_rejected", lang),
            "reason": t("col_reason", lang),
            "loaded_at": t("col_loaded_at", lang),
            "duration_ms": t("col_duration", lang),
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("rejects_title", lang))
with_rejects = files[files["rows_rejected"].fillna(0) > 0]
if with_rejects.empty:
    st.info(t("no_rejects", lang))
else:
    choice = st.selectbox(
        t("pick_file", lang),
        with_rejects["load_id"].tolist(),
        format_func=lambda lid: (
            with_rejects.set_index("load_id").loc[lid, "file_path"]
            + f"（{int(with_rejects.set_index('load_id').loc[lid, 'rows_rejected'])}）"
        ),
    )
    rejects = ingest_rejects(choice)
    st.dataframe(
        rejects.rename(
            columns={
                "row_number": t("col_row", lang),
                "field": t("col_field", lang),
                "reason": t("col_reason", lang),
                "original": t("col_original", lang),
            }
        ),
        hide_index=True,
        width="stretch",
    )
