"""The wall screen's frame and HTML panels: a fixed 1920×1080 design canvas scaled to any
screen, dark theme, header with the clock and "data as of", KPI strip, ranking, alerts, ticker.

Panels are plain HTML (no scripts) so they render identically at every scale and never scroll:
each shows as many rows as fit its fixed height.
"""

from __future__ import annotations

from html import escape

import streamlit as st

CANVAS_WIDTH = 1920
CANVAS_HEIGHT = 1080

COLORS = {
    "background": "#06122b",
    "panel": "rgba(12, 33, 66, 0.85)",
    "border": "#1d4f8f",
    "text": "#dbe8ff",
    "muted": "#8aa4c8",
    "accent": "#35d0ff",
    "good": "#36d399",
    "warn": "#ffb020",
    "bad": "#ff5470",
}

# YipingSans is the self-hosted subset (app/fonts/build.py); the rest are fallbacks.
FONT = '"YipingSans", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif'

_CSS = f"""
<style>
:root {{ --wall-scale: 1; --wall-x: 0px; --wall-y: 0px; }}
html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
  overflow: hidden !important; background: {COLORS["background"]} !important; color: {COLORS["text"]};
}}
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stBottom"], footer {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{
  position: fixed !important; margin: 0 !important;
  width: {CANVAS_WIDTH}px !important; max-width: none !important; min-width: {CANVAS_WIDTH}px !important;
  height: {CANVAS_HEIGHT}px !important; overflow: hidden !important;
  padding: 10px 16px !important; box-sizing: border-box;
  zoom: var(--wall-scale);
  left: calc(var(--wall-x) / var(--wall-scale)); top: calc(var(--wall-y) / var(--wall-scale));
  background: radial-gradient(ellipse at 50% 0%, #0d2a5c 0%, {COLORS["background"]} 70%);
  font-family: {FONT};
}}
[data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: 8px !important; }}
[data-testid="stMainBlockContainer"] [data-testid="stHorizontalBlock"] {{ gap: 10px !important; }}
[data-testid="stElementContainer"], [data-stale="true"] {{ opacity: 1 !important; transition: none !important; }}
/* panels are st.markdown blocks: undo markdown's own margins, table borders and list indents */
[data-testid="stMainBlockContainer"] [data-testid="stMarkdown"],
[data-testid="stMainBlockContainer"] [data-testid="stMarkdownContainer"] {{ margin: 0 !important; }}
.wall-panel table, .wall-panel th, .wall-panel td {{ border-left: none !important; border-right: none !important;
  border-top: none !important; background: transparent !important; }}
.wall-panel table {{ margin: 0 !important; display: table !important; }}
.wall-panel ul.wall-list {{ padding-left: 0 !important; margin: 0 !important; }}
.wall-panel ul.wall-list li {{ margin: 0 !important; }}
.wall-panel ul.wall-list li::marker {{ content: none; }}
.wall-panel {{
  background: {COLORS["panel"]}; border: 1px solid {COLORS["border"]}; border-radius: 6px;
  box-shadow: inset 0 0 18px rgba(53, 208, 255, 0.08); padding: 8px 12px; overflow: hidden;
  color: {COLORS["text"]}; font-family: {FONT}; box-sizing: border-box;
}}
.wall-title {{ color: {COLORS["accent"]}; font-size: 17px; font-weight: 600; margin: 0 0 6px 0;
  letter-spacing: 1px; border-left: 3px solid {COLORS["accent"]}; padding-left: 8px; line-height: 20px; }}
.wall-header {{ display: flex; align-items: center; justify-content: space-between; height: 58px;
  border-bottom: 1px solid {COLORS["border"]}; font-family: {FONT}; color: {COLORS["text"]}; }}
.wall-header h1 {{ font-size: 34px; margin: 0; padding: 0; letter-spacing: 6px; color: #ffffff;
  white-space: nowrap; overflow: hidden; max-width: 760px;
  text-shadow: 0 0 12px rgba(53, 208, 255, 0.6); font-weight: 700; }}
.wall-header .side {{ width: 560px; font-size: 16px; color: {COLORS["muted"]}; }}
.wall-header .side.right {{ text-align: right; }}
.wall-header .asof {{ color: {COLORS["text"]}; font-size: 18px; }}
.wall-header .stale {{ color: {COLORS["warn"]}; }}
.kpi-strip {{ display: grid; grid-template-columns: repeat(7, 1fr); gap: 10px; height: 112px; }}
.kpi {{ background: {COLORS["panel"]}; border: 1px solid {COLORS["border"]}; border-radius: 6px;
  padding: 8px 14px; font-family: {FONT}; overflow: hidden; }}
.kpi .label {{ color: {COLORS["muted"]}; font-size: 17px; }}
.kpi .value {{ color: #ffffff; font-size: 40px; font-weight: 700; line-height: 50px;
  font-variant-numeric: tabular-nums; }}
.kpi .value.bad {{ color: {COLORS["bad"]}; }}
.kpi .delta {{ font-size: 15px; color: {COLORS["muted"]}; }}
.kpi .delta .up {{ color: {COLORS["good"]}; }} .kpi .delta .down {{ color: {COLORS["bad"]}; }}
.kpi .delta .up.inverse {{ color: {COLORS["bad"]}; }} .kpi .delta .down.inverse {{ color: {COLORS["good"]}; }}
table.wall-table {{ width: 100%; border-collapse: collapse; font-size: 15px; color: {COLORS["text"]};
  font-variant-numeric: tabular-nums; }}
table.wall-table th {{ color: {COLORS["muted"]}; font-weight: 400; text-align: right; padding: 2px 4px;
  border-bottom: 1px solid {COLORS["border"]}; }}
table.wall-table td {{ text-align: right; padding: 1px 4px; height: 25px; border-bottom: 1px solid rgba(29, 79, 143, 0.35);
  white-space: nowrap; }}
table.wall-table th:first-child, table.wall-table td:first-child,
table.wall-table th:nth-child(2), table.wall-table td:nth-child(2) {{ text-align: left; }}
.rank {{ display: inline-block; width: 22px; height: 22px; line-height: 22px; text-align: center;
  border-radius: 3px; background: #16386b; font-size: 13px; }}
.wall-table td .rank {{ height: 20px; line-height: 20px; }}
.rank.top {{ background: {COLORS["accent"]}; color: #04203c; font-weight: 700; }}
.grade {{ font-weight: 700; }} .grade.A {{ color: {COLORS["good"]}; }} .grade.D, .grade.E {{ color: {COLORS["bad"]}; }}
ul.wall-list {{ list-style: none; margin: 0; padding: 0; font-size: 15px; }}
ul.wall-list li {{ display: flex; gap: 8px; align-items: baseline; padding: 3px 0;
  border-bottom: 1px dashed rgba(29, 79, 143, 0.5); white-space: nowrap; overflow: hidden; }}
ul.wall-list .time {{ color: {COLORS["muted"]}; font-variant-numeric: tabular-nums; flex: none; }}
ul.wall-list .tag {{ flex: none; font-size: 12px; padding: 0 5px; border-radius: 3px; background: #16386b; }}
ul.wall-list .tag.bad {{ background: #5a1830; color: #ffc2cf; }} ul.wall-list .tag.warn {{ background: #5a4310; color: #ffe2a3; }}
ul.wall-list .text {{ overflow: hidden; text-overflow: ellipsis; }}
.split {{ display: flex; height: 26px; border-radius: 4px; overflow: hidden; font-size: 14px; }}
.split div {{ display: flex; align-items: center; justify-content: center; color: #04203c; font-weight: 600;
  white-space: nowrap; overflow: hidden; }}
</style>
"""

