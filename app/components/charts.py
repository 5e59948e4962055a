"""Charts (plotly, bundled with Streamlit — no CDN): trends, category bars, Sankey, heat map.
Each takes a plain frame and draws it with the wall's dark look or the laptop's light one."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from app.components.wall import COLORS, FONT

SOURCE_COLORS = {
    "hotline_12345": "#35d0ff",
    "city_mgmt": "#36d399",
    "petition": "#ffb020",
    "grid_report": "#b48cff",
}
OUTCOME_COLORS = {
    "closed_on_time": "#36d399",
    "closed_late": "#ffd65a",
    "open": "#35d0ff",
    "overdue_open": "#ff5470",
    "cancelled": "#7b8aa5",
}
LEVEL_COLORS = {"community": "#5ad1a0", "street": "#4aa3ff", "district": "#c98bff", "unknown": "#7b8aa5"}


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


def _show(fig: go.Figure, key: str | None = None, width: int | None = None) -> None:
    """width: a fixed pixel width. The wall passes it: its canvas is CSS-scaled, and plotly would
    otherwise measure the scaled size and draw twice as large on a 4K screen."""
    if width:
        fig.update_layout(width=width, autosize=False)
    st.plotly_chart(
        fig,
        config={"displayModeBar": False, "responsive": not width},
        key=key,
        width="content" if width else "stretch",
    )


def daily_trend(
    daily: pd.DataFrame,
    names: dict[str, str],
    height: int,
    dark: bool = True,
    key=None,
    width: int | None = None,
) -> None:
    """daily: day, source, registered_count — one line per source."""
    fig = go.Figure()
    for source, part in daily.groupby("source", sort=True):
        fig.add_trace(
            go.Scatter(
                x=part["day"],
                y=part["registered_count"].astype(float),
                mode="lines",
                name=names.get(source, source),
                line={"width": 2, "color": SOURCE_COLORS.get(source)},
            )
        )
    fig.update_xaxes(tickformat="%m-%d", nticks=8)
    _show(_layout(fig, height, dark), key, width)


def monthly_trend(
    monthly: pd.DataFrame,
    labels: dict[str, str],
    height: int,
    dark: bool = True,
    key=None,
    width: int | None = None,
) -> None:
    """monthly: month_start, registered_count, closure_rate — bars and a rate line."""
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            x=monthly["month_start"],
            y=monthly["registered_count"].astype(float),
            name=labels["registered"],
            marker_color="rgba(53, 208, 255, 0.65)",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=monthly["month_start"],
            y=monthly["closure_rate"] * 100,
            name=labels["closure_rate"],
            yaxis="y2",
            mode="lines+markers",
            line={"color": "#ffd65a", "width": 2},
        )
    )
    fig.update_layout(
        yaxis2={"overlaying": "y", "side": "right", "range": [0, 100], "showgrid": False, "ticksuffix": "%"}
    )
    fig.update_xaxes(tickformat="%y-%m", dtick="M2")
    _show(_layout(fig, height, dark), key, width)


def category_bars(
    categories: pd.DataFrame,
    name_column: str,
    height: int,
    dark: bool = True,
    key=None,
    width: int | None = None,
) -> None:
    """categories: name_column, events_30d, events_prev_30d — horizontal bars, largest on top."""
    data = categories.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            y=data[name_column],
            x=data["events_30d"].astype(float),
            orientation="h",
            marker_color="rgba(53, 208, 255, 0.75)",
            text=[
                f"{int(c):,}  {'▲' if c >= p else '▼'}{abs((c - p) / p * 100) if p else 0:.0f}%"
                for c, p in zip(data["events_30d"], data["events_prev_30d"], strict=True)
            ],
            textposition="auto",
            insidetextanchor="end",
        )
    )
    fig.update_xaxes(showticklabels=False)
    _show(_layout(fig, height, dark, legend=False), key, width)


def sankey(
    flow: pd.DataFrame,
    source_names: dict[str, str],
    level_names: dict[str, str],
    outcome_names: dict[str, str],
    height: int,
    dark: bool = True,
    key=None,
    width: int | None = None,
) -> None:
    """flow: source, handle_level, outcome, event_count → channel → level → outcome."""
    flow = flow.assign(handle_level=flow["handle_level"].fillna("unknown"))
    sources = [s for s in SOURCE_COLORS if s in set(flow["source"])]
    levels = [v for v in LEVEL_COLORS if v in set(flow["handle_level"])]
    outcomes = [o for o in OUTCOME_COLORS if o in set(flow["outcome"])]
    nodes = [("s", s) for s in sources] + [("l", v) for v in levels] + [("o", o) for o in outcomes]
    index = {node: i for i, node in enumerate(nodes)}
    first = flow.groupby(["source", "handle_level"], as_index=False)["event_count"].sum()
    second = flow.groupby(["handle_level", "outcome"], as_index=False)["event_count"].sum()
    link_source = [index[("s", r.source)] for r in first.itertuples()] + [
        index[("l", r.handle_level)] for r in second.itertuples()
    ]
    link_target = [index[("l", r.handle_level)] for r in first.itertuples()] + [
        index[("o", r.outcome)] for r in second.itertuples()
    ]
    values = [float(v) for v in first["event_count"]] + [float(v) for v in second["event_count"]]
    colors = [SOURCE_COLORS[r.source] for r in first.itertuples()] + [
        OUTCOME_COLORS[r.outcome] for r in second.itertuples()
    ]
    labels = [
        source_names.get(k, k)
        if kind == "s"
        else level_names.get(k, k)
        if kind == "l"
        else outcome_names.get(k, k)
        for kind, k in nodes
    ]
    node_colors = [
        SOURCE_COLORS[k] if kind == "s" else LEVEL_COLORS[k] if kind == "l" else OUTCOME_COLORS[k]
        for kind, k in nodes
    ]
    fig = go.Figure(
        go.Sankey(
            arrangement="fixed",
            node={
                "label": labels,
                "color": node_colors,
                "pad": 12,
                "thickness": 14,
                "line": {"width": 0},
            },
            link={
                "source": link_source,
                "target": link_target,
                "value": values,
                "color": [_alpha(c, 0.35) for c in colors],
            },
            textfont={"family": FONT, "color": COLORS["text"] if dark else "#1f2937", "size": 14},
        )
    )
    _show(_layout(fig, height, dark, legend=False), key, width)


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
            z=pivot.values, x=x_labels, y=y_labels, colorscale="YlOrRd", hoverongaps=False, showscale=True
        )
    )
    fig.update_yaxes(autorange="reversed")
    _show(_layout(fig, height, dark=False, legend=False), key)


def bars(
    frame: pd.DataFrame, x: str, y: str, height: int, color: str = "#2f7fd8", key=None, percent=False
) -> None:
    """Plain vertical bars for laptop pages."""
    fig = go.Figure(
        go.Bar(x=frame[x], y=frame[y].astype(float) * (100 if percent else 1), marker_color=color)
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


def _alpha(hex_color: str, alpha: float) -> str:
    h = hex_color.lstrip("#")
    return f"rgba({int(h[0:2], 16)}, {int(h[2:4], 16)}, {int(h[4:6], 16)}, {alpha})"
