"""Reading an eMRTD chip (ICAO 9303): passports, travel permits, residence cards.

The terminal's side of the conversation over any transport that sends one APDU and
returns the response (PC/SC here, the emulator in tests):

1. SELECT the LDS applet; a card without it is not a travel document;
2. BAC from the MRZ data (document number, birth date, expiry) — GET CHALLENGE, EXTERNAL
   AUTHENTICATE, session keys;
3. every further command under secure messaging: EF.COM, DG1, DG2, EF.SOD, each read in
   chained READ BINARY commands that cope with chips returning fewer bytes than asked,
   answering ``6Cxx`` (wrong Le: resend with xx) or ``61xx`` (GET RESPONSE for the rest);
4. DG1's MRZ parsed with its check digits, DG2's face image decoded (JPEG or JPEG 2000),
   and both checked against their hashes in EF.SOD before anything is believed.

What is not done: the EF.SOD signature is not verified against a country signing
certificate (that needs the CSCA master list, which a counter does not have), so the
hashes prove the data groups belong together with that EF.SOD, not who issued it; no
PACE (BAC is what every document here still offers); no active or chip authentication;
no odd READ BINARY (B1), so a file over 32 KB (a very large DG2) is refused as
card.unsupported.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from devices.cards import lds, mrz
from devices.cards.identity import DocumentType, Identity
from devices.cards.secure_messaging import (
    CardAuthError,
    SecureMessagingError,
    Session,
    bac_challenge,
    bac_session,
    unwrap,
    wrap,
)

EMRTD_AID = bytes.fromhex("A0000002471001")
EF_COM, EF_SOD = 0x011E, 0x011D
EF_DG = {1: 0x0101, 2: 0x0102}
# Data bytes per READ BINARY under secure messaging in a short APDU (what JMRTD and most
# chips use); a chip may return fewer, the loop goes on from where it stopped.
READ_CHUNK = 0xDF
MAX_FILE = 0x7FFF  # offsets beyond need the odd READ BINARY (B1); no DG1/DG2/SOD is that big
_MAX_RESPONSE_PARTS = 64  # 61xx rounds before a chip is deemed to talk nonsense
_FLAGS_OK = (0x9000, 0x6282)  # 6282: end of file reached before Le bytes


class Transport(Protocol):
    def transmit(self, apdu: bytes) -> bytes:
        """Send one command APDU; the response data with SW1 SW2 at the end."""
        ...


class CardError(Exception):
    """The read failed. ``code`` is stable (card.not_emrtd, card.access_denied,
    card.unreadable, card.garbled, card.integrity, card.unsupported); ``detail`` is for
    support staff and never holds personal data."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class AccessKey:
    """The MRZ data BAC derives its keys from (printed on the data page)."""

    document_number: str
    birth_date: dt.date
    expiry_date: dt.date

    @property
    def information(self) -> str:
        return mrz.bac_information(self.document_number, self.birth_date, self.expiry_date)


def exchange(transport: Transport, apdu: bytes) -> tuple[bytes, int]:
    """One command at the transport level: (response data, status word).

    ``6Cxx``: the chip wants Le = xx; the command is sent again with it (the chip executed
    nothing). ``61xx``: xx more bytes wait; GET RESPONSE collects them, as often as the chip
    says so."""
    response = transport.transmit(apdu)
    if len(response) < 2:
        raise CardError("card.unreadable", f"response of {len(response)} bytes")
    if response[-2] == 0x6C and len(apdu) >= 5:
        response = transport.transmit(apdu[:-1] + response[-1:])
        if len(response) < 2:
            raise CardError("card.unreadable", f"response of {len(response)} bytes")
    data, sw = response[:-2], int.from_bytes(response[-2:], "big")
    parts = 0
    while sw >> 8 == 0x61:
        parts += 1
        if parts > _MAX_RESPONSE_PARTS:
            raise CardError("card.unreadable", "endless GET RESPONSE chain")
        more = transport.transmit(bytes([0x00, 0xC0, 0x00, 0x00, sw & 0xFF]))
        if len(more) < 2:
            raise CardError("card.unreadable", f"response of {len(more)} bytes")
        data += more[:-2]
        sw = int.from_bytes(more[-2:], "big")
    return data, sw


