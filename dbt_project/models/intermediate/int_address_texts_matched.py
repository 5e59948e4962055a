"""One row per distinct (place text, street hint): the standard address it names, how, how sure, the
runner-up, and the grid the text alone places it in.

The matcher is Python (ingest/addresses, rules in docs/geocoding.md): parsing into elements, exact
lookups, then typos and homophones (rapidfuzz, pypinyin), aliases as data. Incremental: a build matches
only texts it has not seen, and every text again when the registry or the aliases changed (the index
fingerprint differs).
"""

import csv
import hashlib
import os
from pathlib import Path

import pyarrow as pa

import ingest
from ingest.addresses import AddressIndex, match_rows
from ingest.addresses.district import other_district_names

DEFAULT_STEWARD_ALIASES = (
    Path(ingest.__file__).resolve().parents[1] / "data" / "steward" / "address_aliases.csv"
)

COLUMNS = [
    ("place_key", pa.string()),
    ("place_text", pa.string()),
    ("street_hint", pa.string()),
    ("normalised_text", pa.string()),
    ("road", pa.string()),
    ("house_number_key", pa.string()),
    ("house_sub_key", pa.string()),
    ("estate", pa.string()),
    ("building_key", pa.string()),
    ("unit_key", pa.string()),
    ("room_key", pa.string()),
    ("named_street", pa.string()),
    ("address_code", pa.string()),
    ("match_method", pa.string()),
    ("match_confidence", pa.float64()),
    ("runner_up_code", pa.string()),
    ("runner_up_confidence", pa.float64()),
    ("candidate_codes", pa.list_(pa.string())),
    ("text_grid_code", pa.string()),
    ("text_grid_codes", pa.list_(pa.string())),
    ("index_fingerprint", pa.string()),
]


def _steward_aliases(path: str) -> list[dict]:
    p = Path(path)
    if not path or not p.is_file():
        return []
    with p.open(encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f) if r.get("status", "confirmed") == "confirmed"]


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        unique_key="place_key",
        incremental_strategy="delete+insert",
        on_schema_change="fail",
    )
    library = dbt.ref("int_addresses_indexed")
    registry = library.select(
        "address_code, street_name, community_name, road, house_number, estate, building, unit, room, full_address, "
        "grid_code, lng, lat, _registry_loaded_at as _loaded_at"
    )
    registry_rows = [dict(zip(registry.columns, r, strict=True)) for r in registry.fetchall()]
    aliases = [
        dict(zip(("alias", "kind", "target"), r, strict=True))
        for r in dbt.ref("address_aliases").select("alias, kind, target").fetchall()
    ]
    # read when the model runs (not from the parsed config: partial parsing keeps an old path)
    aliases += _steward_aliases(os.environ.get("YIPING_STEWARD_ALIASES") or str(DEFAULT_STEWARD_ALIASES))
    streets = [r[0] for r in dbt.ref("qinhuai_streets").select("street_name").fetchall()]

    digest = hashlib.sha256()
    digest.update(str(max((r["_loaded_at"] for r in registry_rows), default="")).encode())
    digest.update(str(len(registry_rows)).encode())
    for a in sorted((str(a.get("alias")), str(a.get("kind")), str(a.get("target"))) for a in aliases):
        digest.update("\x1f".join(a).encode())
    fingerprint = digest.hexdigest()[:16]

    collected = dbt.ref("int_address_texts_collected")
    if dbt.is_incremental:
        seen = session.sql(f"select distinct index_fingerprint from {dbt.this}").fetchall()
        if seen == [(fingerprint,)]:
            collected = collected.filter(f"place_key not in (select place_key from {dbt.this})")
    rows = collected.select("place_key, place_text, street_hint").fetchall()

    district_code = dbt.config.get("district_code")
    ix = AddressIndex.build(
        registry_rows,
        aliases,
        own_district_names=(dbt.config.get("district_name"),),
        other_districts=other_district_names(district_code),
        streets=streets,
    )
    out = {name: [] for name, _ in COLUMNS}
    for (key, m), (_, text, hint) in zip(match_rows(ix, rows), rows, strict=True):
        out["place_key"].append(key)
        out["place_text"].append(text)
        out["street_hint"].append(hint)
        for name in (
            "normalised_text",
            "road",
            "house_number_key",
            "house_sub_key",
            "estate",
            "building_key",
            "unit_key",
            "room_key",
            "named_street",
            "address_code",
            "runner_up_code",
        ):
            out[name].append(getattr(m, name) or None)
        out["match_method"].append(m.match_method)
        out["match_confidence"].append(m.match_confidence)
        out["runner_up_confidence"].append(m.runner_up_confidence if m.runner_up_code else None)
        out["candidate_codes"].append(m.candidate_codes or None)
        out["text_grid_code"].append(m.grid_code or None)
        out["text_grid_codes"].append(m.grid_codes or None)
        out["index_fingerprint"].append(fingerprint)
    return pa.table(out, schema=pa.schema(COLUMNS))
