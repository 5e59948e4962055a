"""Command line: `python -m expectations check` (warehouse checks), `report` (findings vs planted)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    os.umask(0o027)  # quality files and Data Docs quote rows: service account and group only
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
        stamp = decided = None
        if args.wait:
            line = sys.stdin.readline().strip()
            if not line:
                print("检查已取消 / checks cancelled", file=sys.stderr)
                return 3
            stamp, decided = _publish_protocol(line)
        code, _ = run(
            args.db,
            args.warehouse,
            args.quality,
            read_only=args.read_only,
            quality=quality,
            stamp=stamp,
            decided=decided,
        )
        return code
    from .report import report

    return report(args.db, args.truth)


def _publish_protocol(line: str):
    """`ingest publish` starts the checks with --wait and then sends one line: "go", or "go" and a
    JSON build stamp to write into the build with the quality results. The checks answer with a
    DECIDED line as soon as the build is closed, so the publish need not wait for Data Docs."""
    import json

    from expectations.protocol import DECIDED, write_stamp

    payload = json.loads(line.removeprefix("go").strip() or "null")
    stamp = None
    if payload is not None:

        def stamp(con, catalog):
            write_stamp(con, catalog, payload["fingerprint"], payload["lake_loaded_at"])

    def decided(code: int) -> None:
        print(f"{DECIDED} {code}", flush=True)

    return stamp, decided


if __name__ == "__main__":
    sys.exit(main())
