"""`python -m ingest remedy list|exclude|restore|release`: the steward's row remedies from the command
line (rules and files: ingest/remedies.py). The next `make warehouse` honours an exclusion; the next
`make load` loads a released file."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb

from .remedies import (
    RemedyError,
    active_exclusions,
    exclude_row,
    exclusions_path,
    release_quarantined,
    released,
    releases_path,
)
from .specs import SPECS


def _loaded_row_exists(lake: Path, source_file: str, row: int) -> bool | None:
    """Whether the lake holds that row (None when the lake cannot be read now: a load is running)."""
    if not lake.exists():
        return None
    try:
        con = duckdb.connect(str(lake), read_only=True)
    except duckdb.Error:
        return None
    try:
        source = source_file.split("/", 1)[0]
        if source not in SPECS:
            return False
        hit = con.execute(
            f'select 1 from raw."{source}" where _source_file = ? and _row_number = ? limit 1',
            [source_file, row],
        ).fetchone()
        return hit is not None
    finally:
        con.close()


def main(args) -> int:
    lake = args.db.resolve()
    data_dir = lake.parent
    try:
        if args.action == "list":
            rows = active_exclusions(data_dir)
            print(f"rows taken out ({exclusions_path(data_dir)}): {len(rows)}")
            for r in rows:
                print(f"  {r['source_file']} row {r['row_number']} — {r['reason']} ({r['by']}, {r['at']})")
            releases = released(data_dir)
            print(f"released quarantined files ({releases_path(data_dir)}): {len(releases)}")
            for r in releases.values():
                print(f"  {r['file_path']} sha256 {r['sha256'][:12]}… — {r['reason']} ({r['by']}, {r['at']})")
            return 0
        if args.action in ("exclude", "restore"):
            if not args.file or args.row is None:
                print("exclude/restore need --file and --row", file=sys.stderr)
                return 2
            exists = _loaded_row_exists(lake, args.file, args.row)
            if exists is False:
                print(f"not written: {args.file} has no loaded row {args.row} in {lake}", file=sys.stderr)
                return 2
            row = exclude_row(
                data_dir, source_file=args.file, row_number=args.row, reason=args.reason, by=args.by,
                restore=args.action == "restore",
            )  # fmt: skip
            verb = "taken out" if row["action"] == "exclude" else "restored"
            print(
                f"{verb}: {row['source_file']} row {row['row_number']}; the next build (make warehouse) honours it"
            )
            return 0
        # release: the quarantined file goes back to the inbox, and its content is released
        path = Path(args.file or "").resolve()
        if path.parent.name not in SPECS:
            print(f"not written: {path} is not in a source's quarantine folder", file=sys.stderr)
            return 2
        inbox = (args.inbox or data_dir / "inbox").resolve()
        row = release_quarantined(data_dir, path=path, inbox=inbox, reason=args.reason, by=args.by)
        print(f"released: {row['file_path']} is back in {inbox}; the next load (make load) loads it")
        return 0
    except RemedyError as e:
        print(f"not written: {e}", file=sys.stderr)
        return 2
