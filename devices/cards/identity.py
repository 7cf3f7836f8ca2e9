"""What a card read produces, whatever the card: an identity record, and reader events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class DocumentType(StrEnum):
    RESIDENT_ID = "resident_id"  # 居民身份证
    PASSPORT = "passport"  # 护照 (ICAO 9303)
    TRAVEL_PERMIT = "travel_permit"  # 往来港澳/台湾通行证, 居住证 (ICAO 9303 shaped)


@dataclass(frozen=True)
class Identity:
    document_type: DocumentType
    name: str
    sex: str
    birth_date: dt.date
    id_number: str
    valid_until: dt.date | None
    valid_from: dt.date | None = None
    ethnicity: str = ""
    address: str = ""
    issuing_authority: str = ""
    nationality: str = "CHN"
    photo_jpeg: bytes | None = None
    # Authenticated as the issuer's: the ID-card reader's security module checks a resident
    # ID card that way. A passport chip's data are only checked for integrity against
    # EF.SOD (its signature needs the CSCA master list), so a passport read stays False:
    # nobody typed it, but the clerk still compares the document by eye.
    verified: bool = False

    def expired(self, today: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < today


@dataclass(frozen=True)
class ReaderAdded:
    reader: str


@dataclass(frozen=True)
class ReaderRemoved:
    reader: str


@dataclass(frozen=True)
class CardInserted:
    reader: str


@dataclass(frozen=True)
class CardRemoved:
    reader: str


@dataclass(frozen=True)
class IdentityRead:
    reader: str
    identity: Identity


@dataclass(frozen=True)
class AccessKeyNeeded:
    """A travel document's chip is on the reader and opens only with its MRZ data
    (document number, birth date, expiry): the clerk types them from the data page.
    ``refused``: the data given last did not open it."""

    reader: str
    refused: bool = False


@dataclass(frozen=True)
class ServiceChanged:
    """The PC/SC service went away (stopped, crashed) or is back."""

    available: bool
    detail: str = ""


@dataclass(frozen=True)
class ReadFailed:
    """The card could not be read. `code` is stable (card.unreadable, card.removed, …)."""

    reader: str
    code: str
    detail: str = ""


ReaderEvent = (ReaderAdded | ReaderRemoved | CardInserted | CardRemoved | IdentityRead
               | ReadFailed | AccessKeyNeeded | ServiceChanged)
