"""Entry point: navigation, language, page registry. Pages live in app/pages/."""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.i18n import t  # noqa: E402

st.set_page_config(page_title="一屏 Yiping", page_icon="🖥️", layout="wide")

lang = st.sidebar.radio(
    "语言 / Language",
    ["zh", "en"],
    format_func=lambda v: "中文" if v == "zh" else "English",
    horizontal=True,
    key="lang",
)
st.session_state["lang_value"] = lang

pages = [
    st.Page(
        "pages/steward_ingest.py",
        title=t("page_ingest", lang),
        icon=":material/input:",
        url_path="ingest",
        default=True,
    ),
    st.Page(
        "pages/steward_quality.py",
        title=t("page_quality", lang),
        icon=":material/fact_check:",
        url_path="quality",
    ),
]
st.navigation(pages).run()
