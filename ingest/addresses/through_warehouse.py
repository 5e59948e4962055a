"""The address evaluation set measured where it lands: loaded and built with Yiping's own commands.

`evaluation.evaluate` runs the matcher directly. A district's figure is what reaches `marts.fct_event`
after the loader, the staging SQL's text cleaning, the place-text rule, per-event resolution and the
grid registry's checks. This builds a district in a folder of its own from a base inbox (the demo's):
its standard-address export replaced by the evaluation registry, and the evaluation texts added as one
more 12345 export (address field, complaint text). Then it scores the events against the labels.

The registry's grid codes are the fixture's own; those the base district's grid boundaries lack are
moved to a grid of the same community there (or of the same street), as a district's registry is placed
in its own grids, and the labels move with them. Steward aliases are not loaded: a new district has
none, so the alias kinds fail here by design.

    .venv/bin/python -m ingest.addresses.through_warehouse [--base data/inbox] [--work /tmp/yiping-eval]
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb

from ..specs import ADDRESS, SPECS
from .evaluation import EVAL_DIR, load_set

HOTLINE = SPECS["hotline_12345"]
NO_PLACE_CONTENT = "夜间噪声扰民，请相关部门处理。"


def _order(i: int, address_text: str, content: str) -> dict[str, str]:
    """One 12345 work order by column name (the spec's; headers are written from it)."""
    return {
        "order_no": f"EVAL{i:07d}", "accepted_at": "2026-11-20 10:00:00", "caller_name": "张三",
        "caller_phone": "13900000000", "channel": "电话", "request_type": "投诉",
        "category": "环境保护>噪声污染>施工噪声", "urgency": "一般", "address_text": address_text,
        "content": content or NO_PLACE_CONTENT, "handling_unit": "秦淮区住房和城乡建设局", "status": "办理中",
    }  # fmt: skip


def _grid_codes(inbox: Path) -> set[str]:
    codes = set()
    for path in (inbox / "grid").glob("*json"):
        for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            code = (feature.get("properties") or {}).get("grid_code")
            if code:
                codes.add(str(code))
    return codes


def _placed(code: str, known: set[str]) -> str:
    """The fixture's grid code, or a grid of the same community (then street) the district has."""
    if code in known or not code:
        return code
    for prefix in (code[:12], code[:9]):
        near = sorted(k for k in known if k.startswith(prefix))
        if near:
            return near[0]
    return code


def build(base: Path, work: Path) -> dict[str, str]:
    """Writes the district's inbox under `work`, loads and publishes it. Returns the grid moves."""
    if work.exists():
        shutil.rmtree(work)
    inbox = work / "inbox"
    known = _grid_codes(base)
    moves: dict[str, str] = {}
    for folder in sorted(p for p in base.iterdir() if p.is_dir()):
        (inbox / folder.name).mkdir(parents=True)
        if folder.name == "address":
            with (EVAL_DIR / "registry.csv").open(encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))
            g = rows[0].index(next(f.header for f in ADDRESS.fields if f.column == "grid_code"))
            for row in rows[1:]:
                moves[row[g]] = _placed(row[g], known)
                row[g] = moves[row[g]]
            with (inbox / "address" / "标准地址库.csv").open("w", encoding="utf-8", newline="") as f:
                csv.writer(f).writerows(rows)
            continue
        for path in folder.iterdir():
            (inbox / folder.name / path.name).symlink_to(path.resolve())
    _, cases = load_set()
    with (inbox / "hotline_12345" / "12345工单_地址评估集.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow([field.header for field in HOTLINE.fields])
        for i, c in enumerate(cases):
            order = _order(i, c.address_text, c.content)
            w.writerow([order.get(field.column, "") for field in HOTLINE.fields])
    lake, warehouse = work / "lake.duckdb", work / "warehouse.duckdb"
    run = [sys.executable, "-m", "ingest"]
    load = subprocess.run([*run, "load", "--inbox", str(inbox), "--db", str(lake)], check=False)
    if load.returncode not in (0, 2):  # 2: some files quarantined, the rest loaded
        raise SystemExit(f"load failed ({load.returncode})")
    subprocess.run(
        [*run, "publish", "--db", str(lake), "--warehouse", str(warehouse), "--", "build"], check=True
    )
    return moves


def score(work: Path, moves: dict[str, str]) -> dict:
    _, cases = load_set()
    con = duckdb.connect(str(work / "warehouse.duckdb"), read_only=True)
    got = {
        r[0]: (r[1], r[2])
        for r in con.execute(
            "select source_id, address_code, grid_code from marts.fct_event where source_id like 'EVAL%'"
        ).fetchall()
    }
    con.close()
    k: Counter = Counter()
    misses = []
    for i, c in enumerate(cases):
        code, grid = got.get(f"EVAL{i:07d}", (None, None))
        if c.expect_code:
            k["address_cases"] += 1
            k["address_right"] += code == c.expect_code
        else:
            k["no_address_cases"] += 1
            k["false_matches"] += code is not None
        expect_grid = moves.get(c.expect_grid, c.expect_grid) if c.expect_grid else None
        if expect_grid:
            k["grid_cases"] += 1
            k["grid_right"] += grid == expect_grid
        if (
            (c.expect_code and code != c.expect_code)
            or (not c.expect_code and code)
            or (expect_grid and grid != expect_grid)
        ):
            misses.append((c.kind, c.address_text, c.content[:30]))
    return {
        "events": len(got),
        "cases": len(cases),
        "address_accuracy": round(k["address_right"] / k["address_cases"], 4),
        "grid_accuracy": round(k["grid_right"] / k["grid_cases"], 4),
        "false_match_rate": round(k["false_matches"] / k["no_address_cases"], 4),
        **{name: k[name] for name in ("address_cases", "grid_cases", "no_address_cases")},
        "grids_moved": sum(1 for a, b in moves.items() if a != b),
        "misses_by_kind": dict(Counter(kind for kind, _, _ in misses).most_common()),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--base", type=Path, default=Path("data/inbox"), help="a district's inbox to build on"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/yiping-address-eval"))
    args = parser.parse_args(argv)
    moves = build(args.base, args.work)
    print(json.dumps(score(args.work, moves), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
