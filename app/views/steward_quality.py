"""Data steward: what the quality gates and the build checks found — the latest build's verdict,
each source's gate record, every failing check, and its failing rows traced to file and row."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import pagekit as page
from app import session
from app.i18n import label_columns, source_name, t
from app.queries import (
    LakeUnavailable,
    data_docs_index,
    quality_builds,
    quality_failures,
    quality_findings,
    quality_gates,
)
from app.queries.connection import lake_path
from ingest.remedies import active_exclusions

lang = session.lang()
ident = session.require("quality")
st.title(t("quality_title", lang))
st.caption(t("quality_caption", lang))

try:
    builds = quality_builds()
    gates = quality_gates()
    findings = quality_findings()
except LakeUnavailable as e:
    st.info(t("no_quality" if str(e) == "missing" else "db_busy", lang))
    st.stop()
except Exception:  # noqa: BLE001 - a warehouse built before the quality checks ran has no quality schema
    st.info(t("no_quality", lang))
    st.stop()

cols = st.columns(4)
if builds.empty:
    cols[0].metric(t("build_decision", lang), "—")
else:
    latest = builds.iloc[0]
    cols[0].metric(t("build_decision", lang), t(latest["decision"], lang))
    cols[1].metric(t("critical_failed", lang), int(latest["critical_failed"]))
    cols[2].metric(t("warnings_failed", lang), int(latest["warnings_failed"]))
cols[3].metric(t("gate_quarantined", lang), int(gates["gate_quarantined"].sum()) if not gates.empty else 0)

st.subheader(t("gates_title", lang))
st.dataframe(
    label_columns(gates.assign(source=gates["source"].map(lambda s: source_name(s, lang))), lang),
    hide_index=True,
    width="stretch",
    column_config={t("col_rows_checked", lang): st.column_config.NumberColumn(format="localized")},
)

st.subheader(t("findings_title", lang))
if findings.empty:
    st.success(t("no_findings", lang))
else:
    shown = findings.assign(
        title=findings["title_zh" if lang == "zh" else "title_en"],
        severity=findings["severity"].map(lambda s: t(s, lang)),
        files_involved=findings["files"].fillna(""),
    )[["severity", "check_code", "title", "failing_rows", "failed_runs", "files_involved"]]
    st.dataframe(
        label_columns(shown, lang),
        hide_index=True,
        width="stretch",
        column_config={t("col_failing_rows", lang): st.column_config.NumberColumn(format="localized")},
    )
    code = st.selectbox(
        t("pick_check", lang),
        findings["check_code"].tolist(),
        format_func=lambda c: (
            f"{c} — {findings.set_index('check_code').loc[c, 'title_zh' if lang == 'zh' else 'title_en']}"
        ),
    )
    st.caption(t("failures_caption", lang))
    st.dataframe(label_columns(quality_failures(code), lang), hide_index=True, width="stretch")

st.subheader(t("builds_title", lang))
st.dataframe(
    label_columns(builds.assign(decision=builds["decision"].map(lambda d: t(d, lang))), lang),
    hide_index=True,
    width="stretch",
)
page.docs_download(ident, "quality", t("data_docs", lang), data_docs_index(), "data_docs")

# the steward's remedies the next build honours (rows taken out stay in the raw layer)
excluded = active_exclusions(lake_path().parent)
st.subheader(t("rows_excluded", lang))
if excluded:
    shown = pd.DataFrame(excluded)[["source_file", "row_number", "reason", "by", "at"]]
    st.dataframe(label_columns(shown, lang), hide_index=True, width="stretch")
else:
    st.info(t("no_exclusions", lang))
