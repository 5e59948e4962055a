"""Command line: `python -m ingest synth …`, `python -m ingest load …`, `python -m ingest build`,
`python -m ingest publish …` (build beside, test, check, swap; `--rollback`)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date
from pathlib import Path

# Files this command creates (the lake, builds, the warehouse, quarantine, steward files) hold personal
# data: readable by the service account and its group only (0640, folders 0750).
PRIVATE_UMASK = 0o027


def _yesterday():
    """The demo's last day: yesterday where the district is, so a new demo's wall is current."""
    import os
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(os.environ.get("YIPING_TIMEZONE") or "Asia/Shanghai")
    return datetime.now(zone).date() - timedelta(days=1)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    os.umask(PRIVATE_UMASK)
    if argv[:1] == ["publish"]:
        from .publish import main as publish_main

        return publish_main(argv[1:])
    parser = argparse.ArgumentParser(
        prog="python -m ingest", description="Yiping ingest: demo district and loader"
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("synth", help="generate a demo district's exports into an inbox")
    p.add_argument(
        "--out", required=True, type=Path, help="inbox folder to write (truth goes to OUT/../truth)"
    )
    p.add_argument(
        "--events", type=int, default=200_000, help="events across the four sources (default 200000)"
    )
    p.add_argument("--seed", type=int, default=7)
    p.add_argument(
        "--end",
        type=date.fromisoformat,
        default=None,
        help="last day of the generated year, YYYY-MM-DD (default: yesterday in the district's time "
        "zone, YIPING_TIMEZONE or Asia/Shanghai — the demo looks alive; pass a date for a fixed district)",
    )
    p.add_argument("--people", type=int, default=None, help="population size (default scales with --events)")

    p = sub.add_parser(
        "calendar", help="write the working-day calendar seed from the chinese-calendar package"
    )
    p.add_argument("--out", type=Path, default=Path("dbt_project/seeds/work_calendar.csv"))
    p.add_argument("--first-year", type=int, default=2004)

    p = sub.add_parser("load", help="load every export in an inbox into the raw layer")
    p.add_argument("--inbox", required=True, type=Path)
    p.add_argument("--db", required=True, type=Path)
    p.add_argument("--quarantine", type=Path, default=None, help="default: INBOX/../quarantine")

    p = sub.add_parser("build", help="run dbt on the raw layer (default: dbt build)")
    p.add_argument("--db", type=Path, default=Path("data/lake.duckdb"), help="the raw layer")
    p.add_argument("--warehouse", type=Path, default=Path("data/warehouse.duckdb"))
    p.add_argument("dbt_args", nargs="*", help="dbt command and options (default: build)")
    p.add_argument(
        "--wait",
        action="store_true",
        help="load dbt first, then read the dbt command as one JSON list on standard input (publish "
        "starts it while it decides what to build; end of input cancels)",
    )

    p = sub.add_parser("lake-parquet", help="write the raw layer as Parquet, for the Spark target")
    p.add_argument("--db", type=Path, default=Path("data/lake.duckdb"), help="the raw layer")
    p.add_argument("--out", type=Path, default=None, help="default: parquet/ beside the raw layer")

    p = sub.add_parser("aliases", help="address texts to review, and aliases a steward confirms")
    p.add_argument("action", choices=("list", "confirm"))
    p.add_argument("--warehouse", type=Path, default=Path("data/warehouse.duckdb"))
    p.add_argument("--top", type=int, default=30, help="list: how many texts (most events first)")
    p.add_argument("--alias", help="confirm: the text as people write it")
    p.add_argument("--address", help="confirm: the standard address code it names")
    p.add_argument("--text", help="confirm: the text to read instead (an estate's registry name ...)")
    p.add_argument("--by", default=os.environ.get("USER", ""), help="confirm: who confirms (audited)")
    p.add_argument("--note", default="")

    p = sub.add_parser(
        "remedy", help="take a row out of the warehouse, or release a quarantined file (audited)"
    )
    p.add_argument("action", choices=("list", "exclude", "restore", "release"))
    p.add_argument("--db", type=Path, default=Path("data/lake.duckdb"), help="the raw layer")
    p.add_argument(
        "--inbox", type=Path, default=None, help="release: where the file goes back (default DB/../inbox)"
    )
    p.add_argument(
        "--file", help="exclude/restore: the file as the manifest names it; release: the quarantined file"
    )
    p.add_argument("--row", type=int, help="exclude/restore: the row number (as in findings and rejects)")
    p.add_argument("--reason", default="", help="why (shown beside the row or file, and audited)")
    p.add_argument("--by", default=os.environ.get("USER", ""), help="who decides (audited)")

    args = parser.parse_args(argv)
    if args.command == "remedy":
        from .remedy_cli import main as remedy_main

        return remedy_main(args)
    if args.command == "aliases":
        from .address_review import main as aliases_main

        return aliases_main(args)
    if args.command == "build":
        from .build import run_dbt, wait_for_dbt_args

        dbt_args = wait_for_dbt_args() if args.wait else args.dbt_args or ["build"]
        return 0 if dbt_args is None else run_dbt(dbt_args, args.db, args.warehouse)
    if args.command == "lake-parquet":
        from .lake_parquet import default_folder, export

        out = args.out or default_folder(args.db)
        rows = export(args.db, out)
        print(f"{out}: {len(rows)} raw tables, {sum(rows.values()):,} rows as Parquet")
        return 0
    if args.command == "calendar":
        from .rules.workdays import last_known_year, seed_text

        args.out.write_text(seed_text(args.first_year), encoding="utf-8")
        print(f"{args.out}: official holidays and make-up working days {args.first_year}–{last_known_year()}")
        return 0
    if args.command == "synth":
        from .synth.district import generate

        report = generate(
            args.out, events=args.events, seed=args.seed, end=args.end or _yesterday(), people=args.people
        )
        print(
            f"demo district written to {args.out}: {report.events:,} events in {len(report.files)} files "
            f"({len(report.planted)} planted defects) in {report.seconds:.1f} s"
        )
        return 0
    try:
        from .conductor import load_exports
        from .publish import build_lock

        with build_lock(args.db.resolve().parent, "load"):
            code, _ = load_exports(args.inbox, args.db, args.quarantine)
        return code
    except Exception as e:  # noqa: BLE001
        print(f"内部错误：{type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
