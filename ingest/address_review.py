"""`python -m ingest aliases list|confirm`: the steward's address loop from the command line.

`list` prints the place texts the last published build placed weakly (marts.rpt_steward_address_review,
most events first) with their best candidate and runner-up; `confirm` writes an alias (audited) that the
next `make build` / `make warehouse` uses.
"""

from __future__ import annotations

import sys

import duckdb

from .addresses.aliases import AliasError, aliases_path, confirm_alias


def main(args) -> int:
    data_dir = args.warehouse.resolve().parent
    if args.action == "list":
        if not args.warehouse.exists():
            print(f"no published warehouse at {args.warehouse}: run make build first", file=sys.stderr)
            return 1
        con = duckdb.connect(str(args.warehouse), read_only=True)
        try:
            rows = con.execute(
                """
                select event_count, match_method, place_text, best_address_code, best_full_address,
                       runner_up_code, runner_up_full_address
                from marts.rpt_steward_address_review
                order by event_count desc, place_text limit ?""",
                [args.top],
            ).fetchall()
        finally:
            con.close()
        print(f"{'events':>6}  {'method':22}  text → best candidate | runner-up")
        for events, method, text, best, best_full, runner, runner_full in rows:
            shown = text if len(text) <= 40 else text[:39] + "…"
            print(f"{events:6d}  {method:22}  {shown!r} → {best or '—'} {best_full or ''}"
                  f" | {runner or '—'} {runner_full or ''}")  # fmt: skip
        print(f"\nconfirm one: python -m ingest aliases confirm --alias TEXT --address CODE --by NAME"
              f"\naliases file: {aliases_path(data_dir)}")  # fmt: skip
        return 0
    if bool(args.address) == bool(args.text):
        print("confirm needs --alias and exactly one of --address or --text", file=sys.stderr)
        return 2
    known = None
    if args.address and args.warehouse.exists():
        con = duckdb.connect(str(args.warehouse), read_only=True)
        try:
            known = {r[0] for r in con.execute("select address_code from marts.dim_address").fetchall()}
        finally:
            con.close()
    try:
        row = confirm_alias(
            data_dir, alias=args.alias or "", kind="address" if args.address else "text",
            target=args.address or args.text, by=args.by or "", note=args.note, known_codes=known,
        )  # fmt: skip
    except AliasError as e:
        print(f"not written: {e}", file=sys.stderr)
        return 2
    print(f"confirmed: {row['alias']!r} → {row['target']} ({row['kind']}); the next build uses it")
    return 0
