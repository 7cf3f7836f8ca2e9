"""MRZ parsing and BAC keys against the worked examples of ICAO 9303."""

from __future__ import annotations

import datetime as dt

import pytest

from devices.cards.mrz import (
    MrzError,
    MrzProblem,
    bac_information,
    bac_keys,
    check_digit,
    derive_key,
    key_seed,
    parse,
)

TODAY = dt.date(2026, 11, 23)
# ICAO 9303 part 4, appendix: the specimen passport of Anna Maria Eriksson, Utopia.
TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10")
# ICAO 9303 part 5, appendix: the specimen identity card.
TD1 = ("I<UTOD231458907<<<<<<<<<<<<<<<\n"
       "7408122F1204159UTO<<<<<<<<<<<6\n"
       "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")


def test_check_digits() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("L898902C<") == "3"
    assert check_digit("690806") == "1" and check_digit("940623") == "6"
    assert check_digit("<<<<<<") == "0"


def test_passport_book() -> None:
    mrz = parse(TD3, TODAY)
    assert (mrz.layout, mrz.document_code, mrz.issuing_state) == ("TD3", "P", "UTO")
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert mrz.document_number == "L898902C3" and mrz.nationality == "UTO"
    assert mrz.birth_date == dt.date(1974, 8, 12) and mrz.sex == "F"
    assert mrz.expiry_date == dt.date(2012, 4, 15)
    assert mrz.optional_data == "ZE184226B"


def test_identity_card_and_run_together_text() -> None:
    mrz = parse(TD1, TODAY)
    assert (mrz.layout, mrz.document_code, mrz.document_number) == ("TD1", "I", "D23145890")
    assert mrz.birth_date == dt.date(1974, 8, 12) and mrz.expiry_date == dt.date(2012, 4, 15)
    assert (mrz.surname, mrz.given_names) == ("ERIKSSON", "ANNA MARIA")
    assert parse(TD1.replace("\n", ""), TODAY) == mrz


@pytest.mark.parametrize(("position", "problem"), [
    (44 + 9, MrzProblem.DOCUMENT_NUMBER),
    (44 + 19, MrzProblem.BIRTH_DATE),
    (44 + 27, MrzProblem.EXPIRY_DATE),
    (44 + 42, MrzProblem.OPTIONAL_DATA),
    (44 + 43, MrzProblem.COMPOSITE),
])
def test_a_wrong_check_digit_names_its_field(position: int, problem: MrzProblem) -> None:
    flat = TD3.replace("\n", "")
    wrong = str((int(flat[position]) + 1) % 10)
    bad = flat[:position] + wrong + flat[position + 1:]
    with pytest.raises(MrzError) as raised:
        parse(bad[:44] + "\n" + bad[44:], TODAY)
    assert raised.value.problem is problem


@pytest.mark.parametrize("text", ["", "P<UTO", TD3.replace("<", "-"), TD3[:-1]])
def test_garbage_is_a_clear_error(text: str) -> None:
    with pytest.raises(MrzError):
        parse(text, TODAY)


def test_bac_keys_of_the_worked_example() -> None:
    # ICAO 9303 part 11, appendix D.2.
    information = bac_information("L898902C", dt.date(1969, 8, 6), dt.date(1994, 6, 23))
    assert information == "L898902C<369080619406236"
    seed = key_seed(information)
    assert seed.hex().upper() == "239AB9CB282DAF66231DC5A4DF6BFBAE"
    assert derive_key(seed, 1).hex().upper() == "AB94FDECF2674FDFB9B391F85D7F76F2"
    assert derive_key(seed, 2).hex().upper() == "7962D9ECE03D1ACD4C76089DCE131543"
    assert bac_keys("l898902c", dt.date(1969, 8, 6), dt.date(1994, 6, 23)) == (
        derive_key(seed, 1), derive_key(seed, 2))


def test_two_digit_years() -> None:
    young = "P<CHNZHOU<<MINGYUAN<<<<<<<<<<<<<<<<<<<<<<<<<\n" \
            "EJ1234567" + check_digit("EJ1234567") + "CHN" + "881201" + check_digit("881201") \
            + "M" + "330601" + check_digit("330601")
    optional = "<" * 14
    body = young.split("\n")[1] + optional + "<"
    composite = body[0:10] + body[13:20] + body[21:43]
    mrz = parse(young.split("\n")[0] + "\n" + body + check_digit(composite), TODAY)
    assert mrz.birth_date == dt.date(1988, 12, 1)  # not 2088
    assert mrz.expiry_date == dt.date(2033, 6, 1)  # not 1933
