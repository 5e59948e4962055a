"""China's official working-day calendar (docs/domain.md §3): weekends are rest days, except the
make-up working days (调休上班) the State Council announces with each year's public holidays, and the
public holidays are rest days whatever the weekday.

The warehouse reads the calendar from the seed `dbt_project/seeds/work_calendar.csv` (one row per
holiday and per make-up working day); `python -m ingest calendar` writes that seed from the
`chinese-calendar` package (2004 onward, as far as the installed release knows). A steward who needs a
year the package does not know yet adds that year's rows by hand from the State Council's notice: a
year counts as covered once any of its days is listed.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta

import chinese_calendar

FIRST_YEAR = 2004  # the package's first year

# the package names holidays in English; the seed carries both
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}

SEED_COLUMNS = ("day", "is_workday", "holiday_zh", "holiday_en")


def last_known_year() -> int:
    """The last year the installed chinese-calendar release has the official arrangement for."""
    return max(chinese_calendar.holidays).year


def official_exceptions(first_year: int = FIRST_YEAR, last_year: int | None = None) -> list[tuple]:
    """(day, is_workday, holiday_zh, holiday_en) for every public holiday (is_workday False) and every
    make-up working day (True, named after the holiday it makes up for), in day order."""
    last_year = last_year or last_known_year()
    rows = []
    for table, is_workday in ((chinese_calendar.holidays, False), (chinese_calendar.workdays, True)):
        for day, name in table.items():
            if first_year <= day.year <= last_year:
                en = str(name)
                rows.append((day, is_workday, HOLIDAY_NAMES_ZH.get(en, en), en))
    return sorted(rows)


def seed_text(first_year: int = FIRST_YEAR, last_year: int | None = None) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SEED_COLUMNS)
    for day, is_workday, zh, en in official_exceptions(first_year, last_year):
        w.writerow((day.isoformat(), "true" if is_workday else "false", zh, en))
    return buf.getvalue()


def is_workday(day: date) -> bool:
    """Official working day; past the package's last year, Monday to Friday (as the warehouse does
    past its calendar's end, with a warning)."""
    if day.year > last_known_year() or day.year < FIRST_YEAR:
        return day.weekday() < 5
    return chinese_calendar.is_workday(day)


def working_day_deadline(received: datetime, days: int) -> datetime:
    """The end (23:59:59) of the `days`-th working day after the day of receipt — how 12345 rules
    count ("5 working days from the day after receipt")."""
    day = received.date()
    left = days
    while left > 0:
        day += timedelta(days=1)
        if is_workday(day):
            left -= 1
    return datetime.combine(day, time(23, 59, 59))
