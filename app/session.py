"""The current user and language, as the pages see them (set by app/main.py, server-side only)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from app import clock
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
        from app.auth import Throttled

        try:
            ident = login(username, password, client=_client_address())
        except Throttled as e:
            key = "login_locked" if e.locked else "login_wait"
            st.error(t(key, lang_).format(seconds=max(1, round(e.seconds))))
            return
        if ident is None:
            st.error(t("login_failed", lang_))
        else:
            st.session_state["identity"] = ident
            st.session_state.pop("signed_out", None)
            st.session_state.pop("cookie_set", None)  # main sets the session cookie on the next run
            st.rerun()


def _client_address() -> str | None:
    """The browser's address as the server sees it (behind the reverse proxy: set
    server.trustedProxies / X-Forwarded-For at the proxy, see deploy/nginx)."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - not in a browser session
        return None
    return address if isinstance(address, str) else None


def lang() -> str:
    return st.session_state.get("lang_value", "zh")


def today() -> date:
    """The calendar day in the district's time zone (app/clock.py)."""
    return clock.today()
