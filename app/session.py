"""The current user and language, as the pages see them (set by app/main.py, server-side only)."""

from __future__ import annotations

from datetime import date, datetime

import streamlit as st

from app.auth import Identity


def identity() -> Identity:
    """The logged-in identity. Without one, the page shows the sign-in form and stops there."""
    ident = st.session_state.get("identity")
    if ident is None:
        login_form()
        st.stop()
    return ident


def require(url: str) -> Identity:
    """The identity, if its role may open the page at `url`; otherwise say so and stop."""
    from app.i18n import t
    from app.registry import BY_URL

    ident = identity()
    if ident.role not in BY_URL[url].roles:
        st.error(t("not_allowed", lang()))
        st.stop()
    return ident


def login_form() -> None:
    from app.auth import login
    from app.i18n import t

    lang_ = lang()
    st.title(t("login_title", lang_))
    st.caption(t("login_caption", lang_))
    with st.form("login", border=True, width=420):
        username = st.text_input(t("username", lang_), key="login_username")
        password = st.text_input(t("password", lang_), type="password", key="login_password")
        submitted = st.form_submit_button(t("sign_in", lang_), type="primary")
    if submitted:
        ident = login(username, password)
        if ident is None:
            st.error(t("login_failed", lang_))
        else:
            st.session_state["identity"] = ident
            st.rerun()


def lang() -> str:
    return st.session_state.get("lang_value", "zh")


def today() -> date:
    """The calendar day relative windows refer to (server-local, like the exports' timestamps)."""
    return datetime.now().date()
