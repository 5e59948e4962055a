"""The wall screen's frame and HTML panels: a design canvas 1080 px high and as wide as the wall's
shape (16:9, 32:9, 48:9 — LAYOUTS), scaled to the screen; dark theme, header with the clock and
"data as of", KPI strip, ranking, alerts, ticker.

Panels are plain HTML (no scripts) so they render identically at every scale and never scroll:
each shows as many rows as fit its fixed height.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

import streamlit as st

CANVAS_WIDTH = 1920  # the 16:9 design; wider walls get wider canvases (LAYOUTS)
CANVAS_HEIGHT = 1080
PADDING_X = 16
COLUMN_GAP = 10


@dataclass(frozen=True)
class Layout:
    """A wall shape: the canvas width at 1080 px high, and its columns — (share of the width,
    panels as (name, height in px)). Every column fills the 854 px under the KPI strip."""

    name: str
    width: int
    columns: tuple[tuple[int, tuple[tuple[str, int], ...]], ...]

    def column_widths(self) -> list[int]:
        """Each column's width in canvas pixels (what charts and the map are drawn to)."""
        inner = self.width - 2 * PADDING_X - COLUMN_GAP * (len(self.columns) - 1)
        total = sum(share for share, _ in self.columns)
        return [int(inner * share / total) for share, _ in self.columns]


