"""The steward's address aliases: names people write that the registry spells differently or lacks,
confirmed by a person, used by the next build (model int_address_texts_matched reads the file).

One CSV per deployment (data/steward/address_aliases.csv, beside the lake): a row per confirmation,
the latest row of an alias wins. Every confirmation is also one line in the audit log. Nothing here
touches the warehouse; the shipped, district-wide aliases are the seed dbt_project/seeds/address_aliases.csv.
"""

from __future__ import annotations

import csv
import os
import threading
from datetime import datetime
from pathlib import Path

from .. import audit
from .normalise import normalise

FIELDS = ["alias", "kind", "target", "note", "confirmed_by", "confirmed_at", "status"]
KINDS = ("address", "text")
_lock = threading.Lock()


class AliasError(ValueError):
    """A confirmation that cannot be written; the message says which field and why."""


def aliases_path(data_dir: Path) -> Path:
    return Path(os.environ.get("YIPING_STEWARD_ALIASES", data_dir / "steward" / "address_aliases.csv"))


def read_aliases(path: Path) -> list[dict]:
    """The confirmed rows of an aliases file (none when there is no file)."""
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as f:
        return [r for r in csv.DictReader(f) if r.get("status", "confirmed") == "confirmed"]


def confirm_alias(
    data_dir: Path,
    *,
    alias: str,
    kind: str,
    target: str,
    by: str,
    role: str = "steward",
    note: str = "",
    known_codes: set[str] | None = None,
) -> dict:
    """Append one confirmed alias and its audit line; returns the row written."""
    alias, target = (alias or "").strip(), (target or "").strip()
    if len(normalise(alias)) < 2:
        raise AliasError("alias: at least two characters of address text are needed")
    if kind not in KINDS:
        raise AliasError(f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    if not target:
        raise AliasError("target: an address code (kind address) or a replacement text (kind text) is needed")
    if kind == "address" and known_codes is not None and target not in known_codes:
        raise AliasError(f"target: {target!r} is not an address code of the standard-address registry")
    if not by.strip():
        raise AliasError("confirmed_by: who confirms must be named")
    row = {
        "alias": alias,
        "kind": kind,
        "target": target,
        "note": note.strip(),
        "confirmed_by": by.strip(),
        "confirmed_at": datetime.now().isoformat(timespec="seconds"),
        "status": "confirmed",
    }
    path = aliases_path(data_dir)
    with _lock:
        path.parent.mkdir(parents=True, exist_ok=True)
        new = not path.exists()
        with path.open("a", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=FIELDS)
            if new:
                w.writeheader()
            w.writerow(row)
        audit.append(
            data_dir, username=row["confirmed_by"], role=role, page="addresses", subject="address_alias",
            action="confirm", at=row["confirmed_at"], alias=alias, kind=kind, target=target,
        )  # fmt: skip
    return row
