"""GB 11643 resident IDs and GB 32100 credit codes: the published examples and planted faults."""

from random import Random

import pandas as pd
import pyarrow as pa
import pytest

from ingest.rules.identifiers import (
    INVALID,
    id_check_char,
    id_document_kind,
    id_number_problem,
    id_numbers_valid,
    org_code_check_char,
    phone_problem,
    phones_valid,
    uscc_problem,
    usccs_valid,
)
from ingest.synth.registries import uscc


def test_published_id_example_passes():
    assert id_check_char("11010519491231002") == "X"
    assert id_number_problem("11010519491231002X") is None


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("110105194912310021", "check character"),  # wrong check char
        ("11010519491331002X", "birth date"),  # month 13
        ("1101051949123100", "format"),  # too short
        ("11010519491231002x", "format"),  # lower-case x is not the standard
    ],
)
def test_bad_id_numbers_name_the_problem(value, problem):
    assert id_number_problem(value).startswith(problem)


def test_generated_uscc_pass_and_planted_fail():
    rng = Random(3)
    assert all(uscc_problem(uscc(rng)) is None for _ in range(500))
    assert all(uscc_problem(uscc(rng, valid=False)) is not None for _ in range(500))


def test_uscc_rules():
    good = uscc(Random(1))
    assert uscc_problem(good.replace(good[5], "I", 1)).startswith("format")  # I is not in the alphabet
    broken_org = good[:16] + ("0" if good[16] != "0" else "1") + good[17]
    assert uscc_problem(broken_org) is not None
    assert org_code_check_char("D2143569") == "X"  # the textbook GB 11714 example D2143569-X


@pytest.mark.parametrize("value", ["13900001111", "+8613900001111", "025-84561234", "02584561234"])
def test_phones_accepted(value):
    assert phone_problem(value) is None


@pytest.mark.parametrize("value", ["1390000111", "12900001111", "abc"])
def test_phones_rejected(value):
    assert phone_problem(value) is not None


def _mutations(rng: Random, good: list[str]) -> list[str]:
    """Valid values and the ways exports break them: a changed digit, a date that does not exist,
    a birth year before 1900 or in the future, lower-case x, wrong length, letters, full-width digits,
    spaces, empty text and None."""
    out: list = list(good)
    for v in good:
        i = rng.randrange(18)
        out.append(v[:i] + str((int(v[i]) + 1) % 10 if v[i].isdigit() else 1) + v[i + 1 :])
        out += [v[:10] + "0230" + v[14:], v[:6] + "1899" + v[10:], v[:6] + "2999" + v[10:]]
        out += [v[:17] + "x", v[:17], v + "1", v.replace(v[3], "A", 1), "１" + v[1:], v[:9] + " " + v[10:]]
    return [*out, "", "None", None, "13900001111", "+8613900001111", "025-84561234", "025 8456 1234", "abc"]


def test_vectorised_checks_agree_with_the_reference():
    rng = Random(11)
    good = []
    for _ in range(300):
        first = f"320104{rng.randint(1930, 2020)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
        good.append(first + id_check_char(first))
    values = _mutations(rng, good)
    # calendar edges, each with a correct check character: leap days, month ends, today's neighbours
    for born in (
        "20000229",
        "19000229",
        "20230229",
        "20240229",
        "19991231",
        "19990431",
        "19991301",
        "19990100",
    ):
        values.append(f"320104{born}123" + id_check_char(f"320104{born}123"))
    series = pd.Series(values, dtype=object)
    passes = [id_document_kind(str(v)) not in (None, INVALID) for v in values]
    assert list(id_numbers_valid(series)) == passes
    assert list(phones_valid(series)) == [phone_problem(str(v)) is None for v in values]
    assert id_numbers_valid(series[: len(good)]).all()
    # a passport number is another document, not an invalid ID; no value is not a valid one
    assert list(id_numbers_valid(pa.array(["E12345678", "", None, "3201041990010112"]))) == [
        True,
        False,
        False,
        False,
    ]


def test_vectorised_uscc_check_agrees_with_the_reference():
    rng = Random(12)
    good = [uscc(rng) for _ in range(300)]
    values = [*good, *(uscc(rng, valid=False) for _ in range(300))]
    for v in good[:60]:
        i = rng.randrange(18)
        values += [
            v[:i] + rng.choice("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") + v[i + 1 :],
            v.lower(),
            v[:17],
            v + "1",
        ]
        values += [v[:8] + "ZZZZZZZZ" + v[16:], "９" + v[1:], v[:9] + " " + v[10:]]
    values += ["", "None", None, "abc", 91320104123456789]
    assert list(usccs_valid(pd.Series(values, dtype=object))) == [
        uscc_problem(str(v)) is None for v in values
    ]
    assert usccs_valid(pd.Series(good, dtype=object)).all()
