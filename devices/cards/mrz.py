"""Machine-readable zones (ICAO 9303 parts 3–5) and the BAC keys derived from them (part 11).

A clerk types the document number, birth date and expiry from the data page (or they come
from the case's applicant); a read chip returns DG1 with the whole MRZ. Both paths meet
here: every check digit is verified and a wrong one is named, so a mistyped field is found
before the chip is even asked (BAC with wrong data fails with a bare 6300).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from enum import StrEnum

FILLER = "<"
_WEIGHTS = (7, 3, 1)


class MrzProblem(StrEnum):
    LAYOUT = "mrz.layout"  # not 3×30, 2×36 or 2×44 characters
    CHARACTERS = "mrz.characters"  # only A–Z, 0–9 and <
    DOCUMENT_NUMBER = "mrz.document_number"  # its check digit does not match
    BIRTH_DATE = "mrz.birth_date"
    EXPIRY_DATE = "mrz.expiry_date"
    OPTIONAL_DATA = "mrz.optional_data"
    COMPOSITE = "mrz.composite"  # the overall check digit does not match


class MrzError(ValueError):
    def __init__(self, problem: MrzProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}" if detail else problem.value)
        self.code = problem.value
        self.problem = problem


def character_value(c: str) -> int:
    if c == FILLER:
        return 0
    # ASCII only: str.isdigit() would take '²' (which int() refuses) and '٣' or '１'.
    if len(c) == 1 and "0" <= c <= "9":
        return ord(c) - ord("0")
    if len(c) == 1 and "A" <= c <= "Z":
        return ord(c) - ord("A") + 10
    raise MrzError(MrzProblem.CHARACTERS, repr(c))


def check_digit(field: str) -> str:
    """ICAO 9303 part 3, 4.9: weights 7, 3, 1 repeating; the sum modulo 10."""
    return str(sum(character_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field)) % 10)


@dataclass(frozen=True)
class Mrz:
    layout: str  # TD1 (ID cards), TD2, TD3 (passport books)
    document_code: str  # P, I, C, …
    issuing_state: str
    surname: str
    given_names: str
    document_number: str  # fillers removed
    nationality: str
    birth_date: dt.date
    sex: str  # M, F or < (unspecified)
    expiry_date: dt.date
    optional_data: str

    @property
    def bac_information(self) -> str:
        return bac_information(self.document_number, self.birth_date, self.expiry_date)


def _yymmdd(text: str, *, birth: bool, today: dt.date) -> dt.date:
    """Two-digit years: a birth date is never in the future; an expiry is at most about
    fifty years ahead (documents are valid for ten, permits for less)."""
    year, month, day = int(text[:2]), int(text[2:4]), int(text[4:6])
    century = today.year // 100 * 100
    full = century + year
    if birth and full > today.year:
        full -= 100
    if not birth and full > today.year + 50:  # 99 in 2026 is 1999, long expired, not 2099
        full -= 100
    if not birth and full < today.year - 50:
        full += 100
    return dt.date(full, month, day)


def _names(field: str) -> tuple[str, str]:
    surname, _, given = field.partition(FILLER * 2)
    return (surname.replace(FILLER, " ").strip(), given.replace(FILLER, " ").strip())


def _verify(value: str, digit: str, problem: MrzProblem) -> None:
    if check_digit(value) != digit:
        raise MrzError(problem, f"expected {check_digit(value)}, read {digit}")


def _date(text: str, problem: MrzProblem, *, birth: bool, today: dt.date) -> dt.date:
    try:
        return _yymmdd(text, birth=birth, today=today)
    except ValueError as exc:
        raise MrzError(problem, f"{text} is no date") from exc


def parse(text: str, today: dt.date | None = None) -> Mrz:
    """Parse and verify an MRZ (lines separated by newlines, or run together)."""
    today = today or dt.date.today()
    lines = [line.strip().upper() for line in text.strip().splitlines() if line.strip()]
    joined = "".join(lines)
    shapes = {(3, 30): "TD1", (2, 36): "TD2", (2, 44): "TD3"}
    layout = shapes.get((len(lines), len(lines[0]) if lines else 0))
    if layout is None and len(lines) == 1:
        layout = {90: "TD1", 72: "TD2", 88: "TD3"}.get(len(joined))
        width = {"TD1": 30, "TD2": 36, "TD3": 44}.get(layout or "", 0)
        lines = [joined[i:i + width] for i in range(0, len(joined), width)] if width else lines
    if layout is None or any(len(line) != len(lines[0]) for line in lines):
        raise MrzError(MrzProblem.LAYOUT, f"{len(lines)} lines of {[len(x) for x in lines]}")
    for c in "".join(lines):
        character_value(c)
    if layout == "TD1":
        first, second, third = lines
        number_field, number_check = first[5:14], first[14]
        optional = first[15:30]
        if number_check == FILLER:  # a long number continues in the optional data
            rest, _, _ = optional.partition(FILLER)
            number_field, number_check = number_field + rest[:-1], rest[-1:]
            optional = optional[len(rest) + 1:]
        _verify(number_field, number_check, MrzProblem.DOCUMENT_NUMBER)
        _verify(second[0:6], second[6], MrzProblem.BIRTH_DATE)
        _verify(second[8:14], second[14], MrzProblem.EXPIRY_DATE)
        composite = first[5:30] + second[0:7] + second[8:15] + second[18:29]
        _verify(composite, second[29], MrzProblem.COMPOSITE)
        surname, given = _names(third)
        return Mrz("TD1", first[0:2].strip(FILLER), first[2:5], surname, given,
                   number_field.strip(FILLER), second[15:18],
                   _date(second[0:6], MrzProblem.BIRTH_DATE, birth=True, today=today),
                   second[7],
                   _date(second[8:14], MrzProblem.EXPIRY_DATE, birth=False, today=today),
                   (optional + second[18:29]).strip(FILLER))
    first, second = lines
    number_field, number_check = second[0:9], second[9]
    _verify(number_field, number_check, MrzProblem.DOCUMENT_NUMBER)
    _verify(second[13:19], second[19], MrzProblem.BIRTH_DATE)
    _verify(second[21:27], second[27], MrzProblem.EXPIRY_DATE)
    if layout == "TD3":
        optional, optional_check = second[28:42], second[42]
        if optional_check != FILLER or optional.strip(FILLER):
            _verify(optional, "0" if optional_check == FILLER else optional_check,
                    MrzProblem.OPTIONAL_DATA)
        composite = second[0:10] + second[13:20] + second[21:43]
        _verify(composite, second[43], MrzProblem.COMPOSITE)
        names_field = first[5:44]
    else:
        optional = second[28:35]
        composite = second[0:10] + second[13:20] + second[21:35]
        _verify(composite, second[35], MrzProblem.COMPOSITE)
        names_field = first[5:36]
    surname, given = _names(names_field)
    return Mrz(layout, first[0:2].strip(FILLER), first[2:5], surname, given,
               number_field.strip(FILLER), second[10:13],
               _date(second[13:19], MrzProblem.BIRTH_DATE, birth=True, today=today),
               second[20],
               _date(second[21:27], MrzProblem.EXPIRY_DATE, birth=False, today=today),
               optional.strip(FILLER))


# -- BAC (ICAO 9303 part 11, 4.3 and 9.7.1) --------------------------------------------------

def bac_information(document_number: str, birth: dt.date, expiry: dt.date) -> str:
    """MRZ_information: document number (at least 9 characters, filled), birth date and
    expiry, each followed by its check digit."""
    number = document_number.strip().upper().replace(" ", "")
    number = number + FILLER * max(0, 9 - len(number))
    born, expires = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    return (number + check_digit(number) + born + check_digit(born)
            + expires + check_digit(expires))


def key_seed(information: str) -> bytes:
    if not information.isascii():
        raise MrzError(MrzProblem.CHARACTERS, "the MRZ information is not ASCII")
    return hashlib.sha1(information.encode("ascii")).digest()[:16]  # noqa: S324 - ICAO BAC


def _with_odd_parity(key: bytes) -> bytes:
    """DES keys carry odd parity in the lowest bit of each byte."""
    return bytes((b & 0xFE) | (bin(b >> 1).count("1") + 1) % 2 for b in key)


def derive_key(seed: bytes, counter: int) -> bytes:
    """A two-key 3DES key (16 bytes) from a seed: counter 1 for encryption, 2 for MAC."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big")).digest()  # noqa: S324 - ICAO
    return _with_odd_parity(digest[:16])


def bac_keys(document_number: str, birth: dt.date, expiry: dt.date) -> tuple[bytes, bytes]:
    """(Kenc, Kmac) for Basic Access Control from the three fields the clerk can read."""
    seed = key_seed(bac_information(document_number, birth, expiry))
    return derive_key(seed, 1), derive_key(seed, 2)