# Scales the canvas to the window (letterboxed, centred) and keeps the header clock ticking —
# in the browser, so neither costs the server anything. CSS zoom, not transform: charts and the
# map measure their boxes, and under a transform they would measure the scaled size.
_SCRIPT = f"""
<script>
(function () {{
  const doc = window.frameElement ? window.parent.document : document;
  const win = doc.defaultView;
  if (win.__yipingWall) return;
  win.__yipingWall = true;
  function fit() {{
    // A kiosk fills the window; at a laptop the canvas fits the main area beside the sidebar.
    let x0 = 0, y0 = 0, w = win.innerWidth, h = win.innerHeight;
    const main = doc.querySelector('[data-testid="stMain"]');
    if (!doc.documentElement.classList.contains('wall-kiosk') && main) {{
      const r = main.getBoundingClientRect();
      x0 = r.left; y0 = r.top; w = r.width; h = r.height;
    }}
    const s = Math.min(w / {CANVAS_WIDTH}, h / {CANVAS_HEIGHT});
    const root = doc.documentElement.style;
    root.setProperty('--wall-scale', s);
    root.setProperty('--wall-x', (x0 + (w - {CANVAS_WIDTH} * s) / 2) + 'px');
    root.setProperty('--wall-y', (y0 + (h - {CANVAS_HEIGHT} * s) / 2) + 'px');
  }}
  function tick() {{
    const el = doc.getElementById('wall-clock');
    if (el) {{
      const d = new Date(), p = n => String(n).padStart(2, '0');
      el.textContent = d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()) + ' ' +
        p(d.getHours()) + ':' + p(d.getMinutes()) + ':' + p(d.getSeconds());
    }}
  }}
  win.addEventListener('resize', fit);
  const main = doc.querySelector('[data-testid="stMain"]');
  if (main && win.ResizeObserver) new win.ResizeObserver(fit).observe(main);
  fit(); tick();
  win.setInterval(tick, 1000);
  win.setInterval(fit, 5000);
}})();
</script>
"""


