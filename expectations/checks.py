"""A check: one Great Expectations expectation with a stable code, a severity and a name
stewards can read (zh-CN and English).

Severity decides what a failure does:
- critical — at ingest the batch is quarantined (not promoted); on the warehouse `make quality`
  exits non-zero and the build must not be published;
- warning — the data goes ahead and the finding is recorded with a failing-row sample.

Row-level rules are usually *graded*: a strict warning (every bad row is a finding) plus a
critical twin with a `mostly` threshold (an export where a large share is bad is broken as a
whole — a wrong date format, swapped coordinates, another system's vocabulary).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from great_expectations.expectations.expectation import Expectation

CRITICAL = "critical"
WARNING = "warning"


@dataclass(frozen=True)
class Check:
    code: str  # stable id, e.g. "hotline_12345.accepted_at.parseable"; the key in quality tables
    title_zh: str
    title_en: str
    severity: str
    expectation: Expectation
    personal: bool = False  # failing values are personal data: masked in samples and Data Docs
    # critical checks: why a failure means the file (or the build) is broken, not some rows dirty
    why_zh: str = ""
    why_en: str = ""

    @property
    def columns(self) -> list[str]:
        """The columns the expectation reads (one, a pair, or a list)."""
        e = self.expectation
        if getattr(e, "column", None):
            return [e.column]
        if getattr(e, "column_A", None):
            return [e.column_A, e.column_B]
        return list(getattr(e, "column_list", None) or [])

    @property
    def column(self) -> str | None:
        return ",".join(self.columns) or None


Why = tuple[str, str]  # (zh, en): why a failure of a critical check means a broken whole


def _tag(
    code: str, zh: str, en: str, severity: str, exp: Expectation, personal: bool, why: Why = ("", "")
) -> Check:
    exp.severity = severity
    exp.meta = {**(exp.meta or {}), "check": code, "title_zh": zh, "severity": severity}
    if why[0]:
        exp.meta["why_zh"] = why[0]
    note = "严重：不通过则隔离/阻止发布" if severity == CRITICAL else "警告：记录问题"
    exp.notes = f"{zh}（{note}）" + (f"。为什么：{why[0]}" if why[0] else "")
    return Check(code, zh, en, severity, exp, personal, *why)


def warning(code: str, zh: str, en: str, exp: Expectation, *, personal: bool = False) -> list[Check]:
    return [_tag(code, zh, en, WARNING, exp, personal)]


def critical(
    code: str, zh: str, en: str, exp: Expectation, *, personal: bool = False, why: Why = ("", "")
) -> list[Check]:
    return [_tag(code, zh, en, CRITICAL, exp, personal, why)]


def graded(
    code: str,
    zh: str,
    en: str,
    make: Callable[..., Expectation],
    *,
    critical_below: float,
    why: Why,
    personal: bool = False,
) -> list[Check]:
    """A strict warning, plus a critical twin that fails when fewer than `critical_below` pass.
    `why` says why so large a share of bad rows means the file is broken rather than some rows
    dirty (below it, the rows load with findings)."""
    return [
        _tag(code, zh, en, WARNING, make(), personal),
        _tag(
            f"{code}.critical",
            f"{zh}（合格率须≥{critical_below:.0%}）",
            f"{en} (at least {critical_below:.0%} must pass)",
            CRITICAL,
            make(mostly=critical_below),
            personal,
            why,
        ),
    ]
