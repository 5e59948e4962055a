"""Check characters of Chinese identifiers (GB 11643 resident ID, GB 32100 USCC).

Used by the demo generator to mint valid (and deliberately invalid) codes and by the
quality gates to verify them, so both sides agree on one implementation.
"""

from __future__ import annotations

import re
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

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
# with the per-value reference on valid and broken values. Regexes run in Arrow (RE2), where
# Python's Unicode `\d` is spelled `\p{Nd}`.
def _strings(values) -> pa.Array:
    """Values as an Arrow string array; like `str(v)` per value for anything not a string."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array) and (
        pa.types.is_string(values.type) or pa.types.is_large_string(values.type)
    ):
        return values.cast(pa.string())
    return pa.array(pd.Series(values).astype(str), type=pa.string())


def _matches(text: pa.Array, pattern: str) -> np.ndarray:
    return pc.fill_null(pc.match_substring_regex(text, pattern), False).to_numpy(zero_copy_only=False)


def _fixed_width_bytes(text: pa.Array, width: int) -> np.ndarray:
    """(n, width) bytes of an array whose values are all `width` ASCII characters."""
    text = pa.concat_arrays([text])  # a fresh, unsliced copy
    return np.frombuffer(text.buffers()[2], dtype=np.uint8, count=width * len(text)).reshape(-1, width)


def _number(digits: np.ndarray) -> np.ndarray:
    """Rows of decimal digits (0–9 each) as integers."""
    return digits @ (10 ** np.arange(digits.shape[1] - 1, -1, -1))


def id_numbers_valid(values) -> np.ndarray:
    """Boolean per value: True where `id_number_problem` returns None."""
    text = _strings(values)
    ok = _matches(text, r"^[0-9]{17}[0-9X]$")
    if not ok.any():
        return ok
    good = text.filter(pa.array(ok))
    chars = _fixed_width_bytes(good, 18)
    digits = chars[:, :17].astype(np.int64) - 48
    check = np.frombuffer(ID_CHECK.encode("ascii"), dtype=np.uint8)[(digits @ np.array(ID_WEIGHTS)) % 11]
    # the birth date: a calendar date from 1900 to today (month lengths and leap years by hand)
    year, month, day = (_number(digits[:, a:b]) for a, b in ((6, 10), (10, 12), (12, 14)))
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    month_days = month_days + ((month == 2) & leap)
    today = date.today()
    ymd = year * 10000 + month * 100 + day
    dated = (
        (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= month_days)
        & (year >= 1900)
        & (ymd <= today.year * 10000 + today.month * 100 + today.day)
    )
    ok[ok] = dated & (check == chars[:, 17])
    return ok


_USCC_INDEX = np.full(256, -1, dtype=np.int64)
_USCC_INDEX[np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(len(USCC_ALPHABET))
_ORG_INDEX = np.full(256, -1, dtype=np.int64)
_ORG_INDEX[np.frombuffer(ORG_ALPHABET.encode("ascii"), dtype=np.uint8)] = np.arange(len(ORG_ALPHABET))


def usccs_valid(values) -> np.ndarray:
    """Boolean per value: True where `uscc_problem` returns None."""
    text = _strings(values)
    ok = _matches(text, _USCC_RE.pattern)
    if not ok.any():
        return ok
    chars = _fixed_width_bytes(text.filter(pa.array(ok)), 18)
    org = 11 - (_ORG_INDEX[chars[:, 8:16]] @ np.array(ORG_WEIGHTS)) % 11
    org_char = np.frombuffer(b"0123456789X0", dtype=np.uint8)[org % 12]
    alphabet = np.frombuffer(USCC_ALPHABET.encode("ascii"), dtype=np.uint8)
    check = alphabet[(31 - (_USCC_INDEX[chars[:, :17]] @ np.array(USCC_WEIGHTS)) % 31) % 31]
    ok[ok] = (org_char == chars[:, 16]) & (check == chars[:, 17])
    return ok


def phones_valid(values) -> np.ndarray:
    """Boolean per value: True where `phone_problem` returns None."""
    digits = pc.replace_substring(_strings(values), " ", "")
    return _matches(digits, MOBILE_RE.pattern.replace(r"\d", r"\p{Nd}")) | _matches(
        digits, LANDLINE_RE.pattern.replace(r"\d", r"\p{Nd}")
    )


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
