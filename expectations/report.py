"""`python -m expectations report`: what the checks found, next to what was planted.

For each check: failing rows summed over the latest gate run of every loaded or quarantined
export, and the latest warehouse run. With the demo generator's truth manifest, the planted
row defects are shown alongside so a steward (or a test) sees that the checks find them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb

from .store import LATEST_RUNS_CTES

FOUND_SQL = f"""
with {LATEST_RUNS_CTES.format(quality="quality")}
select r.check_code, any_value(r.severity) as severity, any_value(r.title_zh) as title_zh,
    count(*) filter (where r.success is not true) as failed_runs,
    coalesce(sum(coalesce(r.offending_events, r.unexpected_count)) filter (where r.success is not true), 0)
        as failing_rows
from quality.results r join latest_runs using (run_id)
group by r.check_code
having count(*) filter (where r.success is not true) > 0
order by r.check_code
"""


def findings(con) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in con.execute(FOUND_SQL).fetchall()}


def report(lake: Path, truth: Path | None = None, out=sys.stdout) -> int:
    if not Path(lake).exists():
        print(f"错误：原始层文件不存在：{lake}", file=sys.stderr)
        return 1
    con = duckdb.connect(str(lake), read_only=True)
    try:
        found = findings(con)
        rejected_keys = dict(
            con.execute(
                "select source, count(*) from raw._rejects where reason like '主键%为空%' group by source"
            ).fetchall()
        )
        quarantined = con.execute(
            "select source_file, decision from quality.runs where decision = 'quarantined' order by source_file"
        ).fetchall()
    finally:
        con.close()
    planted = {}
    if truth and Path(truth).exists():
        planted = json.loads(Path(truth).read_text(encoding="utf-8")).get("planted_rows", {})
    print(f"{'检查':<60} {'级别':<8} {'不合格行':>8} {'埋设':>6}", file=out)
    for code, (severity, title, _runs, rows) in found.items():
        p = planted.get(code, "")
        print(f"{code:<60} {severity:<8} {rows:>8} {p!s:>6}  {title}", file=out)
    for code, n in planted.items():
        if code in found:
            continue
        if "rejected by the loader" in code:
            got = rejected_keys.get(code.split(".", 1)[0], 0)
            print(
                f"{code:<60} {'reject':<8} {got:>8} {n:>6}  加载时拒收（主键为空，见 raw._rejects）", file=out
            )
        else:
            print(f"{code:<60} {'':<8} {'—':>8} {n:>6}  无法检出（见括号说明）", file=out)
    if quarantined:
        print("\n被质量闸门隔离的文件：", file=out)
        for f, _ in quarantined:
            print(f"  {f}", file=out)
    return 0
