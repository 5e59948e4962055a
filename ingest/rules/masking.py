"""Any value from an export as it may be shown to an account that may not unmask: the named
personal columns by their own rule, every other text with the personal data inside it masked
(complaint text, `_extra`, a rejected row). docs/domain.md §6; the SQL side is macros/identifiers.sql."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from .identifiers import mask_id_number, mask_name, mask_personal_text, mask_phone

MASKS: dict[str, Callable[[str | None], str | None]] = {
    "caller_name": mask_name,
    "caller_phone": mask_phone,
    "petitioner_name": mask_name,
    "petitioner_id_number": mask_id_number,
    "petitioner_phone": mask_phone,
    "person_name": mask_name,
    "id_number": mask_id_number,
    "phone": mask_phone,
    "legal_representative": mask_name,
}


def mask(column: str | None, value) -> str | None:
    """A value as it may be shown: text, masked when the column holds personal data, and any other
    text with the personal data inside it masked (complaint text, `_extra`, a rejected row)."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime | date):
        text = value.isoformat(sep=" ") if isinstance(value, datetime) else value.isoformat()
    else:
        text = str(value)
    fn = MASKS.get(column or "")
    return fn(text) if fn else mask_personal_text(text)
