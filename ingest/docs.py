"""Render what is derived from the source files (ingest/sources/*.toml) so it cannot drift from them:
docs/sources.md, the dbt seed `event_sources` (the event sources the warehouse knows, their names and
lifecycle traits) and the dbt macro `source_file` (each source's fields and types, for staging models
generated from the file). `python -m ingest.docs` writes all three; tests check they are current."""

from __future__ import annotations

import csv
import io
import json
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


def source_files_macro() -> str:
    """dbt_project/macros/source_files.sql: each source's fields as its file declares them, for the
    models that read a source file instead of a hand-written staging model (macro staging_from_file)."""
    files = {
        spec.name: {
            "fields": [{"column": f.column, "type": f.type, "vocabulary": f.vocabulary} for f in spec.fields],
            "coord_sys": spec.coord_sys,
            "event": spec.event,
            "staging_model": _staging_model(spec.name),
        }
        for spec in SPECS.values()
    }
    declared = [s.name for s in SPECS.values() if s.kind == "event" and s.event]
    direct = [s.name for s in SPECS.values() if s.kind == "event" and s.direct_closure]
    acceptance = {
        s.name: {
            "acceptance_days": s.acceptance_days,
            "handling_days_from_acceptance": s.handling_days_from_acceptance,
        }
        for s in SPECS.values()
        if s.acceptance_days is not None
    }
    branches = "".join(
        ("{%- if" if i == 0 else "{%- elif") + f" name == '{name}' -%}}\n{json.dumps(spec, sort_keys=True)}\n"
        for i, (name, spec) in enumerate(files.items())
    )
    return (
        "{#- Generated from ingest/sources/*.toml by `python -m ingest.docs`; do not edit by hand.\n"
        "    The JSON of one source's fields (fromjson it). -#}\n"
        "{% macro source_file_json(name) -%}\n" + branches + "{%- endif -%}\n{%- endmacro %}\n\n"
        "{#- The event sources whose int_events_unioned branch comes from their file ([event]). -#}\n"
        "{% macro declared_event_sources_json() -%}\n" + json.dumps(declared) + "\n{%- endmacro %}\n\n"
        "{#- The event sources whose closure at or before dispatch, or without one, is a direct closure\n"
        "    (直办; their file's direct_closure). -#}\n"
        "{% macro direct_closure_sources_json() -%}\n" + json.dumps(direct) + "\n{%- endmacro %}\n\n"
        "{#- The event sources with an acceptance step of their own: {source: {acceptance_days,\n"
        "    handling_days_from_acceptance}} (their file's [deadlines]). -#}\n"
        "{% macro acceptance_terms_json() -%}\n"
        + json.dumps(acceptance, sort_keys=True)
        + "\n{%- endmacro %}\n"
    )


def value_seeds() -> dict[str, str]:
    """The seeds that say what each source's codes mean, from the source files' [codes], [statuses],
    [categories] and [deadlines] tables: {seed name: CSV text}."""
    tables = {
        "source_vocabularies": (("source", "field", "value", "value_en"), []),
        "status_map": (("source", "status", "lifecycle_state", "description"), []),
        "taxonomy_source_map": (("source", "source_field", "source_value", "category_code"), []),
        "sla_rules": (("source", "category_code", "request_type", "urgency", "deadline", "unit"), []),
    }
    for spec in SPECS.values():
        for fld, codes in spec.codes.items():
            tables["source_vocabularies"][1].extend((spec.name, fld, k, v) for k, v in codes.items())
        for status, meaning in spec.statuses.items():
            tables["status_map"][1].append((spec.name, status, meaning["state"], meaning.get("note", "")))
        for fld, mapping in spec.categories.items():
            tables["taxonomy_source_map"][1].extend((spec.name, fld, k, v) for k, v in mapping.items())
        for r in spec.deadlines:
            tables["sla_rules"][1].append(
                (spec.name, r["category"], r["request_type"], r["urgency"], r["deadline"], r["unit"])
            )
    out = {}
    for name, (header, rows) in tables.items():
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        out[name] = buf.getvalue()
    return out


def raw_source_yaml(spec) -> str:
    """dbt_project/models/staging/<source>/_<source>__sources.yml: the raw table dbt reads, with its
    freshness (events daily: 26 hours, the var stale_after_hours; registries: refresh_days)."""
    key = ", ".join(f"`{f.column}`" for f in spec.key_fields) or "none"
    if spec.kind == "event" or not spec.refresh_days:
        note, warn = (
            "events arrive daily: stale after 26 hours (the same limit as var stale_after_hours)",
            "{count: 26, period: hour}",
        )
    else:
        note = "a registry is refreshed on its own cycle; the warehouse freshness check reads this limit too"
        warn = f"{{count: {spec.refresh_days}, period: day}}"
    description = f"{spec.description} Key field: {key}. Lineage: `_load_id`, `_source_file`, `_row_number`, `_loaded_at`; unknown columns in `_extra`."
    return f"""# Generated from ingest/sources/{spec.name}.toml by `python -m ingest.docs`; do not edit by hand.
version: 2

sources:
  - name: {spec.name}
    description: "Raw layer written by `python -m ingest load` (source file ingest/sources/{spec.name}.toml): every value as text, plus lineage columns."
    # DuckDB attaches the raw layer as catalog `lake`; Spark reads it as tables of schema raw (engine_setup)
    database: "{{{{ 'lake' if target.type == 'duckdb' else '' }}}}"
    schema: raw
    loaded_at_field: "cast(_loaded_at as timestamp)"
    # {note}
    freshness:
      warn_after: {warn}
    tables:
      - name: {spec.name}
        description: {json.dumps(description, ensure_ascii=False)}
        columns:
          - name: _load_id
            data_tests: [not_null]
"""


def raw_source_path(name: str) -> Path:
    return ROOT / "dbt_project/models/staging" / name / f"_{name}__sources.yml"


def _staging_model(source: str) -> str | None:
    """The source's staging model: the one stg_*.sql in models/staging/<source>/."""
    found = sorted((ROOT / "dbt_project/models/staging" / source).glob("stg_*.sql"))
    return found[0].stem if found else None


ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "dbt_project/seeds/event_sources.csv"
MACRO = ROOT / "dbt_project/macros/source_files.sql"

if __name__ == "__main__":
    Path("docs/sources.md").write_text(render(), encoding="utf-8")
    SEED.write_text(event_sources_seed(), encoding="utf-8")
    MACRO.write_text(source_files_macro(), encoding="utf-8")
    for name, text in value_seeds().items():
        (ROOT / "dbt_project/seeds" / f"{name}.csv").write_text(text, encoding="utf-8")
    for spec in SPECS.values():
        raw_source_path(spec.name).parent.mkdir(parents=True, exist_ok=True)
        raw_source_path(spec.name).write_text(raw_source_yaml(spec), encoding="utf-8")
