"""Working-day deadlines (docs/domain.md §3): the calendar seed is the chinese-calendar package's, the
warehouse's calendar agrees with the package on every day, and the warehouse's working-day deadlines
agree with a plain day-by-day count — around 春节, 国庆 and their make-up Saturdays."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar

from ingest.rules.workdays import last_known_year, seed_text, working_day_deadline

from .conftest import query

SEED = Path(__file__).parents[1] / "dbt_project/seeds/work_calendar.csv"


def test_seed_is_the_official_calendar():
    assert SEED.read_text(encoding="utf-8") == seed_text(), "rewrite it: python -m ingest calendar"
    assert last_known_year() >= 2026


def test_working_days_around_holidays():
    # received Friday 13 Feb 2026: Saturday 14 Feb is a make-up working day (1), 15–23 Feb 春节,
    # then 24 (2), 25 (3), 26 (4), 27 (5)
    assert working_day_deadline(datetime(2026, 2, 13, 16, 0), 5) == datetime(2026, 2, 27, 23, 59, 59)
    # received on a holiday: counting starts after it
    assert working_day_deadline(datetime(2026, 2, 17, 10, 0), 1) == datetime(2026, 2, 24, 23, 59, 59)
    # 国庆 2025: Sunday 28 Sep works, 1–8 Oct off, Saturday 11 Oct works
    assert working_day_deadline(datetime(2025, 9, 26, 9, 0), 2) == datetime(2025, 9, 29, 23, 59, 59)
    assert working_day_deadline(datetime(2025, 9, 27, 9, 0), 1) == datetime(2025, 9, 28, 23, 59, 59)
    assert working_day_deadline(datetime(2025, 9, 30, 9, 0), 2) == datetime(2025, 10, 10, 23, 59, 59)
    assert working_day_deadline(datetime(2025, 10, 10, 9, 0), 1) == datetime(2025, 10, 11, 23, 59, 59)
    # an ordinary week: Friday + 1 working day = Monday
    assert working_day_deadline(datetime(2026, 3, 13, 9, 0), 1) == datetime(2026, 3, 16, 23, 59, 59)


def test_warehouse_calendar_agrees_with_the_package_on_every_day(warehouse):
    rows = query(
        warehouse,
        "select day, is_workday, is_covered from intermediate.int_work_calendar_days order by day",
    )
    covered = [(d, w) for d, w, c in rows if c]
    assert covered[0][0] == date(2004, 1, 1) and covered[-1][0] == date(last_known_year(), 12, 31)
    wrong = [d for d, w in covered if w != chinese_calendar.is_workday(d)]
    assert wrong == []
    # past the calendar: Monday to Friday
    assert all(w == (d.weekday() < 5) for d, w, c in rows if not c)


def test_working_day_deadlines_match_a_day_by_day_count(warehouse):
    rows = query(
        warehouse,
        """
        select reported_at, sla_deadline_value, sla_deadline_at
        from marts.fct_event
        where sla_deadline_unit = 'working_days'
        using sample 2000 rows (reservoir, 7)
        """,
    )
    assert rows, "the demo has hotline orders under working-day rules"
    wrong = [r for r in rows if working_day_deadline(r[0], r[1]) != r[2]]
    assert wrong == []
    assert all(r[2] - r[0] >= timedelta(days=r[1]) for r in rows)  # never shorter than N calendar days
