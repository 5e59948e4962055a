"""Accuracy, measured twice: on the demo warehouse against the generator's ground truth
(data/truth/events.csv), and on the address evaluation set written independently of the generator
(tests/fixtures/addresses_eval/, per kind). A figure measured only on the demo measures the generator.

Geocoding: share of events in the right grid (where the truth has a grid). Address matching:
share of events whose text names a real standard address matched to that address.
Duplicate linking: pairwise precision and recall of duplicate groups.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import duckdb


def measure(warehouse: Path, truth_csv: Path) -> dict[str, float | int]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        con.execute(
            "create temp table truth as select source, source_id, grid_code, address_code, duplicate_group "
            f"from read_csv('{truth_csv}', all_varchar=true)"
        )
        con.execute(
            "create temp table joined as select t.*, e.event_key is not null as found, "
            "e.grid_code as got_grid, e.address_code as got_address, e.duplicate_group_id as got_group "
            "from truth t left join marts.fct_event e on e.source = t.source and e.source_id = t.source_id"
        )
        grid_n, grid_ok = con.execute(
            "select count(*), count(*) filter (where got_grid = grid_code) from joined where coalesce(grid_code, '') <> ''"
        ).fetchone()
        addr_n, addr_ok = con.execute(
            "select count(*), count(*) filter (where got_address = address_code) from joined "
            "where coalesce(address_code, '') <> ''"
        ).fetchone()
        events, found = con.execute("select count(*), count(*) filter (where found) from joined").fetchone()
        pairs = """
            select count(*) from joined a join joined b
            on a.{g} = b.{g} and (a.source, a.source_id) < (b.source, b.source_id)
            where coalesce(a.{g}, '') <> ''
        """
        predicted = con.execute(pairs.format(g="got_group")).fetchone()[0]
        actual = con.execute(pairs.format(g="duplicate_group")).fetchone()[0]
        both = con.execute(
            pairs.format(g="got_group") + " and coalesce(a.duplicate_group, '') <> '' "
            "and a.duplicate_group = b.duplicate_group"
        ).fetchone()[0]
    finally:
        con.close()
    return {
        "truth_events": events,
        "events_in_warehouse": found,
        "grid_events": grid_n,
        "grid_accuracy": round(grid_ok / grid_n, 4) if grid_n else 0.0,
        "address_events": addr_n,
        "address_accuracy": round(addr_ok / addr_n, 4) if addr_n else 0.0,
        "duplicate_pairs_predicted": predicted,
        "duplicate_pairs_true": actual,
        "duplicate_precision": round(both / predicted, 4) if predicted else 0.0,
        "duplicate_recall": round(both / actual, 4) if actual else 0.0,
    }


def by_method(warehouse: Path, truth_csv: Path) -> list[tuple]:
    """Demo truth per address match method: events, right address, right grid."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(
            f"""
            select coalesce(e.address_match_method, 'missing') as method, count(*) as events,
                count(*) filter (where t.address_code <> '') as naming_an_address,
                count(*) filter (where t.address_code <> '' and e.address_code = t.address_code) as address_right,
                count(*) filter (where t.grid_code <> '') as with_grid,
                count(*) filter (where t.grid_code <> '' and e.grid_code = t.grid_code) as grid_right
            from read_csv('{truth_csv}', all_varchar=true) as t
            left join marts.fct_event as e on e.source = t.source and e.source_id = t.source_id
            group by 1 order by 2 desc
            """
        ).fetchall()
    finally:
        con.close()


def _pct(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def main(argv: list[str]) -> int:
    from .addresses.evaluation import evaluate

    wh = Path(argv[0] if argv else "data/warehouse.duckdb")
    truth = Path(argv[1] if len(argv) > 1 else "data/truth/events.csv")
    if wh.exists() and truth.exists():
        print("== demo district, against the generator's truth ==")
        print(json.dumps(measure(wh, truth), indent=2))
        print(f"{'address match method':24s} {'events':>8s} {'address':>9s} {'grid':>9s}")
        for method, events, named, a_ok, gridded, g_ok in by_method(wh, truth):
            print(
                f"{method:24s} {events:8d} {_pct(a_ok / named if named else None):>9s}"
                f" {_pct(g_ok / gridded if gridded else None):>9s}"
            )
    else:
        print(f"(no demo warehouse at {wh}: make build first for the demo figures)")
    result = evaluate()
    print("\n== address evaluation set (tests/fixtures/addresses_eval), per kind ==")
    print(f"{'kind':26s} {'cases':>5s} {'address':>9s} {'grid':>9s} {'false':>7s}")
    for kind, r in [*result["kinds"].items(), ("TOTAL", result["total"])]:
        print(
            f"{kind:26s} {r['cases']:5d} {_pct(r['address_accuracy']):>9s} {_pct(r['grid_accuracy']):>9s}"
            f" {_pct(r['false_match_rate']):>7s}"
        )
    if result["failures"]:
        print("\nstill wrong:")
        for kind, text, method, got, expected in result["failures"]:
            print(f"  [{kind}] {text!r}: {method} {got or '—'} (expected {expected or 'none'})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
