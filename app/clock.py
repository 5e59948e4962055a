"""The district's clock: one time zone for every "now", "today" and build time the app shows.

Event times in the warehouse are the district's wall-clock times (exports carry Beijing time, no
zone); "now" must be read in the same zone, or a UTC container rolls "today" over at 08:00.
YIPING_TIMEZONE sets it (an IANA name; default Asia/Shanghai)."""

from __future__ import annotations

import math
import os
from datetime import UTC, date, datetime
from functools import cache
from zoneinfo import ZoneInfo


@cache
def zone() -> ZoneInfo:
    return ZoneInfo(os.environ.get("YIPING_TIMEZONE") or "Asia/Shanghai")


def zone_name() -> str:
    return zone().key


def now() -> datetime:
    """The district's wall-clock time now (naive, comparable with event times)."""
    return datetime.now(zone()).replace(tzinfo=None)


def today() -> date:
    return now().date()


def from_utc(value) -> datetime | None:
    """A UTC timestamp (dbt's run_started_at) as the district's wall-clock time."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "NaT":
        return None
    ts = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return ts.replace(tzinfo=UTC).astimezone(zone()).replace(tzinfo=None)


def age_hours(value) -> float | None:
    """Hours from a district wall-clock time to now (None when there is no time)."""
    if value is None or str(value) == "NaT" or (isinstance(value, float) and math.isnan(value)):
        return None
    ts = value.to_pydatetime() if hasattr(value, "to_pydatetime") else value
    return (now() - ts).total_seconds() / 3600
