"""Data steward: the ingest manifest — every file, its status and row arithmetic,
quarantine reasons, and rejected rows traced to file and row number."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import session
from app.components.formatting import md_text
from app.i18n import label_columns, source_name, t
from app.queries import (
    LakeUnavailable,
    ingest_files,
    ingest_rejects,
    ingest_summary,
    lake_path,
    loaded_row_exists,
)
from ingest.remedies import (
    RemedyError,
    active_exclusions,
    exclude_row,
    quarantined_by_gate,
    release_quarantined,
    released,
)
from ingest.rules.masking import mask

lang = session.lang()
ident = session.require("ingest")
st.title(t("ingest_title", lang))
st.caption(t("ingest_caption", lang))

try:
    summary = ingest_summary()
    files = ingest_files()
except LakeUnavailable as e:
    st.info(t("no_db" if str(e) == "missing" else "db_busy", lang))
    st.stop()

by_status = summary.groupby("status")["files"].sum()
data_dir = lake_path().parent
excluded = active_exclusions(data_dir)
cols = st.columns(4)
cols[0].metric(t("loaded", lang), int(by_status.get("loaded", 0)))
cols[1].metric(t("duplicate", lang), int(by_status.get("duplicate", 0)))
cols[2].metric(t("quarantined", lang), int(by_status.get("quarantined", 0)))
cols[3].metric(t("ignored", lang), int(by_status.get("ignored", 0)))
cols = st.columns(4)
cols[0].metric(t("rows_in", lang), f"{int(summary['rows_in'].sum()):,}")
cols[1].metric(t("rows_loaded", lang), f"{int(summary['rows_loaded'].sum()):,}")
cols[2].metric(t("rows_rejected", lang), f"{int(summary['rows_rejected'].sum()):,}")
cols[3].metric(t("rows_excluded", lang), f"{len(excluded):,}")

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
quarantined = files[(files["status"] == "quarantined") & ~files["is_superseded"].fillna(False)]
if quarantined.empty:
    st.success(t("none_quarantined", lang))
else:
    for row in quarantined.itertuples():
        st.error(f"{md_text(row.file_path)} — {md_text(row.reason)}", icon=":material/block:")  # data as text

st.subheader(t("manifest_title", lang))
c1, c2 = st.columns(2)
statuses = c1.multiselect(
    t("status_filter", lang),
    ["loaded", "duplicate", "quarantined", "ignored"],
    default=["loaded", "duplicate", "quarantined", "ignored"],
    format_func=lambda s: t(s, lang),
    placeholder=t("choose_options", lang),
)
sources = c2.multiselect(
    t("source_filter", lang),
    sorted(files["source"].unique()),
    format_func=lambda s: source_name(s, lang),
    placeholder=t("choose_options", lang),
)
view = files[files["status"].isin(statuses)]
if sources:
    view = view[view["source"].isin(sources)]
shown = view.assign(status=view["status"].map(lambda s: t(s, lang)))
st.dataframe(
    label_columns(shown.drop(columns=["load_id", "is_superseded"]), lang),
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
    # a rejected row is personal data like any other: masked for every account (unmask on the trace page)
    rejects = rejects.assign(original=rejects["original"].map(lambda v: mask(None, v)))
    st.dataframe(
        label_columns(rejects, lang),
        hide_index=True,
        width="stretch",
    )

# ---- the steward's remedies (ingest/remedies.py): nothing is deleted from the lake -------------
st.subheader(t("remedies_title", lang))
st.caption(t("remedies_caption", lang))
if excluded:
    st.dataframe(
        label_columns(pd.DataFrame(excluded).drop(columns=["seq", "action"]), lang),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(t("no_exclusions", lang))
with st.form("exclude_row"):
    c1, c2 = st.columns([3, 1])
    loaded_files = sorted(files.loc[files["status"] == "loaded", "file_path"].unique())
    source_file = c1.selectbox(t("col_file", lang), loaded_files)
    row_number = c2.number_input(t("col_row", lang), min_value=1, step=1)
    reason = st.text_input(t("remedy_reason", lang))
    c3, c4 = st.columns(2)
    take_out = c3.form_submit_button(t("remedy_exclude", lang), type="primary")
    put_back = c4.form_submit_button(t("remedy_restore", lang))
    if take_out or put_back:
        try:
            if not loaded_row_exists(source_file or "", int(row_number)):
                raise RemedyError(
                    t("remedy_no_row", lang).format(file=md_text(source_file), row=int(row_number))
                )
            written = exclude_row(
                data_dir, source_file=source_file or "", row_number=int(row_number), reason=reason,
                by=ident.username, role=ident.role, restore=put_back,
            )  # fmt: skip
            st.success(
                t("remedy_written", lang).format(
                    file=md_text(written["source_file"]), row=written["row_number"]
                )
            )
        except (RemedyError, LakeUnavailable) as e:
            st.error(t("addresses_error", lang) + str(e))

releasable = [
    row for row in quarantined.itertuples()
    if quarantined_by_gate(data_dir / "quarantine" / row.file_path)
]  # fmt: skip
if releasable:
    with st.form("release_file"):
        choice = st.selectbox(t("remedy_release_pick", lang), [row.file_path for row in releasable])
        why = st.text_input(t("remedy_reason", lang), key="release_reason")
        if st.form_submit_button(t("remedy_release", lang)):
            try:
                written = release_quarantined(
                    data_dir, path=data_dir / "quarantine" / choice, inbox=data_dir / "inbox", reason=why,
                    by=ident.username, role=ident.role,
                )  # fmt: skip
                st.success(t("remedy_released", lang).format(file=md_text(written["file_path"])))
            except RemedyError as e:
                st.error(t("addresses_error", lang) + str(e))
done = released(data_dir)
if done:
    st.caption(t("remedy_released_list", lang))
    frame = pd.DataFrame(list(done.values()))[["file_path", "reason", "by", "at", "sha256"]]
    frame["sha256"] = frame["sha256"].str[:12]
    st.dataframe(label_columns(frame, lang), hide_index=True, width="stretch")
