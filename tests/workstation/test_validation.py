"""Offline checks of ID numbers, credit codes and phone numbers."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from workstation.validation import (
    CREDIT_ALPHABET,
    Problem,
    birth_date_of,
    check_credit_code,
    check_phone,
    check_resident_id,
    credit_check_character,
    id_check_character,
    org_check_character,
    sex_of,
)

TODAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize("number", [
    "110101199003078523", "110101197511302318", "650102195806150043", "11010119491001001X",
])
def test_valid_resident_ids(number: str) -> None:
    assert check_resident_id(number, TODAY).ok


def test_id_numbers_are_normalised_as_typed() -> None:
    assert check_resident_id("１１０１０１ １９４９１００１ ００１x", TODAY) == \
        check_resident_id("11010119491001001X", TODAY)


@pytest.mark.parametrize(("number", "problem"), [
    ("", Problem.EMPTY),
    ("11010119900307852", Problem.ID_LENGTH),
    ("110101900307852", Problem.ID_LENGTH),  # first-generation 15-digit numbers are gone
    ("1101011990030785A3", Problem.ID_CHARACTERS),
    ("X10101199003078523", Problem.ID_CHARACTERS),
    ("990101199003078523", Problem.ID_REGION),
    ("999001199001011234", Problem.ID_REGION),  # the demo region of printed samples
    ("110101199002308523", Problem.ID_BIRTH_DATE),  # 30 February
    ("110101202712010011", Problem.ID_BIRTH_DATE),  # born in the future
    ("110101199003078524", Problem.ID_CHECK),
])
def test_invalid_resident_ids_name_the_problem(number: str, problem: Problem) -> None:
    assert check_resident_id(number, TODAY).problem is problem


def test_any_single_mistyped_digit_is_caught() -> None:
    rng = random.Random(7)
    for _ in range(300):
        body = "11" + "".join(rng.choice("0123456789") for _ in range(4)) + "19850612" + \
            "".join(rng.choice("0123456789") for _ in range(3))
        number = body + id_check_character(body)
        assert check_resident_id(number, TODAY).ok
        position = rng.randrange(14, 17)  # the sequence digits: always a valid shape
        wrong = str((int(number[position]) + rng.randrange(1, 10)) % 10)
        typo = number[:position] + wrong + number[position + 1:]
        assert check_resident_id(typo, TODAY).problem is Problem.ID_CHECK


def test_birth_date_and_sex_come_from_the_number() -> None:
    assert birth_date_of("110101199003078523") == dt.date(1990, 3, 7)
    assert sex_of("110101199003078523") == "女" and sex_of("110101197511302318") == "男"


@pytest.mark.parametrize("code", [
    "9144030071526726XG", "91330100716105852F", "91110000802100433B", "91350100M000100Y43",
])
def test_published_credit_codes_are_valid(code: str) -> None:
    assert check_credit_code(code).ok
    assert check_credit_code(code.lower()).ok


@pytest.mark.parametrize(("code", "problem"), [
    ("", Problem.EMPTY),
    ("9144030071526726X", Problem.CREDIT_LENGTH),
    ("9144030071526726XI", Problem.CREDIT_CHARACTERS),  # I never occurs
    ("91440A0071526726XG", Problem.CREDIT_CHARACTERS),  # the region is digits
    ("9144030071526727XG", Problem.CREDIT_ORG_CHECK),
    ("9144030071526726XH", Problem.CREDIT_CHECK),
])
def test_invalid_credit_codes_name_the_problem(code: str, problem: Problem) -> None:
    assert check_credit_code(code).problem is problem


def test_generated_credit_codes_round_trip() -> None:
    rng = random.Random(11)
    for _ in range(200):
        org = "".join(rng.choice(CREDIT_ALPHABET) for _ in range(8))
        first17 = "91" + "".join(rng.choice("0123456789") for _ in range(6)) + org + \
            org_check_character(org)
        assert check_credit_code(first17 + credit_check_character(first17)).ok


@pytest.mark.parametrize(("typed", "clean"), [
    ("13900001234", "13900001234"),
    ("+86 139 0000 1234", "13900001234"),
    ("139-0000-1234", "13900001234"),
    ("0991-2345678", "0991-2345678"),
    ("（0991）2345678", "0991-2345678"),
    ("01062345678", "010-62345678"),
    ("021-62345678-801", "021-62345678-801"),
    ("4008001234", "4008001234"),
])
def test_phone_numbers_are_accepted_and_written_the_usual_way(typed: str, clean: str) -> None:
    checked = check_phone(typed)
    assert checked.ok and checked.value == clean


@pytest.mark.parametrize("typed", ["12345", "12900001234", "0991-1234567", "139000012345"])
def test_bad_phone_numbers_are_refused(typed: str) -> None:
    assert check_phone(typed).problem is Problem.PHONE
