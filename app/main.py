"""Entry point: who is looking (login or wall-screen token), language, and the pages their
role may open. Pages live in app/views/, their queries in app/queries/, drawing in
app/components/.

    /?screen=<token>   a wall screen: wall role, no login, no navigation, nothing personal
    /                  everyone else: sign in with an account from app/config/accounts.toml
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app import auth  # noqa: E402
from app.i18n import t  # noqa: E402
from app.registry import DEFAULT_PAGE, PAGES  # noqa: E402

os.umask(0o027)  # the audit log and anything the app writes: service account and group only

# The favicon is a local file: a Material icon here would be fetched from a Google host.
st.set_page_config(
    page_title="一屏 Yiping", page_icon=str(Path(__file__).parent / "static" / "favicon.png"), layout="wide"
)


# Tables' built-in "Download as CSV" is off: it is unaudited and writes cells as they are (a cell
# starting with = runs as a formula in a spreadsheet). Exports go through app/exports.py.
st.html(
    "<style>[data-testid='stElementToolbar'] button[aria-label^='Download'],"
    "[data-testid='stElementToolbar'] [data-testid='stElementToolbarButton']:has(button[aria-label^='Download'])"
    "{display:none !important}</style>"
)


def _cookie() -> str | None:
    try:
        return st.context.cookies.get(auth.SESSION_COOKIE)
    except Exception:  # noqa: BLE001 - no browser (AppTest)
        return None


def _identity() -> auth.Identity | None:
    """A wall token in the URL wins for that view (re-checked on every run) without signing the
    session's user out; else the session's user; else a valid session cookie (a reload keeps the
    sign-in)."""
    token = st.query_params.get("screen")
    if token:
        ident = auth.screen_login(token)
        current = st.session_state.get("identity")
        if current is not None and not current.is_wall:
            st.session_state["user_identity"] = current
        st.session_state["identity"] = ident
        return ident
    ident = st.session_state.get("identity")
    if ident is not None and ident.is_wall:  # a wall session never outlives its URL
        ident = st.session_state.pop("user_identity", None)
        st.session_state["identity"] = ident
    if ident is None and not st.session_state.get("signed_out"):
        ident = auth.identity_from_cookie(_cookie())
        if ident is not None:
            st.session_state["identity"] = ident
            st.session_state["cookie_set"] = True
    return ident


def _session_cookie_script(value: str, max_age: int) -> None:
    """Set (or, with max_age 0, clear) the session cookie in the browser."""
    secure = "; Secure" if str(getattr(st.context, "url", "") or "").startswith("https") else ""
    st.html(
        f"<script>document.cookie = '{auth.SESSION_COOKIE}={value}; path=/; max-age={max_age}; "
        f"SameSite=Strict{secure}';</script>",
        unsafe_allow_javascript=True,
    )


def _language(ident: auth.Identity | None) -> str:
    if ident is not None and ident.is_wall:
        lang = st.query_params.get("lang") or ident.screen.get("lang", "zh")
        lang = lang if lang in ("zh", "en") else "zh"
    else:
        lang = st.sidebar.radio(
            "语言 / Language",
            ["zh", "en"],
            format_func=lambda v: "中文" if v == "zh" else "English",
            horizontal=True,
            key="lang",
        )
    st.session_state["lang_value"] = lang
    return lang


def _pages_for(ident: auth.Identity | None, lang: str) -> dict[str, list[st.Page]]:
    role = ident.role if ident else None
    # signed in (not a wall): the root is a hidden home page that moves on to the role's first page,
    # so that page keeps its own address (/street); before sign-in and on a wall, the wall is the root
    signed_in = ident is not None and not ident.is_wall
    default = None if signed_in else DEFAULT_PAGE.get(role or "", "wall")
    sections: dict[str, list[st.Page]] = {}
    if signed_in:
        sections[""] = [
            st.Page(
                "views/home.py",
                title=t("page_home", lang),
                url_path="home",
                default=True,
                visibility="hidden",
            )
        ]
    for spec in PAGES:
        allowed = role is None or role in spec.roles
        if not allowed and role == "wall":  # a kiosk has one page; any path lands on the wall
            continue
        # a page the role may not open stays registered but hidden: its link says "no access" (the
        # page's session.require) instead of silently landing somewhere else
        page = st.Page(
            spec.path,
            title=t(spec.title, lang),
            icon=spec.icon,
            url_path=spec.url,
            default=spec.url == default,
            visibility="visible" if allowed else "hidden",
        )
        section = spec.section
        sections.setdefault(t(section, lang), []).append(page)
    return sections


try:
    ident = _identity()
except auth.ConfigError as e:
    st.error(t("config_error", "zh") + str(e))
    st.stop()
lang = _language(ident)

if st.query_params.get("screen") and ident is None:
    st.error(t("bad_screen_token", lang))
    st.stop()

# Every page is registered and run even before login: the page's first call, session.identity(),
# shows the sign-in form instead — so a deep link (/trace) lands on its page after signing in.
navigation = st.navigation(
    _pages_for(ident, lang), position="hidden" if ident is None or ident.is_wall else "sidebar"
)

if ident is not None and not ident.is_wall:
    with st.sidebar:
        where = f" · {ident.street_name}" if ident.street_name else ""
        st.caption(
            f"{t('signed_in_as', lang)}: **{ident.display_name}** ({t('role_' + ident.role, lang)}{where})"
        )
        if st.button(t("sign_out", lang), icon=":material/logout:"):
            auth.revoke_cookie(st.session_state.pop("session_cookie", None))
            auth.revoke_cookie(_cookie())
            st.session_state.pop("identity", None)
            st.session_state.pop("cookie_set", None)
            st.session_state["signed_out"] = True
            st.rerun()
    if not st.session_state.get("cookie_set"):
        st.session_state["session_cookie"] = auth.session_cookie(ident)
        _session_cookie_script(st.session_state["session_cookie"], auth.SESSION_HOURS * 3600)
        st.session_state["cookie_set"] = True
elif ident is None and st.session_state.get("signed_out") and _cookie():
    _session_cookie_script("", 0)
navigation.run()