# Native arrangements per wall shape — more panels and a larger map as the wall widens, never a
# scaled 16:9. The kiosk picks the one nearest its window's ratio (see _SCRIPT), a screen's
# `layout` in accounts.toml or ?layout= overrides. 4K walls use the same designs at twice the scale.
LAYOUTS = {
    "16x9": Layout(
        "16x9",
        1920,
        (
            (25, (("trend_daily", 270), ("trend_monthly", 270), ("categories", 298))),
            (50, (("map_view", 846),)),
            (25, (("ranking", 392), ("alerts", 242), ("ticker", 204))),
        ),
    ),
    "32x9": Layout(
        "32x9",
        3840,
        (
            (17, (("trend_daily", 270), ("trend_monthly", 270), ("categories", 298))),
            (38, (("map_view", 846),)),
            (22, (("ranking", 392), ("alerts_overdue", 446))),
            (23, (("alerts_urgent", 280), ("alerts_risk", 270), ("ticker", 272))),
        ),
    ),
    "48x9": Layout(
        "48x9",
        5760,
        (
            (15, (("trend_daily", 415), ("trend_monthly", 423))),
            (15, (("categories", 500), ("sources", 338))),
            (32, (("map_view", 846),)),
            (14, (("ranking", 392), ("alerts_risk", 446))),
            (12, (("alerts_overdue", 846),)),
            (12, (("alerts_urgent", 280), ("ticker", 558))),
        ),
    ),
}
# width / height of each design: the kiosk switches at the geometric mean between neighbours
LAYOUT_RATIOS = {name: layout.width / CANVAS_HEIGHT for name, layout in LAYOUTS.items()}

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
:root {{ --wall-scale: 1; --wall-x: 0px; --wall-y: 0px; --wall-w: {CANVAS_WIDTH}px; }}
html, body, [data-testid="stApp"], [data-testid="stAppViewContainer"], [data-testid="stMain"] {{
  overflow: hidden !important; background: {COLORS["background"]} !important; color: {COLORS["text"]};
}}
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stBottom"], footer {{ display: none !important; }}
[data-testid="stMainBlockContainer"] {{
  position: fixed !important; margin: 0 !important;
  width: var(--wall-w) !important; max-width: none !important; min-width: var(--wall-w) !important;
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
.wall-header .centre {{ text-align: center; }}
.stale-banner {{ color: #1a1200; background: {COLORS["warn"]}; font-size: 18px; font-weight: 700; border-radius: 4px;
  padding: 0 14px; margin-top: 2px; line-height: 24px; display: inline-block; }}
.wall-header:has(.stale-banner) h1 {{ font-size: 26px; line-height: 30px; }}
ul.wall-list li.urgent .text {{ color: #ffc2cf; font-weight: 600; }}
ul.wall-list li.urgent.new {{ animation: wallpulse 1.2s ease-in-out 50; border-radius: 3px; }}
@keyframes wallpulse {{ 0%, 100% {{ background: transparent; }} 50% {{ background: rgba(255, 84, 112, 0.35); }} }}
.legend {{ display: flex; align-items: center; gap: 6px; font-size: 14px; color: {COLORS["muted"]}; }}
.legend .bar {{ width: 160px; height: 10px; border-radius: 2px; }}
.wall-head-row {{ display: flex; justify-content: space-between; align-items: center; }}
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

# Scales the canvas to the window (letterboxed, centred), picks the wall's layout from its shape,
# keeps the header clock ticking in the district's time zone, and — on a kiosk — lands any path on
# the wall and covers a lost server connection with a Chinese overlay, reloading once the server
# answers again: all in the browser, so none of it costs the server anything. CSS zoom, not
# transform: charts and the map measure their boxes, and under a transform they would measure the
# scaled size. Filled in by canvas(): WIDTH, ZONE, AUTO (choose the layout), LAYOUT, RATIOS, TEXTS.
_SCRIPT = """
<script>
(function () {
  const doc = window.frameElement ? window.parent.document : document;
  const win = doc.defaultView;
  const cfg = __CONFIG__;
  doc.documentElement.style.setProperty('--wall-w', cfg.width + 'px');
  win.__yipingWallWidth = cfg.width;
  const kiosk = doc.documentElement.classList.contains('wall-kiosk');
  if (kiosk) {
    // any path under a wall link lands on the wall (no "page not found" box on an unattended screen)
    const parts = win.location.pathname.split('/');
    const last = parts[parts.length - 1];
    if (last !== '' && last !== 'wall') {
      parts[parts.length - 1] = '';
      win.location.replace(parts.join('/') + win.location.search);
      return;
    }
    if (cfg.auto) {
      // the design nearest the window's shape, switching at the geometric mean of two neighbours
      const ratio = win.innerWidth / win.innerHeight;
      const names = Object.keys(cfg.ratios).sort((a, b) => cfg.ratios[a] - cfg.ratios[b]);
      let want = names[0];
      // (no less-than sign anywhere in this script: Streamlit's HTML sanitiser would cut it there)
      names.slice(1).forEach((name, i) => {
        if (ratio > Math.sqrt(cfg.ratios[names[i]] * cfg.ratios[name])) want = name;
      });
      if (want !== cfg.layout) {
        const url = new URL(win.location.href);
        url.searchParams.set('layout', want);
        win.location.replace(url.toString());
        return;
      }
    }
  }
  if (win.__yipingWall) return;
  win.__yipingWall = true;
  function fit() {
    // A kiosk fills the window; at a laptop the canvas fits the main area beside the sidebar.
    let x0 = 0, y0 = 0, w = win.innerWidth, h = win.innerHeight;
    const main = doc.querySelector('[data-testid="stMain"]');
    if (!doc.documentElement.classList.contains('wall-kiosk') && main) {
      const r = main.getBoundingClientRect();
      x0 = r.left; y0 = r.top; w = r.width; h = r.height;
    }
    const cw = win.__yipingWallWidth, ch = __HEIGHT__;
    const s = Math.min(w / cw, h / ch);
    const root = doc.documentElement.style;
    root.setProperty('--wall-scale', s);
    root.setProperty('--wall-x', (x0 + (w - cw * s) / 2) + 'px');
    root.setProperty('--wall-y', (y0 + (h - ch * s) / 2) + 'px');
  }
  const clock = new Intl.DateTimeFormat('sv-SE', {timeZone: cfg.zone, year: 'numeric', month: '2-digit',
    day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false});
  function tick() {
    const el = doc.getElementById('wall-clock');
    if (el) el.textContent = clock.format(new Date());
  }
  // Lost server: after two failed health checks an overlay in the wall's language says so (the
  // last picture stays underneath); when the server answers again the page reloads itself.
  let failures = 0, lost = false;
  function overlay(show) {
    let el = doc.getElementById('wall-reconnect');
    if (!el && show) {
      el = doc.createElement('div');
      el.id = 'wall-reconnect';
      el.setAttribute('data-testid', 'wall-reconnect');
      const box = doc.createElement('div');
      box.className = 'box';
      for (const [cls, text] of [['spin', ''], ['t1', cfg.texts.title], ['t2', cfg.texts.detail]]) {
        const part = doc.createElement('div');
        part.className = cls;
        part.textContent = text;
        box.appendChild(part);
      }
      el.appendChild(box);
      doc.body.appendChild(el);
    }
    if (el) el.style.display = show ? 'flex' : 'none';
  }
  function health() {
    const base = win.location.pathname.replace(/[^/]*$/, '');
    win.fetch(base + '_stcore/health', {cache: 'no-store'}).then(r => {
      if (!r.ok) throw new Error(String(r.status));
      failures = 0;
      if (lost) { win.location.reload(); }
    }).catch(() => {
      failures += 1;
      if (failures >= 2) { lost = true; overlay(true); }
    });
  }
  win.addEventListener('resize', fit);
  const main = doc.querySelector('[data-testid="stMain"]');
  if (main && win.ResizeObserver) new win.ResizeObserver(fit).observe(main);
  fit(); tick();
  win.setInterval(tick, 1000);
  win.setInterval(fit, 5000);
  if (kiosk) win.setInterval(health, 5000);
})();
</script>
"""


_KIOSK_CSS = f"""
<style>
[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"] {{ display: none !important; }}
/* no developer dialog on an unattended wall: Streamlit's own connection and page-not-found boxes
   are hidden; the wall's overlay (_SCRIPT) says what happens in the wall's language */
[role="dialog"], [data-baseweb="modal"], [data-testid="stConnectionStatus"] {{ display: none !important; }}
/* no zoom buttons or map controls on a kiosk: nobody is there to press them */
[data-testid="stDeckGlJsonChart"] button, .maplibregl-ctrl, .mapboxgl-ctrl {{ display: none !important; }}
#wall-reconnect {{ position: fixed; inset: 0; z-index: 100000; display: none; align-items: center;
  justify-content: center; background: rgba(4, 12, 30, 0.72); font-family: {FONT}; }}
#wall-reconnect .box {{ background: {COLORS["panel"]}; border: 1px solid {COLORS["warn"]}; border-radius: 8px;
  padding: 2.2vh 3vh; text-align: center; color: {COLORS["text"]}; }}
#wall-reconnect .t1 {{ font-size: 3.4vh; color: {COLORS["warn"]}; margin-top: 1vh; }}
#wall-reconnect .t2 {{ font-size: 2vh; color: {COLORS["muted"]}; margin-top: .6vh; }}
#wall-reconnect .spin {{ width: 4vh; height: 4vh; margin: 0 auto; border-radius: 50%;
  border: .5vh solid {COLORS["border"]}; border-top-color: {COLORS["warn"]}; animation: wallspin 1s linear infinite; }}
@keyframes wallspin {{ to {{ transform: rotate(360deg); }} }}
</style>
<script>(window.frameElement ? window.parent.document : document).documentElement.classList.add('wall-kiosk');</script>
"""


def canvas(kiosk: bool, layout: Layout, auto: bool, zone: str, texts: dict[str, str]) -> None:
    """Turn the page into the wall canvas (call once, first thing on the wall page). A kiosk (wall
    token) fills the whole window and, when `auto`, switches to the layout its shape needs; a
    signed-in user keeps the sidebar to navigate away."""
    config = {
        "width": layout.width,
        "layout": layout.name,
        "auto": auto,
        "ratios": LAYOUT_RATIOS,
        "zone": zone,
        "texts": texts,
    }
    script = _SCRIPT.replace("__CONFIG__", json.dumps(config, ensure_ascii=False)).replace(
        "__HEIGHT__", str(CANVAS_HEIGHT)
    )
    st.html(_CSS + (_KIOSK_CSS if kiosk else "") + script, unsafe_allow_javascript=True)


def header(title: str, subtitle: str, as_of_label: str, built_label: str, stale_text: str | None) -> None:
    """The title bar. stale_text (how old the data is) turns the as-of amber and shows a banner
    under the title: a wall must not look live when its data stopped."""
    asof_class = "asof stale" if stale_text else "asof"
    spacing = "" if not title.isascii() else ' style="letter-spacing:1px;font-size:30px"'
    banner = (
        f'<div class="stale-banner" data-testid="wall-stale">⚠ {escape(stale_text)}</div>'
        if stale_text
        else ""
    )
    st.html(
        f"""<div class="wall-header" data-testid="wall-header">
  <div class="side"><span id="wall-clock"></span><br>{escape(subtitle)}</div>
  <div class="centre"><h1{spacing}>{escape(title)}</h1>{banner}</div>
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


def list_html(items: list[tuple], rows: int | None = None) -> str:
    """items: (time, tag, tag_class, text[, row_class]) — text is escaped here. row_class "urgent"
    marks a row red, "urgent new" also makes it pulse for a minute (an arrival). `rows` caps the list
    to what its panel's height holds."""
    lis = "".join(
        f'<li class="{escape(item[4] if len(item) > 4 else "")}"><span class="time">{escape(item[0])}</span>'
        f'<span class="tag {escape(item[2])}">{escape(item[1])}</span><span class="text">{escape(item[3])}</span></li>'
        for item in (items if rows is None else items[:rows])
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
