"""Wall charts as inline SVG with a viewBox: drawn on the server, no script, crisp at any scale.

The wall canvas is zoomed to fit the screen; plotly measures its zoomed box and lays itself out
at the wrong size, so the wall draws its own small set of charts here. Each function returns an
SVG string sized to the panel it is given (width × height in canvas pixels)."""

from __future__ import annotations

from html import escape

import pandas as pd

from app.components.wall import COLORS, FONT

GRID = "rgba(90, 140, 200, 0.22)"
_FONT = escape(FONT, quote=True)


def _svg(width: int, height: int, body: str, testid: str) -> str:
    """Inline SVG (the panel is drawn with st.markdown, which keeps it; st.html would strip it).
    Inline, its text uses the page's self-hosted CJK font, and vectors stay sharp at any zoom."""
    return (
        f'<svg data-testid="{testid}" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'xmlns="http://www.w3.org/2000/svg" style="display:block;font-family:{_FONT}">{body}</svg>'
    )


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _text(x, y, text, size=13, color=None, anchor="start", weight=400) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" fill="{color or COLORS["muted"]}" '
        f'text-anchor="{anchor}" font-weight="{weight}">{escape(str(text))}</text>'
    )


def _y_axis(top, bottom, left, right, ymax, ticks=4, fmt=lambda v: f"{v:,.0f}", side="left") -> str:
    parts = []
    for i in range(ticks + 1):
        v = ymax * i / ticks
        y = bottom - (bottom - top) * i / ticks
        if side == "left":
            parts.append(f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
            parts.append(_text(left - 6, y + 4, fmt(v), 12, anchor="end"))
        else:
            parts.append(_text(right + 6, y + 4, fmt(v), 12, anchor="start"))
    return "".join(parts)


def legend(items: list[tuple[str, str]], x: float, y: float, width: float) -> str:
    """A legend of (label, colour) pairs, each as wide as its label needs: one line when it fits,
    smaller type when that makes it fit, else wrapped onto further lines 15 px apart
    (`legend_lines` says how many, so a chart can make room)."""
    size, lines = _legend_layout(items, width)
    parts, offset, row = [], 0.0, 0
    for label, color in items:
        step = 18 + _text_width(label, size) + (14 if size == 13 else 8)
        if offset and offset + step - 8 > width and row < lines - 1:
            offset, row = 0.0, row + 1
        yy = y + 15 * row
        parts.append(f'<rect x="{x + offset:.1f}" y="{yy - 9}" width="14" height="4" fill="{color}"/>')
        parts.append(_text(x + offset + 18, yy - 3, label, size, COLORS["text"]))
        offset += step
    return "".join(parts)


def _legend_layout(items: list[tuple[str, str]], width: float) -> tuple[int, int]:
    """(type size, lines) for a legend in `width`."""
    for size in (13, 11):
        if sum(18 + _text_width(label, size) + (14 if size == 13 else 8) for label, _ in items) <= width:
            return size, 1
    lines, offset = 1, 0.0
    for label, _ in items:
        step = 18 + _text_width(label, 11) + 8
        if offset and offset + step - 8 > width:
            lines, offset = lines + 1, 0.0
        offset += step
    return 11, lines


def legend_lines(items: list[tuple[str, str]], width: float) -> int:
    return _legend_layout(items, width)[1]


def _text_width(text: str, size: int) -> float:
    """Rough rendered width: CJK glyphs are square, Latin ones about half as wide."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.58 for ch in str(text))


def line_chart(
    frame: pd.DataFrame,
    x: str,
    series: str,
    y: str,
    colors: dict[str, str],
    names: dict[str, str],
    width: int,
    height: int,
    testid: str = "svg-lines",
) -> str:
    """One line per `series` value over the dates in `x`."""
    left, right, top, bottom = 40, width - 8, 30, height - 22
    days = sorted(frame[x].unique())
    if not days:
        return _svg(width, height, "", testid)
    present = [s for s in colors if s in set(frame[series])]
    keys = [(names.get(s, s), colors[s]) for s in present]
    top += 15 * (legend_lines(keys, right - left) - 1)  # room for a wrapped legend
    ymax = _nice_max(float(frame[y].max() or 0))
    span = max(len(days) - 1, 1)
    xpos = {d: left + (right - left) * i / span for i, d in enumerate(days)}
    parts = [_y_axis(top, bottom, left, right, ymax)]
    for i, d in enumerate(days):
        if i % max(len(days) // 6, 1) == 0:
            parts.append(_text(xpos[d], height - 5, pd.Timestamp(d).strftime("%m-%d"), 12, anchor="middle"))
    for s in present:
        part = frame[frame[series] == s].sort_values(x)
        points = " ".join(
            f"{xpos[d]:.1f},{bottom - (bottom - top) * float(v) / ymax:.1f}"
            for d, v in zip(part[x], part[y], strict=True)
        )
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colors[s]}" stroke-width="2"/>')
    parts.append(legend(keys, left, 14, right - left))
    return _svg(width, height, "".join(parts), testid)


def bar_line_chart(
    frame: pd.DataFrame,
    x: str,
    bars: str,
    rate: str,
    labels: dict[str, str],
    width: int,
    height: int,
    testid: str = "svg-bar-line",
) -> str:
    """Monthly bars (left axis) and a rate line in % (right axis). A month still running (column
    is_partial) is drawn as an outline: it is to date, not a fall."""
    left, right, top, bottom = 40, width - 40, 30, height - 22
    n = len(frame)
    if n == 0:
        return _svg(width, height, "", testid)
    ymax = _nice_max(float(frame[bars].max() or 0))
    slot = (right - left) / n
    parts = [
        _y_axis(
            top,
            bottom,
            left,
            right,
            ymax,
            fmt=lambda v: (f"{v / 1000:.0f}k" if v else "0") if ymax >= 5000 else f"{v:,.0f}",
        )
    ]
    rates = [float(r) if pd.notna(r) else None for r in frame[rate]]
    parts.append(_y_axis(top, bottom, left, right, 100, fmt=lambda v: f"{v:.0f}%", side="right"))
    points = []
    for i, row in enumerate(frame.itertuples()):
        value = float(getattr(row, bars) or 0)
        h = (bottom - top) * value / ymax
        cx = left + slot * (i + 0.5)
        partial = bool(getattr(row, "is_partial", False))
        style = (
            'fill="rgba(53, 208, 255, 0.18)" stroke="rgba(53, 208, 255, 0.9)" stroke-dasharray="4 3"'
            if partial
            else 'fill="rgba(53, 208, 255, 0.65)"'
        )
        parts.append(
            f'<rect x="{cx - slot * 0.32:.1f}" y="{bottom - h:.1f}" width="{slot * 0.64:.1f}" height="{h:.1f}" '
            f"{style}/>"
        )
        if (n - 1 - i) % 2 == 0:  # every other month, counted back from the latest (always labelled)
            parts.append(
                _text(cx, height - 5, pd.Timestamp(getattr(row, x)).strftime("%y-%m"), 12, anchor="middle")
            )
        if rates[i] is not None:
            points.append(f"{cx:.1f},{bottom - (bottom - top) * rates[i]:.1f}")
    parts.append(f'<polyline points="{" ".join(points)}" fill="none" stroke="#ffd65a" stroke-width="2"/>')
    parts += [
        f'<circle cx="{p.split(",")[0]}" cy="{p.split(",")[1]}" r="2.5" fill="#ffd65a"/>' for p in points
    ]
    parts.append(
        legend(
            [(labels["registered"], "rgba(53, 208, 255, 0.8)"), (labels["closure_rate"], "#ffd65a")],
            left,
            14,
            (right - left) * 0.7,
        )
    )
    return _svg(width, height, "".join(parts), testid)


def hbar_chart(
    names: list[str],
    values: list[float],
    previous: list[float],
    width: int,
    height: int,
    testid: str = "svg-hbars",
    fmt=lambda v: f"{v:,.0f}",
    higher_is_better: bool = False,
    change_in_points: bool = False,
) -> str:
    """Horizontal bars, largest first, with the change vs the previous period — red when it moves
    the bad way (more events; a lower rate when higher_is_better), as on the KPI strip."""
    n = len(names)
    if n == 0:
        return _svg(width, height, "", testid)
    label_w = min(max(_text_width(n, 14) for n in names) + 14, width * 0.4)
    right = width - 86
    row = height / n
    vmax = max(max(values), 1)
    parts = []
    for i, (name, value, prev) in enumerate(zip(names, values, previous, strict=True)):
        y = i * row
        w = (right - label_w) * value / vmax
        if prev is None:
            change = None
        elif change_in_points:
            change = (value - prev) * 100
        else:
            change = (value - prev) / prev * 100 if prev else 0
        unit = "pp" if change_in_points else "%"
        parts.append(_text(label_w - 8, y + row * 0.62, name, 14, COLORS["text"], anchor="end"))
        parts.append(
            f'<rect x="{label_w}" y="{y + row * 0.18:.1f}" width="{w:.1f}" height="{row * 0.64:.1f}" rx="2" '
            f'fill="rgba(53, 208, 255, 0.75)"/>'
        )
        parts.append(_text(label_w + w + 6, y + row * 0.62, fmt(value), 13, COLORS["text"]))
        if change is not None:
            color = COLORS["bad"] if (change > 0) != higher_is_better else COLORS["good"]
            arrow = "▲" if change > 0 else "▼"
            parts.append(
                _text(width - 4, y + row * 0.62, f"{arrow}{abs(change):.0f}{unit}", 13, color, "end")
            )
    return _svg(width, height, "".join(parts), testid)


def sankey_chart(
    flow: pd.DataFrame,
    stages: list[str],
    order: list[list[str]],
    colors: dict[str, str],
    labels: dict[str, str],
    width: int,
    height: int,
    testid: str = "svg-sankey",
) -> str:
    """A three-stage Sankey (e.g. source → handle_level → outcome) from a frame with one column per
    stage and `event_count`. order: node keys per stage, top to bottom."""
    total = float(flow["event_count"].sum()) or 1.0
    node_w, gap = 12, 8
    left_room = max(_text_width(f"{labels.get(k, k)} 00%", 13) for k in order[0]) + 12
    right_room = max(_text_width(f"{labels.get(k, k)} 00%", 13) for k in order[-1]) + 10
    xs = [left_room, (width - node_w) / 2, width - node_w - right_room]
    positions: dict[tuple[int, str], tuple[float, float]] = {}
    parts = []
    for stage, keys in enumerate(order):
        sums = flow.groupby(stages[stage])["event_count"].sum()
        keys = [k for k in keys if sums.get(k, 0) > 0]
        usable = height - gap * (len(keys) - 1)
        y = 0.0
        for key in keys:
            h = usable * float(sums[key]) / total
            positions[(stage, key)] = (y, h)
            parts.append(
                f'<rect x="{xs[stage]:.1f}" y="{y:.1f}" width="{node_w}" height="{max(h, 1):.1f}" fill="{colors[key]}"/>'
            )
            share = float(sums[key]) / total * 100
            text = f"{labels.get(key, key)} {share:.0f}%"
            if h < 11:  # too thin to label without overlapping its neighbour
                y += h + gap
                continue
            if stage == 0:
                parts.append(_text(xs[0] - 6, y + h / 2 + 5, text, 13, COLORS["text"], "end"))
            elif stage == len(order) - 1:
                parts.append(_text(xs[stage] + node_w + 6, y + h / 2 + 5, text, 13, COLORS["text"]))
            else:
                parts.append(_text(xs[stage] + node_w + 6, y + 14, text, 13, COLORS["text"]))
            y += h + gap
    links = []
    for stage in range(len(order) - 1):
        pairs = flow.groupby([stages[stage], stages[stage + 1]])["event_count"].sum()
        out_offset = {k: 0.0 for (s, k) in positions if s == stage}
        in_offset = {k: 0.0 for (s, k) in positions if s == stage + 1}
        for a in order[stage]:
            for b in order[stage + 1]:
                value = float(pairs.get((a, b), 0))
                if value <= 0 or (stage, a) not in positions or (stage + 1, b) not in positions:
                    continue
                ya, ha = positions[(stage, a)]
                yb, hb = positions[(stage + 1, b)]
                sa = ha * value / float(flow[flow[stages[stage]] == a]["event_count"].sum())
                sb = hb * value / float(flow[flow[stages[stage + 1]] == b]["event_count"].sum())
                y0, y1 = ya + out_offset[a], yb + in_offset[b]
                out_offset[a] += sa
                in_offset[b] += sb
                x0, x1 = xs[stage] + node_w, xs[stage + 1]
                mx = (x0 + x1) / 2
                color = colors[a] if stage == 0 else colors[b]
                links.append(
                    f'<path d="M{x0:.1f},{y0:.1f} C{mx:.1f},{y0:.1f} {mx:.1f},{y1:.1f} {x1:.1f},{y1:.1f} '
                    f'L{x1:.1f},{y1 + sb:.1f} C{mx:.1f},{y1 + sb:.1f} {mx:.1f},{y0 + sa:.1f} {x0:.1f},{y0 + sa:.1f} Z" '
                    f'fill="{color}" fill-opacity="0.32"/>'
                )
    return _svg(width, height, "".join(links) + "".join(parts), testid)
