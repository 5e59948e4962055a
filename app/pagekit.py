"""The frame of a laptop page, between the views and the parts below them: title and "data as of",
the street chooser of district-wide roles, tables in the user's language, the masking switch, and
audited downloads. It reads the session and the published build and writes the audit log, so that
the components (app/components/) only draw and return values."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import streamlit as st

from app import auth, session
from app.components import tables
from app.components.formatting import local_from_utc, minutes
from app.i18n import label_columns, t
from app.queries import WarehouseUnavailable
from app.queries import street as street_q
from app.queries import wall as wall_q


@contextmanager
def warehouse_guard():
    """Turn 'no published warehouse' / 'busy' into a clear message instead of a traceback."""
    lang = session.lang()
    try:
        yield
    except WarehouseUnavailable as e:
        st.info(t("no_warehouse" if str(e) == "missing" else "warehouse_busy", lang))
        st.stop()


def header(title_key: str, caption_key: str | None = None) -> None:
    lang = session.lang()
    st.title(t(title_key, lang))
    with warehouse_guard():
        info = wall_q.build_info()
    built = local_from_utc(info.get("built_at"))
    line = t("data_as_of", lang).format(when=minutes(info.get("as_of_at")))
    line += " · " + t("built_at", lang).format(when=minutes(built) if built else "—")
    st.caption((t(caption_key, lang) + "  \n" if caption_key else "") + line)


def street_choice(ident: auth.Identity, allow_all: bool = True, key: str = "street_choice") -> str | None:
    """A street leader's own street (no widget at all); others choose, or take the district."""
    lang = session.lang()
    if ident.street_filter:
        st.markdown(f"**{t('street', lang)}**: {ident.street_name}")
        return ident.street_filter
    with warehouse_guard():
        streets = street_q.streets()
    options = ([None] if allow_all else []) + streets["street_code"].tolist()
    names = dict(zip(streets["street_code"], streets["street_name"], strict=True))
    return st.selectbox(
        t("street", lang),
        options,
        format_func=lambda c: t("whole_district", lang) if c is None else names.get(c, c),
        key=key,
    )


def table(frame: pd.DataFrame, height: int | None = None, key: str | None = None, **kwargs):
    """A table in the signed-in user's language (app/components/tables.py draws it)."""
    return tables.table(frame, session.lang(), height=height, key=key, **kwargs)


def unmask_toggle(ident: auth.Identity, key: str) -> bool:
    """Offer 'show full personal data' only to accounts allowed to; off by default."""
    if not ident.can_view_personal:
        st.caption(t("masked_note", session.lang()))
        return False
    return st.toggle(
        t("show_unmasked", session.lang()), value=False, key=key, help=t("unmask_help", session.lang())
    )


def audit(
    ident: auth.Identity, page: str, subject: str, frame: pd.DataFrame, key_column: str = "person_key"
) -> None:
    keys = frame[key_column].astype(str).tolist() if key_column in frame.columns else []
    auth.audit_unmasked_view(ident, page, subject, len(frame), keys)


def audited_download(
    ident: auth.Identity, page: str, subject: str, frame: pd.DataFrame, file_stem: str, key: str,
    key_column: str = "person_key",
) -> None:  # fmt: skip
    """Yiping's own download of a list (the tables' built-in CSV download is off): an Excel file whose
    cells are text (formulas and URLs inert, app/exports.py), columns in the user's language, and one
    audit line per download — who, which list, how many rows, which people."""
    from app.exports import to_csv, to_excel

    lang = session.lang()
    keys = frame[key_column].astype(str).tolist() if key_column in frame.columns else []
    shown = label_columns(frame.drop(columns=[key_column], errors="ignore"), lang)

    def audit(fmt: str) -> None:
        auth.audit_event(
            ident.username, ident.role, page, subject, "download",
            rows=len(frame), keys=keys[:50], street_code=ident.street_code, format=fmt,
        )  # fmt: skip

    excel, csv = st.columns(2)
    excel.download_button(
        t("download_list", lang),
        data=to_excel({file_stem: shown}, file_stem),
        file_name=f"{file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
        on_click=audit,
        args=("xlsx",),
    )
    csv.download_button(
        t("download_list_csv", lang),
        data=to_csv(shown),
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        key=f"{key}_csv",
        icon=":material/download:",
        on_click=audit,
        args=("csv",),
    )


def docs_download(ident: auth.Identity, page: str, label: str, index: Path, key: str) -> None:
    """A docs site offered as one audited download (the server's paths mean nothing to a browser)."""
    from app.queries import docs_bundle

    lang = session.lang()
    data = docs_bundle(index)
    if data is None:
        st.markdown(f"**{label}** — {t('not_built_yet', lang)}")
        return
    is_zip = index.name == "index.html"
    st.download_button(
        label,
        data=data,
        file_name="yiping-data-docs.zip" if is_zip else "yiping-dbt-docs.html",
        mime="application/zip" if is_zip else "text/html",
        key=key,
        icon=":material/download:",
        on_click=lambda: auth.audit_event(
            ident.username, ident.role, page, key, "download", rows=0, keys=[], street_code=ident.street_code
        ),
    )
