"""Check characters of Chinese identifiers (GB 11643 resident ID, GB 32100 USCC).

Used by the demo generator to mint valid (and deliberately invalid) codes and by the
quality gates to verify them, so both sides agree on one implementation.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
ORG_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # org codes (GB 11714) may use any letter

_ID_RE = re.compile(r"^[0-9]{17}[0-9X]$")  # ASCII digits only (\d would take any script's digits)
_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
MOBILE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def id_number_problem(value: str) -> str | None:
    """Return why an 18-char resident ID number is invalid, or None when it passes."""
    if not _ID_RE.match(value):
        return "format: expected 17 digits and a digit or X"
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        return "birth date: not a calendar date"
    if born.year < 1900 or born > date.today():
        return "birth date: outside 1900..today"
    if id_check_char(value[:17]) != value[17]:
        return "check character: GB 11643 mod-11 mismatch"
    return None


def org_code_check_char(first8: str) -> str:
    """GB 11714 organisation-code check character (positions 9-17 of a USCC)."""
    total = sum(ORG_ALPHABET.index(c) * w for c, w in zip(first8, ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def uscc_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters of a USCC."""
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(value: str) -> str | None:
    """Return why a unified social credit code is invalid, or None when it passes."""
    if not _USCC_RE.match(value):
        return "format: expected 18 chars of 0-9 A-H J-N P Q R T U W X Y"
    if org_code_check_char(value[8:16]) != value[16]:
        return "organisation code: GB 11714 check mismatch"
    if uscc_check_char(value[:17]) != value[17]:
        return "check character: GB 32100 mod-31 mismatch"
    return None


def phone_problem(value: str) -> str | None:
    """Return why a phone number is malformed, or None (mobile or landline)."""
    digits = value.replace(" ", "")
    if MOBILE_RE.match(digits) or LANDLINE_RE.match(digits):
        return None
    return "format: expected a mobile 1[3-9]xxxxxxxxx or a landline 0xx-xxxxxxxx"


# Vectorised forms of the checks above, for whole columns (the ingest gates see 700k-row registries;
# one Python call per value cost 5 s there). Same rules; tests/test_identifiers.py compares them
# with the per-value reference on valid and broken values.
def id_numbers_valid(values: pd.Series) -> np.ndarray:
    """Boolean per value: True where `id_number_problem` returns None."""
    text = values.astype(str)
    ok = text.str.fullmatch(r"[0-9]{17}[0-9X]").fillna(False).to_numpy(dtype=bool)
    if not ok.any():
        return ok
    chars = np.frombuffer("".join(text[ok]).encode("ascii"), dtype=np.uint8).reshape(-1, 18)
    digits = chars[:, :17].astype(np.int64) - 48
    check = np.frombuffer(ID_CHECK.encode("ascii"), dtype=np.uint8)[(digits @ np.array(ID_WEIGHTS)) % 11]
    born = pd.to_datetime(text[ok].str.slice(6, 14), format="%Y%m%d", errors="coerce")
    today = pd.Timestamp(date.today())
    dated = (born.notna() & (born.dt.year >= 1900) & (born <= today)).to_numpy(dtype=bool)
    ok[ok] = dated & (check == chars[:, 17])
    return ok


def phones_valid(values: pd.Series) -> np.ndarray:
    """Boolean per value: True where `phone_problem` returns None."""
    digits = values.astype(str).str.replace(" ", "", regex=False)
    return (
        digits.str.fullmatch(MOBILE_RE.pattern[1:-1]).fillna(False)
        | digits.str.fullmatch(LANDLINE_RE.pattern[1:-1]).fillna(False)
    ).to_numpy(dtype=bool)


# Masking, as the warehouse does it (dbt macros mask_id_number / mask_phone / mask_name).
def mask_id_number(value: str | None) -> str | None:
    if value is None:
        return None
    return value[:6] + "*" * max(len(value) - 10, 0) + value[-4:]


def mask_phone(value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) >= 11:
        return value[-11:][:3] + "****" + value[-4:]
    return "*" * max(len(value) - 4, 0) + value[-4:]


def mask_name(value: str | None) -> str | None:
    if value is None:
        return None
    return value[:1] + "*" * max(len(value) - 1, 1)
