"""Administrator: the audit log of every view of unmasked personal data — who, when, which page,
what and how many rows (newest first)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app import auth, session
from app import pagekit as page
from app.i18n import AUDIT_WORDS, t

lang = session.lang()
session.require("audit")
page.header("page_audit", "audit_caption")
entries = pd.DataFrame(auth.read_audit_log(limit=5000))
if entries.empty:
    st.info(t("audit_empty", lang))
    st.stop()
for column in ("username", "rows", "keys", "integrity"):
    if column not in entries:
        entries[column] = None
damaged = entries[entries["integrity"].isin(["corrupt", "tampered"])]
if not damaged.empty:  # the log is hash-chained (ingest/audit.py): say where it was damaged
    st.error(t("audit_damaged", lang).format(n=len(damaged)))
m = st.columns(3)
m[0].metric(t("audit_views", lang), len(entries))
m[1].metric(t("audit_users", lang), entries["username"].nunique())
m[2].metric(
    t("audit_rows", lang), f"{int(pd.to_numeric(entries['rows'], errors='coerce').fillna(0).sum()):,}"
)
user = st.selectbox(
    t("username", lang),
    [None, *sorted(entries["username"].dropna().astype(str).unique())],
    format_func=lambda u: t("all_users", lang) if u is None else u,
    key="audit_user",
)
kinds = sorted(
    {
        (str(sub), str(act))
        for sub, act in zip(entries["subject"], entries["action"], strict=True)
        if pd.notna(sub)
    }
)
kind = st.selectbox(
    t("audit_kind", lang),
    [None, *kinds],
    format_func=lambda k: t("audit_all_kinds", lang) if k is None else f"{k[0]} · {k[1]}",
    key="audit_kind",
)
shown = entries if user is None else entries[entries["username"] == user]
if kind is not None:
    shown = shown[(shown["subject"].astype(str) == kind[0]) & (shown["action"].astype(str) == kind[1])]
words = AUDIT_WORDS if lang == "zh" else {}
shown = shown.assign(
    subject=shown["subject"].map(lambda v: words.get(v, v)),
    action=shown["action"].map(lambda v: words.get(v, v)),
)
page.table(
    shown.assign(
        keys=shown["keys"].map(lambda k: len(k) if isinstance(k, list) else 0),
        integrity=shown["integrity"].map(lambda v: t(f"audit_{v}", lang) if v else ""),
    )
    .drop(columns=["prev", "hash"], errors="ignore")
    .rename(columns={"keys": "key_count"}),
    height=520,
)
ident = session.identity()
page.audited_download(
    ident, "audit", f"audit log user={user} kind={kind}",
    shown.drop(columns=["prev", "hash", "keys"], errors="ignore"), t("page_audit", lang), key="audit_download",
    key_column="__none__",
)  # fmt: skip
st.caption(t("audit_path", lang).format(path=auth.audit_log_path()))
