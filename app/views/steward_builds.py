"""Data steward: builds and freshness — the published build, the last dbt invocation's results
(every model, test and seed with status and time), freshness per event source, and where the
dbt docs and Great Expectations Data Docs are."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import clock, session
from app import pagekit as page
from app.components.formatting import age_text, local_from_utc, minutes
from app.i18n import t, t_or
from app.queries import data_docs_index, dbt_docs_index, dbt_run_results, source_freshness
from app.queries import wall as wall_q

lang = session.lang()
ident = session.require("builds")
page.header("page_builds", "builds_caption")

with page.warehouse_guard():
    info = wall_q.build_info()
    freshness = source_freshness()

# the exact times are in the header's line; the metrics say how old they are
now = clock.now()
built = local_from_utc(info.get("built_at"))
m = st.columns(4)
m[0].metric(t("published_build", lang), str(info.get("build_id", "—"))[:8])
m[1].metric(t("built_ago", lang), age_text(clock.age_hours(built), lang))
m[2].metric(t("data_age", lang), age_text(clock.age_hours(info.get("as_of_at")), lang))
m[3].metric(t("col_event_count", lang), f"{int(info.get('event_count') or 0):,}")

st.subheader(t("freshness_title", lang))
st.caption(t("freshness_caption", lang).format(hours=info.get("stale_after_hours", "—")))
# how far each source is behind now (not behind the build: a build of old data is not fresh)
hours = [
    (now - ts).total_seconds() / 3600 if pd.notna(ts) else None for ts in freshness["current_through_at"]
]
page.table(
    freshness.drop(columns=["current_through_at", "stale_after_hours"]).assign(
        behind_now=[age_text(h, lang) if h is not None else "—" for h in hours],
        freshness_state=[
            t("stale" if h is None or h > limit else "fresh", lang)
            for h, limit in zip(hours, freshness["stale_after_hours"], strict=True)
        ],
    )
)

st.subheader(t("dbt_results_title", lang))
meta, results = dbt_run_results()
if results.empty:
    st.info(t("no_run_results", lang))
else:
    by_status = results.groupby(["resource_type", "status"]).size().rename("n").reset_index()
    st.caption(
        t("dbt_results_caption", lang).format(
            when=minutes(local_from_utc(pd.Timestamp(meta["generated_at"]).tz_convert(None)))
            if meta.get("generated_at")
            else "—",
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
        format_func=lambda s: t_or("dbt_status_" + s, lang, s),
    )
    shown = results[results["status"].isin(statuses)] if statuses else results
    shown = shown.assign(
        status=shown["status"].map(lambda s: t_or("dbt_status_" + s, lang, s)),
        resource_type=shown["resource_type"].map(lambda r: t_or("dbt_type_" + r, lang, r)),
    )
    page.table(shown.drop(columns=["unique_id"]).sort_values("execution_time", ascending=False), height=420)
    counts = by_status.pivot_table(index="resource_type", columns="status", values="n", fill_value=0)
    counts.columns = [t_or("dbt_status_" + s, lang, s) for s in counts.columns]
    counts.index = [t_or("dbt_type_" + r, lang, r) for r in counts.index]
    page.table(counts.astype(int).rename_axis("resource_type").reset_index())

st.subheader(t("docs_title", lang))
left, right = st.columns(2)
with left:
    page.docs_download(ident, "builds", t("dbt_docs", lang), dbt_docs_index(), "dbt_docs")
with right:
    page.docs_download(ident, "builds", t("data_docs", lang), data_docs_index(), "data_docs")
st.caption(t("docs_caption", lang))
