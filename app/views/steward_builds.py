"""Data steward: builds and freshness — the published build, the last dbt invocation's results
(every model, test and seed with status and time), freshness per event source, and where the
dbt docs and Great Expectations Data Docs are."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import clock, session
from app.components import page
from app.components.formatting import age_text, local_from_utc, minutes
from app.i18n import t
from app.queries import data_docs_index, dbt_docs_index, dbt_run_results, source_freshness
from app.queries import wall as wall_q

lang = session.lang()
session.require("builds")
page.header("page_builds", "builds_caption")

with page.warehouse_guard():
    info = wall_q.build_info()
    freshness = source_freshness()

m = st.columns(4)
m[0].metric(t("published_build", lang), str(info.get("build_id", "—"))[:8])
built = local_from_utc(info.get("built_at"))
m[1].metric(t("built", lang), minutes(built) if built else "—")
m[2].metric(t("data_as_of_short", lang), minutes(info.get("as_of_at")))
m[3].metric(t("col_event_count", lang), f"{int(info.get('event_count') or 0):,}")

st.subheader(t("freshness_title", lang))
st.caption(t("freshness_caption", lang))
# how far each source is behind now (not behind the build: a build of old data is not fresh)
now = clock.now()
page.table(
    freshness.assign(
        behind_now=[age_text((now - ts).total_seconds() / 3600, lang) if pd.notna(ts) else "—"
                    for ts in freshness["last_reported_at"]]
    )
)  # fmt: skip

st.subheader(t("dbt_results_title", lang))
meta, results = dbt_run_results()
if results.empty:
    st.info(t("no_run_results", lang))
else:
    by_status = results.groupby(["resource_type", "status"]).size().rename("n").reset_index()
    st.caption(
        t("dbt_results_caption", lang).format(
            when=meta.get("generated_at", "—"),
            elapsed=f"{meta.get('elapsed_time') or 0:.1f}",
            invocation=str(meta.get("invocation_id", ""))[:8],
        )
    )
    c = st.columns(4)
    for i, status in enumerate(("success", "pass", "warn", "error")):
        c[i].metric(
            t("dbt_" + status, lang),
            int(results["status"].isin([status, "fail"] if status == "error" else [status]).sum()),
        )
    statuses = st.multiselect(
        t("col_status", lang),
        sorted(results["status"].unique()),
        default=[s for s in ("warn", "error", "fail") if s in set(results["status"])],
        key="dbt_status",
        placeholder=t("choose_options", lang),
    )
    shown = results[results["status"].isin(statuses)] if statuses else results
    page.table(shown.sort_values("execution_time", ascending=False), height=420)
    page.table(
        by_status.pivot_table(index="resource_type", columns="status", values="n", fill_value=0).reset_index()
    )

st.subheader(t("docs_title", lang))
for label, path in ((t("dbt_docs", lang), dbt_docs_index()), (t("data_docs", lang), data_docs_index())):
    st.markdown(f"- **{label}**: `{path}`" + ("" if path.exists() else f" — {t('not_built_yet', lang)}"))
st.caption(t("docs_caption", lang))
