"""Check characters of Chinese identifiers (GB 11643 resident ID, GB 32100 USCC).

Used by the demo generator to mint valid (and deliberately invalid) codes and by the
quality gates to verify them, so both sides agree on one implementation.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from functools import cache
from pathlib import Path

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
# GB 32100: registering authority (1-9, A, N, Y), organisation type (a digit), 6-digit division code,
# then the 9-character organisation code and the check character.
_USCC_RE = re.compile(r"^[1-9ANY][1-9][0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}$")
MOBILE_RE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}$")


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits of a resident ID number."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11]


def _birth_date_problem(yyyymmdd: str) -> str | None:
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return "birth date: not a calendar date"
    if born.year < 1900 or born > date.today():
        return "birth date: outside 1900..today"
    return None


def id_number_problem(value: str) -> str | None:
    """Return why an 18-char ID number (resident ID, HK/Macau/Taiwan residence permit, foreigner's
    permanent residence ID of 2023: all GB 11643-shaped) is invalid, or None when it passes."""
    if not _ID_RE.fullmatch(value):
        return "format: expected 17 digits and a digit or X"
    problem = _birth_date_problem(value[6:14])
    if problem:
        return problem
    if id_check_char(value[:17]) != value[17]:
        return "check character: GB 11643 mod-11 mismatch"
    return None


# Kinds of personal document an "ID number" column holds (one rule, twice: here and in the SQL
# macro id_document_kind; tests/test_identifier_parity.py runs both over the same inputs).
RESIDENT = "resident"  # 18-digit resident ID (GB 11643)
RESIDENT_15 = "resident_15"  # first-generation 15-digit ID (before 1999): upgraded to 18 digits
HMT_PERMIT = "hmt_residence_permit"  # Hong Kong / Macau / Taiwan residents' residence permit: 81/82/83
FOREIGN_PERMANENT = (
    "foreign_permanent_residence"  # 外国人永久居留身份证: 18 digits from 9, or 3 letters + 12 digits
)
OTHER_DOCUMENT = "other_document"  # passports and anything else: kept, never "invalid"
INVALID = "invalid"  # shaped like an ID number (13-20 digits, maybe a final letter) but not a valid one
VALID_KINDS = (RESIDENT, RESIDENT_15, HMT_PERMIT, FOREIGN_PERMANENT)

_ID15_RE = re.compile(r"^[0-9]{15}$")
_FOREIGN_OLD_RE = re.compile(r"^[A-Z]{3}[0-9]{12}$")
_ID_SHAPED_RE = re.compile(r"^[0-9]{13,20}[A-Z]?$")  # a truncated, padded or mistyped ID number


def upgrade_id15(value: str) -> str:
    """A 15-digit ID as its 18-digit form (GB 11643: century 19 inserted, check character added)."""
    first17 = value[:6] + "19" + value[6:15]
    return first17 + id_check_char(first17)


def id_document_kind(value: str | None) -> str | None:
    """Which kind of document a (cleaned, upper-cased) ID value is; None for no value."""
    if value is None or value == "":
        return None
    if _ID_RE.fullmatch(value):
        if id_number_problem(value):
            return INVALID
        if value[:2] in ("81", "82", "83"):
            return HMT_PERMIT
        if value[0] == "9":
            return FOREIGN_PERMANENT
        return RESIDENT
    if _ID15_RE.fullmatch(value):
        return INVALID if _birth_date_problem("19" + value[6:12]) else RESIDENT_15
    if _FOREIGN_OLD_RE.fullmatch(value):
        return FOREIGN_PERMANENT
    if _ID_SHAPED_RE.fullmatch(value):
        return INVALID
    return OTHER_DOCUMENT


def id_number_18(value: str | None) -> str | None:
    """The value a person is keyed by: a valid 15-digit ID upgraded to 18 digits, anything else as is."""
    if value is not None and id_document_kind(value) == RESIDENT_15:
        return upgrade_id15(value)
    return value


@cache
def region_prefixes() -> frozenset[str]:
    """Known 4-digit province+city prefixes (seed id_region_prefixes)."""
    seed = Path(__file__).resolve().parents[2] / "dbt_project" / "seeds" / "id_region_prefixes.csv"
    with seed.open(encoding="utf-8", newline="") as f:
        return frozenset(row["prefix"] for row in csv.DictReader(f))


def id_region_known(value: str | None) -> bool | None:
    """Soft check: the region of a resident ID (18 or 15 digits) is a known province and city.
    None where it does not apply (other kinds, no value)."""
    if id_document_kind(value) not in (RESIDENT, RESIDENT_15):
        return None
    return value[:4] in region_prefixes()


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
    if not _USCC_RE.fullmatch(value):
        return "format: expected authority 1-9/A/N/Y, a type digit, a 6-digit division code, then 10 of 0-9 A-H J-N P Q R T U W X Y"
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


def _dates_ok(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """A calendar date from 1900 to today (month lengths and leap years by hand)."""
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    month_days = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])[np.clip(month, 0, 12)]
    month_days = month_days + ((month == 2) & leap)
    today = date.today()
    ymd = year * 10000 + month * 100 + day
    return (
        (month >= 1)
        & (month <= 12)
        & (day >= 1)
        & (day <= month_days)
        & (year >= 1900)
        & (ymd <= today.year * 10000 + today.month * 100 + today.day)
    )


def id_numbers_valid(values) -> np.ndarray:
    """Boolean per value: True where `id_document_kind` is not INVALID (every other document kind
    passes; an empty value does not)."""
    text = _strings(values)
    present = ~pc.fill_null(pc.equal(text, ""), True).to_numpy(zero_copy_only=False)
    ok = present & ~_matches(text, _ID_SHAPED_RE.pattern)
    is18 = _matches(text, r"^[0-9]{17}[0-9X]$")
    if is18.any():
        chars = _fixed_width_bytes(text.filter(pa.array(is18)), 18)
        digits = chars[:, :17].astype(np.int64) - 48
        check = np.frombuffer(ID_CHECK.encode("ascii"), dtype=np.uint8)[(digits @ np.array(ID_WEIGHTS)) % 11]
        year, month, day = (_number(digits[:, a:b]) for a, b in ((6, 10), (10, 12), (12, 14)))
        ok[is18] = _dates_ok(year, month, day) & (check == chars[:, 17])
    is15 = _matches(text, r"^[0-9]{15}$")
    if is15.any():
        digits = _fixed_width_bytes(text.filter(pa.array(is15)), 15).astype(np.int64) - 48
        year, month, day = (_number(digits[:, a:b]) for a, b in ((6, 8), (8, 10), (10, 12)))
        ok[is15] = _dates_ok(year + 1900, month, day)
    return ok


def id_regions_known(values) -> np.ndarray:
    """Boolean per value: False only where `id_region_known` is False (a valid resident ID whose
    province+city prefix is not a known division); True where the check does not apply."""
    text = _strings(values)
    valid = id_numbers_valid(text)
    resident = (_matches(text, r"^[0-9]{17}[0-9X]$") & ~_matches(text, r"^(9|81|82|83)")) | _matches(
        text, r"^[0-9]{15}$"
    )
    applies = valid & resident
    prefix = pc.utf8_slice_codeunits(text, 0, 4)
    known = pc.fill_null(pc.is_in(prefix, value_set=pa.array(sorted(region_prefixes()))), False)
    return ~applies | known.to_numpy(zero_copy_only=False)


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


# Masking, as the warehouse does it (dbt macros mask_id_number / mask_phone / mask_name /
# mask_personal_text).
@cache
def _personal_text_masks() -> tuple[tuple[re.Pattern, str, int], ...]:
    import yaml

    project = Path(__file__).resolve().parents[2] / "dbt_project" / "dbt_project.yml"
    rules = yaml.safe_load(project.read_text(encoding="utf-8"))["vars"]["personal_text_masks"]
    return tuple((re.compile(pattern), replacement, int(passes)) for pattern, replacement, passes in rules)


def mask_personal_text(value: str | None) -> str | None:
    """Free text with the personal data inside it masked (the dbt var personal_text_masks: ID numbers,
    bank cards, mobiles, a name after a cue word), each rule as many passes as the SQL macro runs it."""
    if value is None:
        return None
    for pattern, replacement, passes in _personal_text_masks():
        for _ in range(passes):
            value = pattern.sub(replacement, value)
    return value


def mask_id_number(value: str | None) -> str | None:
    """ID numbers keep region and last four; a short document (a passport) its first and last two."""
    if value is None:
        return None
    if len(value) >= 15:
        return value[:6] + "*" * (len(value) - 10) + value[-4:]
    if len(value) <= 4:
        return "*" * len(value)
    return value[:1] + "*" * (len(value) - 3) + value[-2:]


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
