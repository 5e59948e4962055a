"""Laptop-page charts (plotly, bundled with Streamlit — no CDN): heat map, bars, lines; and the
colours of sources, handling levels and outcomes that the wall's SVG charts share. The wall itself
draws SVG (svg_charts.py): plotly measures the wall's zoomed canvas and draws at the wrong size."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app.components.wall import COLORS, FONT
from app.sources import SOURCE_COLORS  # noqa: F401 (the charts' colours, with levels and outcomes)

OUTCOME_COLORS = {
    "closed_on_time": "#36d399",
    "closed_late": "#ffd65a",
    "open": "#35d0ff",
    "overdue_open": "#ff5470",
    "cancelled": "#7b8aa5",
}
# handling levels in the order the wall shows them (fct_event.handle_level; docs/domain.md §2)
HANDLE_LEVELS = ("direct", "community", "street", "district")
LEVEL_COLORS = {
    "direct": "#f2c94c",
    "community": "#5ad1a0",
    "street": "#4aa3ff",
    "district": "#c98bff",
    "unknown": "#7b8aa5",
}


def _text(values):
    """Category labels from data as plain text: plotly renders a subset of HTML in labels (an <a href>
    from a registry would become a link), so < > & are written as entities, which it shows as characters."""
    return [html.escape(v, quote=False) if isinstance(v, str) else v for v in values]


def _layout(fig: go.Figure, height: int, dark: bool, legend: bool = True) -> go.Figure:
    text = COLORS["text"] if dark else "#1f2937"
    grid = "rgba(90, 140, 200, 0.18)" if dark else "rgba(0, 0, 0, 0.08)"
    fig.update_layout(
        height=height,
        margin={"l": 8, "r": 8, "t": 6, "b": 6},
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        font={"family": FONT, "color": text, "size": 14 if dark else 13},
        showlegend=legend,
        legend={
            "orientation": "h",
            "yanchor": "bottom",
            "y": 1.0,
            "x": 0,
            "font": {"size": 13, "color": text},
        },
        hoverlabel={"font": {"family": FONT}},
    )
    fig.update_xaxes(gridcolor=grid, zeroline=False, showline=False)
    fig.update_yaxes(gridcolor=grid, zeroline=False, showline=False)
    return fig


def _show(fig: go.Figure, key: str | None = None) -> None:
    st.plotly_chart(fig, config={"displayModeBar": False}, key=key, width="stretch")


def heatmap(
    frame: pd.DataFrame,
    x: str,
    y: str,
    z: str,
    x_labels: list[str],
    y_labels: list[str],
    height: int,
    key=None,
) -> None:
    """A light heat map (hour × weekday and the like) for laptop pages."""
    pivot = frame.pivot_table(index=y, columns=x, values=z, aggfunc="sum", fill_value=0)
    pivot = pivot.reindex(index=range(len(y_labels)), columns=range(len(x_labels)), fill_value=0)
    fig = go.Figure(
        go.Heatmap(
            z=pivot.values,
            x=_text(x_labels),
            y=_text(y_labels),
            colorscale="YlOrRd",
            hoverongaps=False,
            showscale=True,
        )
    )
    fig.update_yaxes(autorange="reversed")
    _show(_layout(fig, height, dark=False, legend=False), key)


def bars(
    frame: pd.DataFrame, x: str, y: str, height: int, color: str = "#2f7fd8", key=None, percent=False
) -> None:
    """Plain vertical bars for laptop pages."""
    fig = go.Figure(
        go.Bar(x=_text(frame[x]), y=frame[y].astype(float) * (100 if percent else 1), marker_color=color)
    )
    if percent:
        fig.update_yaxes(ticksuffix="%")
    _show(_layout(fig, height, dark=False, legend=False), key)


def lines(frame: pd.DataFrame, x: str, ys: dict[str, str], height: int, key=None, percent=False) -> None:
    """Several lines over x for laptop pages: ys maps column → legend label."""
    fig = go.Figure()
    for column, label in ys.items():
        fig.add_trace(
            go.Scatter(
                x=frame[x], y=frame[column].astype(float) * (100 if percent else 1), mode="lines", name=label
            )
        )
    if percent:
        fig.update_yaxes(ticksuffix="%")
    _show(_layout(fig, height, dark=False), key)
