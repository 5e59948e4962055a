"""The generated demo district through the loader: every file accounted for, every row
counted, against the generator's own record of what it wrote and planted."""

from __future__ import annotations

import csv
import json
from collections import Counter

from .conftest import query


def test_every_file_has_a_manifest_row_and_the_exit_code_says_quarantine(loaded_district, district):
    root, code, results = loaded_district
    manifest = json.loads((district / "truth/manifest.json").read_text(encoding="utf-8"))
    db = root / "lake.duckdb"
    rows = query(db, "select file_path, status, rows_in, rows_loaded, rows_rejected, reason from raw._loads")
    by_path = {r[0]: r for r in rows}
    assert code == 2
    assert (
        len(rows) == len(results) == len(manifest["files"]) + 5
    )  # + HTML, empty, stats report, duplicate copy, swapped-coordinates re-send
    statuses = Counter(r[1] for r in rows)
    assert statuses == {"loaded": len(manifest["files"]), "quarantined": 4, "duplicate": 1}
    for path, expected_rows in manifest["files"].items():
        row = by_path[path]
        if row[1] == "duplicate":
            row = by_path[_copy_of(path, by_path)]
        _, status, rows_in, loaded, rejected, _ = row
        assert status == "loaded", path
        assert rows_in == expected_rows, (
            f"{path}: generator wrote {expected_rows} data rows, loader saw {rows_in}"
        )
        assert rows_in == loaded + rejected
    for path, what in manifest["planted"].items():
        assert path in by_path, path
        if "HTML" in what or "empty" in what or "statistics" in what:
            assert by_path[path][1] == "quarantined" and by_path[path][5]
        if "swapped" in what:  # parses fine; the quality gate stops it
            assert by_path[path][1] == "quarantined" and "inside_district.critical" in by_path[path][5]


def _copy_of(path, by_path):
    """The month exported twice: whichever name loaded first owns the rows."""
    return next(p for p, r in by_path.items() if r[1] == "loaded" and "(1)" in p)


def test_raw_rows_match_the_manifest_and_carry_lineage(loaded_district):
    root, _, _ = loaded_district
    db = root / "lake.duckdb"
    for source, loaded in query(
        db, "select source, sum(rows_loaded) from raw._loads where status='loaded' group by 1"
    ):
        n, bad_lineage = query(
            db,
            f"""select count(*), count(*) filter (where _load_id is null or _source_file is null
            or _row_number is null or _loaded_at is null) from raw."{source}" """,
        )[0]
        assert n == loaded and bad_lineage == 0, source
    orphans = query(
        db,
        """select count(*) from raw.hotline_12345 h
        left join raw._loads l on l.load_id = h._load_id where l.load_id is null""",
    )[0][0]
    assert orphans == 0


def test_every_event_in_truth_reached_the_raw_layer(loaded_district, district):
    root, _, _ = loaded_district
    db = root / "lake.duckdb"
    with open(district / "truth/events.csv", encoding="utf-8") as fh:
        truth = Counter((r["source"], r["source_id"]) for r in csv.DictReader(fh))
    keys = {
        "hotline_12345": "order_no",
        "city_mgmt": "case_no",
        "grid_report": "event_id",
        "petition": "petition_no",
    }
    for source, key in keys.items():
        raw_ids = {r[0] for r in query(db, f'select distinct "{key}" from raw."{source}"')}
        expected = {sid for (s, sid) in truth if s == source}
        missing = expected - raw_ids
        # Only rows the loader rejected may be missing (the truncated JSON line, the ragged CSV row),
        # and each of them is in raw._rejects with its original content: nothing is lost.
        rejected = " ".join(
            r[0] for r in query(db, "select original from raw._rejects where source = ?", [source])
        )
        assert len(missing) <= 2, (source, sorted(missing)[:5])
        assert all(sid in rejected for sid in missing), (source, missing)


def test_a_person_can_read_what_happened_to_every_file(loaded_district):
    root, _, _ = loaded_district
    rows = query(
        root / "lake.duckdb",
        """select file_path, status, encoding, reader, reason, layout
        from raw._loads order by file_path""",
    )
    for path, status, encoding, reader, reason, layout in rows:
        if status == "loaded":
            assert reader and layout is not None, path
            if path.endswith(".csv"):
                assert encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030"), path
        else:
            assert reason and len(reason) > 10, path
    encodings = {r[2] for r in rows if r[2]}
    assert {"gbk", "utf-8", "utf-8-sig"} <= encodings
