"""Checks of what the clerk types that need no server: resident ID numbers (GB 11643),
unified social credit codes (GB 32100) and phone numbers.

Each check normalises what it can (full-width characters, spaces, a lower-case x) and
returns either the clean value or a `Problem` naming the first thing wrong, as a stable
code the UI translates. Nothing here logs the value: it is personal data.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Problem(StrEnum):
    EMPTY = "empty"
    ID_LENGTH = "id.length"  # not 18 characters (15-digit first-generation numbers are gone)
    ID_CHARACTERS = "id.characters"  # 17 digits then a digit or X
    ID_REGION = "id.region"  # the first two digits name no province
    ID_BIRTH_DATE = "id.birth_date"  # digits 7–14 are no date, or one in the future
    ID_CHECK = "id.check"  # the check character does not match: a digit is mistyped
    CREDIT_LENGTH = "credit.length"
    CREDIT_CHARACTERS = "credit.characters"  # I, O, S, V, Z never occur
    CREDIT_ORG_CHECK = "credit.org_check"  # the organisation code inside (GB 11714) is wrong
    CREDIT_CHECK = "credit.check"
    PHONE = "phone"
    DOCUMENT_EXPIRED = "document.expired"  # the card read has expired; the clerk must say so
    CARD_MISMATCH = "card.mismatch"  # the card's number disagrees with its birth date or sex


@dataclass(frozen=True)
class Checked:
    value: str  # normalised; meaningful only when problem is None
    problem: Problem | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def normalise(text: str) -> str:
    """Full-width to half-width, spaces and dashes out, letters upper-case."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-‐‑–—]", "", folded).upper()


# -- resident identity numbers (公民身份号码, GB 11643-1999) -------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# Province-level codes (GB/T 2260) plus 71 Taiwan, 81 Hong Kong, 82 Macau and 83, which the
# residence permits for Taiwan residents use.
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
    "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
    "63", "64", "65", "71", "81", "82", "83",
})


def id_check_character(first17: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True)) % 11]


def check_resident_id(text: str, today: dt.date | None = None) -> Checked:
    value = normalise(text)
    if not value:
        return Checked(value, Problem.EMPTY)
    if len(value) != 18:
        return Checked(value, Problem.ID_LENGTH)
    if not re.fullmatch(r"\d{17}[\dX]", value):
        return Checked(value, Problem.ID_CHARACTERS)
    if value[:2] not in PROVINCES:
        return Checked(value, Problem.ID_REGION)
    birth = birth_date_of(value)
    if birth is None or birth > (today or dt.date.today()) or birth.year < 1890:
        return Checked(value, Problem.ID_BIRTH_DATE)
    if id_check_character(value[:17]) != value[17]:
        return Checked(value, Problem.ID_CHECK)
    return Checked(value)


def birth_date_of(id_number: str) -> dt.date | None:
    try:
        return dt.date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def sex_of(id_number: str) -> str:
    """男 or 女: the 17th digit is odd for men."""
    return "男" if int(id_number[16]) % 2 else "女"


# -- unified social credit codes (统一社会信用代码, GB 32100-2015) -------------------------

CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # no I, O, S, V, Z
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_check_character(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w
                for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def org_check_character(body8: str) -> str:
    """The check character of an organisation code (GB 11714): characters 9–16 of a credit
    code, whose 17th character it must be."""
    total = sum(int(c, 36) * w for c, w in zip(body8, _ORG_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def check_credit_code(text: str) -> Checked:
    value = normalise(text)
    if not value:
        return Checked(value, Problem.EMPTY)
    if len(value) != 18:
        return Checked(value, Problem.CREDIT_LENGTH)
    if any(c not in CREDIT_ALPHABET for c in value) or not value[2:8].isdigit():
        return Checked(value, Problem.CREDIT_CHARACTERS)
    if org_check_character(value[8:16]) != value[16]:
        return Checked(value, Problem.CREDIT_ORG_CHECK)
    if credit_check_character(value[:17]) != value[17]:
        return Checked(value, Problem.CREDIT_CHECK)
    return Checked(value)


# -- phone numbers ------------------------------------------------------------------------

_MOBILE = re.compile(r"1[3-9]\d{9}")
# Area code: three digits for 010 and 020–029, four for the rest; then a local number of
# 7–8 digits that never starts with 0 or 1; an optional extension after a dash.
_LANDLINE = re.compile(r"(0[12]\d|0[3-9]\d{2})-?([2-9]\d{6,7})(?:-(\d{1,6}))?")
_SERVICE = re.compile(r"(?:400|800)\d{7}")


def check_phone(text: str) -> Checked:
    """A mainland mobile, a landline with its area code (0991-1234567, extension allowed)
    or a 400/800 number. Returns the number as it is usually written."""
    folded = re.sub(r"[\s()（）]", "", unicodedata.normalize("NFKC", text))
    folded = re.sub(r"^(?:\+86|0086)", "", folded)
    if not folded:
        return Checked("", Problem.EMPTY)
    digits = folded.replace("-", "")
    if _MOBILE.fullmatch(digits) or _SERVICE.fullmatch(digits):
        return Checked(digits)
    landline = _LANDLINE.fullmatch(folded) or _LANDLINE.fullmatch(digits)
    if landline:
        area, number, extension = landline.groups()
        return Checked(f"{area}-{number}" + (f"-{extension}" if extension else ""))
    return Checked(folded, Problem.PHONE)
