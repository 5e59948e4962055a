"""Command line: `python -m expectations check` (warehouse checks), `report` (findings vs planted)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m expectations", description="Yiping data-quality checks")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="check a finished warehouse build; exit 1 on a critical failure")
    p.add_argument("--db", type=Path, default=Path("data/lake.duckdb"), help="the raw layer (lake)")
    p.add_argument("--warehouse", type=Path, default=Path("data/warehouse.duckdb"))
    p.add_argument("--quality", type=Path, default=None, help="quality folder (default: next to the lake)")
    p.add_argument(
        "--read-only", action="store_true", help="do not write results into the warehouse (a published one)"
    )
    p.add_argument(
        "--wait",
        action="store_true",
        help="load, then wait for a line on standard input before checking (end of input: cancel); "
        "ingest publish starts the checks this way while dbt still builds",
    )
    p = sub.add_parser("report", help="what the checks found, next to what the demo generator planted")
    p.add_argument("--db", type=Path, default=Path("data/lake.duckdb"))
    p.add_argument("--truth", type=Path, default=Path("data/truth/manifest.json"))
    args = parser.parse_args(argv)
    if args.command == "check":
        from .check import prepare, run  # Great Expectations and pandas load here: seconds

        quality = prepare(args.db, args.quality)
        if args.wait and not sys.stdin.readline().strip():
            print("检查已取消 / checks cancelled", file=sys.stderr)
            return 3
        code, _ = run(args.db, args.warehouse, args.quality, read_only=args.read_only, quality=quality)
        return code
    from .report import report

    return report(args.db, args.truth)


if __name__ == "__main__":
    sys.exit(main())