class Chip:
    """One conversation with one chip, from SELECT to the last protected READ BINARY."""

    def __init__(self, transport: Transport, *, chunk: int = READ_CHUNK) -> None:
        self.transport = transport
        self.chunk = chunk
        self.session: Session | None = None

    def select_applet(self) -> None:
        _, sw = exchange(self.transport, bytes([0x00, 0xA4, 0x04, 0x0C, len(EMRTD_AID)])
                         + EMRTD_AID)
        if sw != 0x9000:
            raise CardError("card.not_emrtd", f"SELECT eMRTD applet: {sw:04X}")

    def authenticate(self, key: AccessKey, *,
                     rng: Callable[[int], bytes] | None = None) -> None:
        """BAC. A chip that refuses the MRZ data raises card.access_denied."""
        seed = mrz.key_seed(key.information)
        k_enc, k_mac = mrz.derive_key(seed, 1), mrz.derive_key(seed, 2)
        rnd_icc, sw = exchange(self.transport, bytes([0x00, 0x84, 0x00, 0x00, 0x08]))
        if sw != 0x9000:
            raise CardError("card.unreadable", f"GET CHALLENGE: {sw:04X}")
        try:
            if rng is None:
                challenge = bac_challenge(rnd_icc, k_enc, k_mac)
            else:
                challenge = bac_challenge(rnd_icc, k_enc, k_mac, rnd_ifd=rng(8), k_ifd=rng(16))
            answer, sw = exchange(self.transport, bytes([0x00, 0x82, 0x00, 0x00, 0x28])
                                  + challenge.command_data + b"\x28")
            if sw in (0x6300, 0x6982) or (sw >> 8) == 0x63:
                raise CardError("card.access_denied", f"EXTERNAL AUTHENTICATE: {sw:04X}")
            if sw != 0x9000:
                raise CardError("card.unreadable", f"EXTERNAL AUTHENTICATE: {sw:04X}")
            self.session = bac_session(answer, rnd_icc, challenge, k_enc, k_mac)
        except CardAuthError as exc:
            raise CardError("card.unreadable", str(exc)) from exc

    def _protected(self, ins: int, p1: int, p2: int, data: bytes = b"",
                   le: int | None = None) -> tuple[bytes, int]:
        session = self.session
        if session is None:
            raise CardError("card.unreadable", "no secure-messaging session")
        raw, sw = exchange(self.transport, wrap(session, 0x00, ins, p1, p2, data, le))
        try:
            return unwrap(session, raw + sw.to_bytes(2, "big"))
        except SecureMessagingError as exc:
            raise CardError("card.unreadable", str(exc)) from exc

    def read_file(self, fid: int) -> bytes:
        """A whole elementary file, in as many READ BINARY commands as the chip needs."""
        _, sw = self._protected(0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))
        if sw == 0x6A82:
            raise CardError("card.garbled", f"file {fid:04X} is not on the chip")
        if sw != 0x9000:
            raise CardError("card.unreadable", f"SELECT {fid:04X}: {sw:04X}")
        content = b""
        while len(content) < 4:  # tag and length (a chip may hand out less at a time)
            part = self._read(len(content), 4 - len(content))
            if not part:
                break
            content += part
        try:
            _, value_start, length = lds.read_header(content)
        except lds.LdsError as exc:
            raise CardError("card.garbled", f"file {fid:04X} header: {exc}") from exc
        total = value_start + length
        if total > 0xFFFF:
            raise CardError("card.garbled", f"file {fid:04X} claims {total} bytes")
        if total > MAX_FILE:
            raise CardError("card.unsupported", f"file {fid:04X} has {total} bytes; offsets "
                            "past 32 KB need the odd READ BINARY, not implemented")
        while len(content) < total:
            part = self._read(len(content), min(self.chunk, total - len(content)))
            if not part:
                raise CardError("card.unreadable", f"file {fid:04X} ends at {len(content)}")
            content += part
        return content[:total]

    def _read(self, offset: int, length: int) -> bytes:
        data, sw = self._protected(0xB0, offset >> 8, offset & 0xFF, le=length & 0xFF)
        if sw not in _FLAGS_OK:
            raise CardError("card.unreadable", f"READ BINARY at {offset}: {sw:04X}")
        return data


# -- from files to an identity ------------------------------------------------------------------

_SEX = {"M": "男", "F": "女"}


def face_jpeg(face: lds.Face) -> bytes:
    """The face as JPEG for display and storage (JPEG 2000 is converted)."""
    if face.media_type == "image/jpeg":
        # Kept as it is; decoded only to know it is a picture (at 1/8 scale: the whole
        # stream is still parsed, at a fraction of the cost).
        image = cv2.imdecode(np.frombuffer(face.data, np.uint8),
                             cv2.IMREAD_REDUCED_GRAYSCALE_8)
        if image is None:
            raise CardError("card.garbled", "the JPEG face image cannot be decoded")
        return face.data
    image = cv2.imdecode(np.frombuffer(face.data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise CardError("card.garbled", "the JPEG 2000 face image cannot be decoded")
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 92])
    if not ok:
        raise CardError("card.garbled", "the face image cannot be converted")
    return bytes(encoded)


def identity_of(zone: mrz.Mrz, photo_jpeg: bytes | None) -> Identity:
    name = " ".join(part for part in (zone.surname, zone.given_names) if part)
    return Identity(
        document_type=DocumentType.PASSPORT if zone.document_code.startswith("P")
        else DocumentType.TRAVEL_PERMIT,
        name=name, sex=_SEX.get(zone.sex, ""), birth_date=zone.birth_date,
        id_number=zone.document_number, valid_until=zone.expiry_date,
        issuing_authority=zone.issuing_state, nationality=zone.nationality,
        photo_jpeg=photo_jpeg, verified=False)  # integrity only: see the module's notes


def read_document(transport: Transport, key: AccessKey, *, chunk: int = READ_CHUNK,
                  rng: Callable[[int], bytes] | None = None) -> Identity:
    """Select, authenticate, read and check; the identity on the chip, or CardError.
    ``rng``: the terminal's randomness for BAC (None: the system's; benchmarks fix it to
    replay a recorded conversation)."""
    chip = Chip(transport, chunk=chunk)
    chip.select_applet()
    chip.authenticate(key, rng=rng)
    try:
        com = lds.parse_com(chip.read_file(EF_COM))
        groups = {1: chip.read_file(EF_DG[1])}
        if 2 in com.data_groups:
            groups[2] = chip.read_file(EF_DG[2])
        security = lds.parse_sod(chip.read_file(EF_SOD))
        zone = lds.parse_dg1(groups[1])
        face = lds.parse_dg2(groups[2]) if 2 in groups else None
    except lds.LdsError as exc:
        raise CardError("card.garbled", str(exc)) from exc
    except mrz.MrzError as exc:
        # Only the kind of problem: the MRZ error's own detail quotes the zone's content
        # (a birth date, say), and details end up in logs and on the diagnostics page.
        raise CardError("card.garbled", f"DG1: {exc.problem.value}") from exc
    try:
        lds.check_hashes(security, groups)
    except lds.LdsError as exc:
        raise CardError("card.integrity", str(exc)) from exc
    return identity_of(zone, None if face is None else face_jpeg(face))
