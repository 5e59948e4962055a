"""Data steward: address texts the matcher placed weakly, most events first, and the loop that fixes
them — pick a text, confirm its best candidate, the runner-up, a typed address code or a replacement
text; an alias is written (audited) and the next build uses it."""

from __future__ import annotations

import streamlit as st

from app import session
from app.components.formatting import md_text
from app.i18n import t
from app.pagekit import table, warehouse_guard
from app.queries import address_codes, address_review, address_review_summary, lake_path
from ingest.addresses.aliases import AliasError, aliases_path, confirm_alias

lang = session.lang()
ident = session.require("addresses")
st.title(t("addresses_title", lang))
st.caption(t("addresses_caption", lang))

with warehouse_guard():
    summary = address_review_summary()
    review = address_review()

cols = st.columns(4)
cols[0].metric(t("addresses_texts", lang), f"{int(summary.get('texts', 0)):,}")
cols[1].metric(t("addresses_events", lang), f"{int(summary.get('events', 0)):,}")
cols[2].metric(t("addresses_unlocated", lang), f"{int(summary.get('unlocated', 0)):,}")
all_events = int(summary.get("all_events", 0)) or 1
cols[3].metric(t("addresses_share", lang), f"{int(summary.get('events', 0)) / all_events:.1%}")

if review.empty:
    st.success(t("addresses_none", lang))
    st.stop()

shown = review.assign(match_method=review["match_method"].map(lambda m: t("method_" + m, lang))).fillna(
    {"best_full_address": "—", "runner_up_full_address": "—"}
)
table(
    shown[["place_text", "event_count", "unlocated_count", "match_method", "match_confidence",
           "best_full_address", "runner_up_full_address"]],
    height=360,
    column_config={"置信度" if lang == "zh" else "Confidence": st.column_config.NumberColumn(format="%.2f")},
)  # fmt: skip

by_key = review.set_index("place_key")
key = st.selectbox(
    t("addresses_pick", lang),
    review["place_key"].tolist(),
    format_func=lambda k: f"{by_key.loc[k, 'place_text'][:60]} · {int(by_key.loc[k, 'event_count'])}",
)
row = by_key.loc[key]
options = []
for role, code_column, prefix in (
    ("addresses_best", "best_address_code", "best_"),
    ("addresses_runner_up", "runner_up_code", "runner_up_"),
):
    code = row[code_column]
    if code:  # equal candidates often share a full address: the code and grid tell them apart
        grid = row[prefix + "grid_code"]
        label = (
            f"{t(role, lang)}：{md_text(row[prefix + 'full_address'])} · {md_text(code)} · "
            f"{t('addresses_grid', lang)} {md_text(grid)}"
        )
        options.append(("address", code, label))
options += [("address", None, t("addresses_other_code", lang)), ("text", None, t("addresses_as_text", lang))]
choice = st.radio(t("addresses_choice", lang), range(len(options)), format_func=lambda i: options[i][2])
kind, target, _ = options[choice]
with st.form("confirm_alias"):
    alias = st.text_input(t("addresses_alias", lang), value=row["place_text"][:60])
    if target is None:
        target = st.text_input(t("addresses_code" if kind == "address" else "addresses_text", lang))
    note = st.text_input(t("addresses_note", lang))
    if st.form_submit_button(t("addresses_confirm", lang), type="primary"):
        try:
            written = confirm_alias(
                lake_path().parent, alias=alias, kind=kind, target=target or "", by=ident.username,
                role=ident.role, note=note, known_codes=address_codes() if kind == "address" else None,
            )  # fmt: skip
            st.success(
                t("addresses_confirmed", lang).format(
                    alias=md_text(written["alias"]), target=md_text(written["target"])
                )
            )
        except AliasError as e:
            st.error(t("addresses_error", lang) + str(e))
st.caption(t("addresses_file", lang) + str(aliases_path(lake_path().parent)))
