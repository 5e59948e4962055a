"""Number and time formatting shared by every component (one place for '—', % and deltas)."""

from __future__ import annotations

import math
import re
from datetime import datetime

from app import clock


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "NaT"


def count(value) -> str:
    return "—" if is_missing(value) else f"{int(value):,}"


def pct(value, digits: int = 1) -> str:
    return "—" if is_missing(value) else f"{float(value) * 100:.{digits}f}%"


def delta(current, previous, kind: str = "count") -> tuple[str, str]:
    """Change vs the previous period as text and a direction ('up', 'down', 'flat', 'none').

    Counts change in percent of the previous value; rates in percentage points."""
    if is_missing(current) or is_missing(previous):
        return "—", "none"
    current, previous = float(current), float(previous)
    if kind == "rate":
        diff = (current - previous) * 100
        text = f"{diff:+.1f}pp"
    else:
        if previous == 0:
            return ("—", "none") if current == 0 else ("new", "up")
        diff = (current - previous) / previous * 100
        text = f"{diff:+.1f}%"
    direction = "flat" if abs(diff) < 0.05 else ("up" if diff > 0 else "down")
    return text, direction


def local_from_utc(value) -> datetime | None:
    """dbt's run_started_at is UTC; shown in the district's time zone (app/clock.py)."""
    return clock.from_utc(value)


def is_date_only(value) -> bool:
    """A time of exactly midnight: the export carried a date only (petitions' 登记日期…)."""
    return not is_missing(value) and value.hour == 0 and value.minute == 0 and value.second == 0


def when_text(value) -> str:
    """A point in time as the district reads it: the date alone when the export gave only a date."""
    if is_missing(value):
        return "—"
    return value.strftime("%Y-%m-%d") if is_date_only(value) else value.strftime("%Y-%m-%d %H:%M")


def age_text(hours: float | None, lang: str = "zh") -> str:
    """A duration in days and hours ("8天3小时"), hours with a decimal under a day ("5.2小时"),
    minutes under an hour ("12分钟")."""
    if hours is None or is_missing(hours):
        return "—"
    if hours < 1:
        return f"{int(hours * 60)}分钟" if lang == "zh" else f"{int(hours * 60)} min"
    if hours < 24:
        return f"{hours:.1f}小时" if lang == "zh" else f"{hours:.1f} h"
    days, rest = divmod(int(hours), 24)
    if lang == "zh":
        return f"{days}天{rest}小时" if rest else f"{days}天"
    return f"{days} d {rest} h" if rest else f"{days} d"


def minutes(value) -> str:
    return "—" if is_missing(value) else value.strftime("%Y-%m-%d %H:%M")


_MARKDOWN_SPECIAL = {c: "\\" + c for c in "\\`*_{}[]()#+-.!|<>~$:="}


def md_text(value) -> str:
    """A value from an export or registry, safe inside markdown: every markdown, HTML, LaTeX and
    Streamlit directive character escaped, so `![x](http://host)` stays those characters (no image,
    no link, no outside request) and line breaks do not start new blocks."""
    text = "—" if is_missing(value) else str(value)
    # markdown links up a bare URL (http://…, www.…) in text whatever its escapes: an invisible word
    # joiner before the scheme's "://" and after "www" keeps it text
    text = re.sub(r"(?i)(://)", "\u2060://", text)
    text = re.sub(r"(?i)(www)\.", "\\1\u2060.", text)
    return "".join(_MARKDOWN_SPECIAL.get(c, c) for c in text).replace("\n", " ")
