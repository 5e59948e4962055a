"""What the address matcher writes per distinct place text, one definition for both engines: the dbt
Python model on DuckDB (int_address_texts_matched.py) and the table function on Spark (spark.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator

from . import AddressIndex, code_fingerprint, match_rows

# the registry's columns the index is built from (int_addresses_indexed)
REGISTRY_COLUMNS = (
    "address_code",
    "street_name",
    "community_name",
    "road",
    "house_number",
    "estate",
    "building",
    "unit",
    "room",
    "full_address",
    "grid_code",
    "lng",
    "lat",
)

# (name, Spark SQL type); Arrow types follow from these in the DuckDB model
COLUMNS = (
    ("place_text", "string"),
    ("normalised_text", "string"),
    ("road", "string"),
    ("house_number_key", "string"),
    ("house_sub_key", "string"),
    ("estate", "string"),
    ("building_key", "string"),
    ("unit_key", "string"),
    ("room_key", "string"),
    ("named_street", "string"),
    ("address_code", "string"),
    ("match_method", "string"),
    ("match_confidence", "double"),
    ("runner_up_code", "string"),
    ("runner_up_confidence", "double"),
    ("candidate_codes", "array<string>"),
    ("text_grid_code", "string"),
    ("text_grid_codes", "array<string>"),
    ("index_fingerprint", "string"),
)

# the columns a Match carries under the same name: normalised_text … address_code
_TEXT_ELEMENTS = tuple(name for name, _ in COLUMNS[1:11])


def index_fingerprint(registry_loaded_at: dt.datetime | None, addresses: int, aliases: Iterable[dict]) -> str:
    """Names one index: the registry's latest load and size, the matcher's code, every alias. A build
    matches every text again when it changes."""
    loaded = registry_loaded_at.isoformat(sep=" ", timespec="microseconds") if registry_loaded_at else ""
    digest = hashlib.sha256(f"{loaded}|{addresses}|{code_fingerprint()}".encode())
    for a in sorted((str(a.get("alias")), str(a.get("kind")), str(a.get("target"))) for a in aliases):
        digest.update("\x1f".join(a).encode())
    return digest.hexdigest()[:16]


def match_records(
    ix: AddressIndex | None, texts: list[str], fingerprint: str, processes=None
) -> Iterator[tuple]:
    """One tuple per text, in COLUMNS order."""
    if not texts:
        return
    for text, m in match_rows(ix, ((t, t, None) for t in texts), processes=processes):
        yield (
            text,
            *(getattr(m, name) or None for name in _TEXT_ELEMENTS),
            m.match_method,
            m.match_confidence,
            m.runner_up_code or None,
            m.runner_up_confidence if m.runner_up_code else None,
            m.candidate_codes or None,
            m.grid_code or None,
            m.grid_codes or None,
            fingerprint,
        )
