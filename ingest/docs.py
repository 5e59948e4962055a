"""Render what is derived from the source files (ingest/sources/*.toml) so it cannot drift from them:
docs/sources.md, and the dbt seed `event_sources` (the event sources the warehouse knows, their names
and lifecycle traits). `python -m ingest.docs` writes both; tests check they are current."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .specs import SPECS


def render() -> str:
    out = [
        "# Sources: what the loader accepts",
        "",
        "Generated from the source files in `ingest/sources/` by `python -m ingest.docs`; do not edit by hand.",
        "",
        "Files go to `data/inbox/<source>/` under any name. Key fields must be non-empty in every row",
        "(rows without them go to `raw._rejects`); required fields must exist as a column (files without them",
        "are quarantined). Raw columns are the ASCII names below, all text, plus `_extra` (JSON of columns no",
        "alias matched), `_load_id`, `_source_file`, `_row_number` and `_loaded_at`.",
        "",
    ]
    for spec in SPECS.values():
        out += [
            f"## `{spec.name}` — {spec.title}",
            "",
            spec.description,
            "",
            f"Formats: {', '.join(spec.formats)}."
            + (f" Coordinates: {spec.coord_sys}" if spec.coord_sys else "")
            + (
                f" (per row from `{spec.coord_sys_column}`)."
                if spec.coord_sys_column
                else ("." if spec.coord_sys else "")
            ),
            "",
            "| raw column | header | aliases | |",
            "|---|---|---|---|",
        ]
        for f in spec.fields:
            flag = "key" if f.key else "required" if f.required else ""
            out.append(f"| `{f.column}` | {f.header} | {', '.join(f.aliases)} | {flag} |")
        out.append("")
    return "\n".join(out)


def event_sources_seed() -> str:
    """dbt_project/seeds/event_sources.csv: one row per event source."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(("source", "title_zh", "title_en", "direct_closure", "listing_order"))
    for spec in SPECS.values():
        if spec.kind == "event":
            w.writerow((spec.name, spec.title, spec.title_en, str(spec.direct_closure).lower(), spec.order))
    return buf.getvalue()


SEED = Path(__file__).resolve().parent.parent / "dbt_project/seeds/event_sources.csv"

if __name__ == "__main__":
    Path("docs/sources.md").write_text(render(), encoding="utf-8")
    SEED.write_text(event_sources_seed(), encoding="utf-8")
