"""Accuracy of the warehouse against the demo generator's ground truth (data/truth/events.csv).

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


if __name__ == "__main__":
    wh = Path(sys.argv[1] if len(sys.argv) > 1 else "data/warehouse.duckdb")
    truth = Path(sys.argv[2] if len(sys.argv) > 2 else "data/truth/events.csv")
    print(json.dumps(measure(wh, truth), indent=2))
