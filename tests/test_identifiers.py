"""GB 11643 resident IDs and GB 32100 credit codes: the published examples and planted faults."""

from random import Random

import pytest

from ingest.identifiers import (
    id_check_char,
    id_number_problem,
    org_code_check_char,
    phone_problem,
    uscc_problem,
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
