"""The district map (pydeck): grid polygons coloured by a value, hotspot columns in 3D, event
points, street boundaries and labels. No base-map tiles — the district's own geometry is the map;
the style is an empty local MapLibre style served from app/static/."""

from __future__ import annotations

import math

import pandas as pd
import pydeck as pdk
import streamlit as st

STYLE_DARK = "/app/static/empty_style.json"
# deck.gl draws text into its own atlas with the page's fonts: the self-hosted subset first, then
# Debian's Noto CJK (installed by make), so street names render in headless Chromium too
LABEL_FONT = '"YipingSans", "Noto Sans CJK SC", "Noto Sans SC", sans-serif'
STYLE_LIGHT = "/app/static/empty_style_light.json"

# Sequential ramp, low → high: deep blue, cyan, yellow, red.
_RAMP = [(22, 60, 120), (30, 140, 200), (53, 208, 255), (255, 214, 90), (255, 84, 112)]


def ramp_color(share: float, alpha: int = 190) -> list[int]:
    """A colour for a value scaled to 0–1 along the ramp."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return [60, 70, 90, 120]
    share = min(max(float(share), 0.0), 1.0) * (len(_RAMP) - 1)
    i = min(int(share), len(_RAMP) - 2)
    f = share - i
    rgb = [round(a + (b - a) * f) for a, b in zip(_RAMP[i], _RAMP[i + 1], strict=True)]
    return [*rgb, alpha]


def fit_view(frame: pd.DataFrame, width_px: int, height_px: int, pitch: float = 0.0) -> pdk.ViewState:
    """Centre and zoom that fit the grids' bounding box into the map's pixel size."""
    lngs = [p[0] for ring in frame["polygon"] for p in ring] or [118.79]
    lats = [p[1] for ring in frame["polygon"] for p in ring] or [32.02]
    lng_span = max(max(lngs) - min(lngs), 1e-3)
    lat_mid = (max(lats) + min(lats)) / 2
    lat_span = max(max(lats) - min(lats), 1e-3) / math.cos(math.radians(lat_mid))
    # deck.gl's web-mercator world is 512 px wide at zoom 0.
    zoom = min(math.log2(width_px * 360 / (512 * lng_span)), math.log2(height_px * 360 / (512 * lat_span)))
    zoom += 0.05 if pitch else -0.05  # measured: a 35° tilt fits at about the same zoom
    return pdk.ViewState(
        longitude=(max(lngs) + min(lngs)) / 2,
        latitude=lat_mid - (0.1 * (max(lats) - min(lats)) if pitch else 0),
        zoom=zoom,
        pitch=pitch,
        bearing=0,
    )


def grid_map(
    grids: pd.DataFrame,
    *,
    value_column: str,
    value_label: str,
    streets: pd.DataFrame | None = None,
    points: pd.DataFrame | None = None,
    columns: pd.DataFrame | None = None,
    column_value: str = "events_7d",
    height: int = 560,
    width_px: int = 900,
    dark: bool = True,
    pitch: float = 0.0,
    reverse: bool = False,
    key: str | None = None,
    labels: bool = True,
    interactive: bool = True,
) -> tuple[float, float]:
    """grids: rows with polygon, grid_name, street_name, community_name and `value_column`.
    columns: rows with centroid_lng/lat drawn as 3D columns of height `column_value` (the 20
    highest, on a square-root scale so the twentieth still reads beside the first).
    points: rows with lng/lat (and optional label) drawn as dots. reverse: low values are bad.
    labels: street names at the streets' label points. Returns the colour scale's (low, high) for
    its legend (legend_html)."""
    data = grids.copy()
    values = pd.to_numeric(data[value_column], errors="coerce")
    # a count spans 0 to its 98th percentile; a rate (reverse) the middle 90% of grids, so the few
    # worst and best do not flatten the rest
    if not values.notna().any():
        low, top = 0.0, 1.0
    elif reverse:
        low, top = values.quantile(0.05), values.quantile(0.95)
    else:
        low, top = 0.0, values.quantile(0.98)
    span = (top - low) or 1.0
    shares = ((values - low) / span).clip(0, 1)
    data["fill"] = [ramp_color(1 - s if reverse and s == s else s) for s in shares]
    data["value_text"] = [
        "—" if v != v else (f"{v * 100:.1f}%" if value_column.endswith("_rate_30d") else f"{v:,.0f}")
        for v in values
    ]
    line = [90, 170, 230, 160] if dark else [120, 130, 150, 200]
    layers = [
        pdk.Layer(
            "PolygonLayer",
            data=data[["polygon", "fill", "grid_name", "street_name", "community_name", "value_text"]],
            get_polygon="polygon",
            get_fill_color="fill",
            get_line_color=line,
            line_width_min_pixels=0.5,
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
        )
    ]
    if streets is not None and not streets.empty:
        paths = [
            {"path": ring, "street_name": row.street_name}
            for row in streets.itertuples()
            for ring in row.paths
        ]
        layers.append(
            pdk.Layer(
                "PathLayer",
                data=paths,
                get_path="path",
                get_color=[255, 255, 255, 230] if dark else [30, 40, 60, 230],
                width_min_pixels=2,
                pickable=False,
            )
        )
    if columns is not None and not columns.empty:
        columns = columns.nlargest(20, column_value)
        peak = max(float(columns[column_value].max() or 1), 1.0)
        shares = (pd.to_numeric(columns[column_value], errors="coerce").fillna(0) / peak).clip(0, 1)
        layers.append(
            pdk.Layer(
                "ColumnLayer",
                data=columns[
                    ["centroid_lng", "centroid_lat", column_value, "grid_name", "street_name"]
                ].assign(
                    value_text=columns[column_value].map(lambda v: f"{v:,.0f}"),
                    elevation=(0.25 + 0.75 * shares**0.5) * 900.0,
                ),
                get_position=["centroid_lng", "centroid_lat"],
                get_elevation="elevation",
                elevation_scale=1.0,
                radius=55,
                get_fill_color=[255, 84, 112, 235],
                extruded=True,
                pickable=True,
            )
        )
    if points is not None and not points.empty:
        layers.append(
            pdk.Layer(
                "ScatterplotLayer",
                data=points[["lng", "lat"]].dropna(),
                get_position=["lng", "lat"],
                get_radius=45,
                radius_min_pixels=3,
                get_fill_color=[255, 255, 255, 230],
                get_line_color=[53, 208, 255, 255],
                stroked=True,
                line_width_min_pixels=1,
            )
        )
    if labels and streets is not None and not streets.empty and "label_lng" in streets.columns:
        named = streets[["label_lng", "label_lat", "street_name"]].dropna()
        layers.append(
            pdk.Layer(
                "TextLayer",
                data=named,
                get_position=["label_lng", "label_lat"],
                get_text="street_name",
                get_size=17,
                get_color=[255, 255, 255, 245] if dark else [20, 30, 50, 245],
                # pydeck turns an unquoted string into an accessor: quoting keeps these plain strings.
                # The glyphs for deck.gl's atlas: exactly the names' characters.
                character_set='"' + "".join(sorted(set("".join(named["street_name"])) - {'"'})) + '"',
                font_family="'" + LABEL_FONT + "'",
                background=True,
                get_background_color=[4, 18, 43, 200] if dark else [255, 255, 255, 220],
                background_padding=[4, 2],
                pickable=False,
                # drawn over the tilted polygons and columns, never half inside them
                parameters={"depthCompare": "always", "depthWriteEnabled": False},
            )
        )
    # (no deck-wide face culling: it would cull the text layer's quads)
    deck = pdk.Deck(
        layers=layers,
        # a kiosk's map stays where it was framed: no mouse, no drift from a stray touch
        views=[pdk.View(type="MapView", controller=interactive)],
        initial_view_state=fit_view(data, width_px, height, pitch),
        map_style=STYLE_DARK if dark else STYLE_LIGHT,
        tooltip={
            "html": "<b>{grid_name}</b><br/>{street_name} {community_name}<br/>"
            + value_label
            + ": {value_text}",
            "style": {"backgroundColor": "#0c2142", "color": "#dbe8ff", "fontSize": "13px"},
        },
    )
    st.pydeck_chart(deck, height=height, key=key)
    return float(low), float(top)


def legend_html(label: str, low: float, high: float, reverse: bool, percent: bool) -> str:
    """The colour scale of the map's current colouring: what is measured, the ramp, its ends."""
    from html import escape

    stops = [f"rgb({r},{g},{b})" for r, g, b in (_RAMP[::-1] if reverse else _RAMP)]

    def fmt(v: float) -> str:
        return f"{v * 100:.0f}%" if percent else f"{v:,.0f}"

    return (
        f'<div class="legend" data-testid="wall-map-legend"><span>{escape(label)}</span>'
        f"<span>{escape(fmt(low))}</span>"
        f'<span class="bar" style="background:linear-gradient(90deg,{",".join(stops)})"></span>'
        f"<span>{escape(fmt(high))}{'+' if not percent else ''}</span></div>"
    )
