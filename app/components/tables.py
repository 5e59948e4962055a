"""Tables as a user reads them: columns in the user's language, codes as names, rates as percentages,
dates without midnight, missing values as "—", every event a link to its trace. Draws and returns the
table's widget; it reads no session and no query (the page passes `lang`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import label_columns, source_name, t


def table(frame: pd.DataFrame, lang: str, height: int | None = None, key: str | None = None, **kwargs):
    """A dataframe with columns in the user's language, source and lifecycle-state codes shown as
    their names, *_rate columns as percentages, and columns with no value at all left out."""
    kwargs.setdefault("hide_index", True)
    kwargs.setdefault("width", "stretch")
    if height:
        # a short table gets a short box (header + its rows), not a tall empty one
        kwargs["height"] = min(height, 40 + 35 * max(len(frame), 1))
    frame = frame.drop(columns=[c for c in frame.columns if frame[c].isna().all() and len(frame) > 0])
    link_config = {}
    if "event_key" in frame.columns:
        # every list of events clicks through to the event's trace (a link that can be shared)
        from urllib.parse import quote

        label = t("col_trace_link", lang)
        frame = frame.assign(
            **{"_trace": frame["event_key"].map(lambda k: f"./trace?event={quote(str(k), safe='')}")}
        )
        frame = frame[["_trace", *[c for c in frame.columns if c not in ("_trace", "event_key")]]]
        link_config = {
            label: st.column_config.LinkColumn(label, display_text=t("open_trace_short", lang), width="small")
        }
    if "source" in frame.columns:
        frame = frame.assign(source=frame["source"].map(lambda s: source_name(s, lang)))
    if "handle_level" in frame.columns:
        frame = frame.assign(
            handle_level=frame["handle_level"].map(
                lambda v: t("level_" + (v if isinstance(v, str) else "unknown"), lang)
            )
        )
    if "lifecycle_state" in frame.columns:
        frame = frame.assign(lifecycle_state=frame["lifecycle_state"].map(lambda s: t("state_" + s, lang)))
    labelled = label_columns(frame, lang)
    if link_config:
        labelled = labelled.rename(columns={labelled.columns[0]: next(iter(link_config))})
    # one style for numbers and dates: rates as percentages with one decimal (94.6%, never 96.09%),
    # dates without 00:00:00 when the column holds dates only
    config = {}
    for old, new in zip(frame.columns, labelled.columns, strict=True):
        values = frame[old]
        if str(old).endswith("_rate") and pd.api.types.is_numeric_dtype(values):
            labelled[new] = values.to_numpy() * 100
            config[new] = st.column_config.NumberColumn(format="%.1f%%")
        elif pd.api.types.is_datetime64_any_dtype(values):
            stamps = values.dropna()
            date_only = not stamps.empty and bool((stamps == stamps.dt.normalize()).all())
            if values.isna().any():
                # the table draws a missing time as "None": such a column is shown as text with "—"
                labelled[new] = values.dt.strftime("%Y-%m-%d" if date_only else "%Y-%m-%d %H:%M").fillna("—")
            else:
                config[new] = st.column_config.DatetimeColumn(
                    format="YYYY-MM-DD" if date_only else "YYYY-MM-DD HH:mm"
                )
        elif pd.api.types.is_float_dtype(values) and not str(old).endswith(("lng", "lat", "score")):
            whole = bool((values.dropna() % 1 == 0).all())  # counts that arrive as floats: 17, not 17.0
            config[new] = st.column_config.NumberColumn(format="%d" if whole else "%.1f")
    config.update(link_config)
    config.update(kwargs.pop("column_config", {}) or {})
    return st.dataframe(labelled, key=key, column_config=config, **kwargs)