_KIOSK_CSS = """
<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] { display: none !important; }
</style>
<script>(window.frameElement ? window.parent.document : document).documentElement.classList.add('wall-kiosk');</script>
"""


def canvas(kiosk: bool) -> None:
    """Turn the page into the wall canvas (call once, first thing on the wall page). A kiosk (wall
    token) fills the whole window; a signed-in user keeps the sidebar to navigate away."""
    st.html(_CSS + (_KIOSK_CSS if kiosk else "") + _SCRIPT, unsafe_allow_javascript=True)


def header(title: str, subtitle: str, as_of_label: str, built_label: str, stale: bool) -> None:
    asof_class = "asof stale" if stale else "asof"
    spacing = "" if not title.isascii() else ' style="letter-spacing:1px;font-size:30px"'
    st.html(
        f"""<div class="wall-header" data-testid="wall-header">
  <div class="side"><span id="wall-clock"></span><br>{escape(subtitle)}</div>
  <h1{spacing}>{escape(title)}</h1>
  <div class="side right"><span class="{asof_class}" data-testid="wall-as-of">{escape(as_of_label)}</span>
  <br>{escape(built_label)}</div>
</div>"""
    )


def kpi_strip(cards: list[dict]) -> None:
    """cards: label, value, delta_text, direction ('up'/'down'/'flat'/'none'), delta_label,
    inverse (True when up is bad, e.g. overdue), alarm (value in red)."""
    parts = []
    for card in cards:
        arrow = {"up": "▲", "down": "▼", "flat": "■"}.get(card.get("direction", "none"), "")
        cls = card.get("direction", "none") + (" inverse" if card.get("inverse") else "")
        value_cls = "value bad" if card.get("alarm") else "value"
        parts.append(
            f"""<div class="kpi"><div class="label">{escape(card["label"])}</div>
<div class="{value_cls}">{escape(card["value"])}</div>
<div class="delta">{escape(card.get("delta_label", ""))} <span class="{cls}">{arrow} {escape(card.get("delta_text", ""))}</span></div></div>"""
        )
    st.html(f'<div class="kpi-strip" data-testid="wall-kpis">{"".join(parts)}</div>')


def panel(title: str, body_html: str, height: int, testid: str = "") -> None:
    """A titled panel of fixed height whose HTML body is clipped, never scrolled. Drawn with
    st.markdown (raw HTML allowed) because st.html would strip inline SVG charts."""
    st.markdown(
        f'<div class="wall-panel" style="height:{height}px" data-testid="{escape(testid)}">'
        f'<div class="wall-title">{escape(title)}</div>{body_html}</div>',
        unsafe_allow_html=True,
    )


def panel_title(title: str) -> None:
    st.html(f'<div class="wall-title" style="margin:2px 0 0 0">{escape(title)}</div>')


def table_html(headers: list[str], rows: list[list[str]]) -> str:
    """Cells are pre-escaped HTML (callers escape text and may add spans)."""
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="wall-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def list_html(items: list[tuple[str, str, str, str]]) -> str:
    """items: (time, tag, tag_class, text) — text is escaped here."""
    lis = "".join(
        f'<li><span class="time">{escape(time)}</span><span class="tag {escape(cls)}">{escape(tag)}</span>'
        f'<span class="text">{escape(text)}</span></li>'
        for time, tag, cls, text in items
    )
    return f'<ul class="wall-list">{lis}</ul>'


def split_bar(parts: list[tuple[str, float, str]]) -> str:
    """A 100% bar: (label, share 0–1, colour)."""
    cells = "".join(
        f'<div style="width:{share * 100:.1f}%;background:{color}">{escape(label)} {share * 100:.0f}%</div>'
        for label, share, color in parts
        if share > 0
    )
    return f'<div class="split">{cells}</div>'
