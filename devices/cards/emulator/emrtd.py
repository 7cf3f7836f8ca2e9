"""A virtual eMRTD chip: the ICAO 9303 applet with BAC and secure messaging, card side.

It answers command APDUs as a passport chip does: SELECT of the applet, GET CHALLENGE and
EXTERNAL AUTHENTICATE for BAC, then only protected SELECT and READ BINARY. Its quirks can be
switched on to meet what real chips do to a terminal:

- ``max_read``: a chip with a small buffer returns fewer bytes than asked for;
- ``t0``: a T=0 chip answers ``61xx`` and hands its response out through GET RESPONSE, in
  pieces of at most ``t0_chunk`` bytes;
- ``strict_le``: a chip that refuses an Le that is not the exact response length with
  ``6Cxx`` (xx: the right Le) and executes nothing, so the terminal resends.

The chip's randomness can be fixed with ``rng`` for repeatable tests.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from devices.cards import mrz
from devices.cards.lds import LdsError, encode_tlv, read_tlv
from devices.cards.passport import EMRTD_AID
from devices.cards.secure_messaging import (
    SecureMessagingError,
    Session,
    pad,
    retail_mac,
    tdes_decrypt,
    tdes_encrypt,
    unpad,
)

# ATR of a contactless card as a PC/SC part 3 reader presents it: T=1, no historical bytes.
ATR = bytes.fromhex("3B80800101")

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282
SW_AUTH_FAILED = 0x6300
SW_WRONG_LENGTH = 0x6700
SW_SECURITY = 0x6982
SW_SM_MISSING = 0x6987
SW_SM_INCORRECT = 0x6988
SW_NOT_FOUND = 0x6A82
SW_WRONG_PARAMETERS = 0x6B00
SW_INS = 0x6D00
SW_CLA = 0x6E00


@dataclass(frozen=True)
class Command:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes
    le: int | None  # None: no Le byte; 0 means 256

    @classmethod
    def parse(cls, apdu: bytes) -> Command | None:
        """A short command APDU (ISO/IEC 7816-4 cases 1 to 4), or None when malformed."""
        if len(apdu) < 4:
            return None
        cla, ins, p1, p2 = apdu[:4]
        body = apdu[4:]
        if not body:
            return cls(cla, ins, p1, p2, b"", None)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, b"", body[0])
        lc = body[0]
        if lc == 0 or len(body) not in (1 + lc, 2 + lc):
            return None
        le = body[1 + lc] if len(body) == 2 + lc else None
        return cls(cla, ins, p1, p2, body[1:1 + lc], le)


def _sw(sw: int) -> bytes:
    return sw.to_bytes(2, "big")


class EmrtdChip:
    """One chip: its files by file identifier, and the MRZ data its BAC keys come from."""

    def __init__(
        self,
        files: Mapping[int, bytes],
        bac_information: str,
        *,
        max_read: int = 256,
        t0: bool = False,
        t0_chunk: int = 256,
        strict_le: bool = False,
        rng: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self.files = dict(files)
        seed = mrz.key_seed(bac_information)
        self._k_enc = mrz.derive_key(seed, 1)
        self._k_mac = mrz.derive_key(seed, 2)
        self.max_read = max_read
        self.t0 = t0
        self.t0_chunk = t0_chunk
        self.strict_le = strict_le
        self._rng = rng
        self.commands = 0  # APDUs answered since power-on, for tests and benchmarks
        self.reset()

    def reset(self) -> None:
        """Power-on state: nothing selected, no session."""
        self._applet = False
        self._rnd_icc: bytes | None = None
        self._session: Session | None = None
        self._file: bytes | None = None
        self._pending = b""
        self._pending_sw = SW_OK

    # -- the APDU loop --------------------------------------------------------------------

    def process(self, apdu: bytes) -> bytes:
        """The chip's whole answer to one command APDU: response data and SW1 SW2."""
        self.commands += 1
        command = Command.parse(apdu)
        if command is None:
            return _sw(SW_WRONG_LENGTH)
        if command.cla == 0x00 and command.ins == 0xC0:
            return self._get_response(command)
        self._pending = b""
        checkpoint = None if self._session is None else self._session.ssc
        response = self._answer(command)
        body, sw = response[:-2], int.from_bytes(response[-2:], "big")
        if self.strict_le and body and command.le is not None \
                and (command.le or 256) != len(body) and len(body) <= 256:
            # Wrong Le: a T=0 chip says which is right and does nothing (the session's
            # counter goes back to where it was, as if the command had not come).
            if checkpoint is not None and self._session is not None:
                self._session.ssc = checkpoint
            return _sw(0x6C00 | (len(body) & 0xFF))
        if self.t0 and body:
            self._pending, self._pending_sw = body, sw
            return _sw(0x6100 | (min(len(body), self.t0_chunk) & 0xFF))
        return response

    def _get_response(self, command: Command) -> bytes:
        if not self._pending:
            return _sw(0x6985)  # conditions of use not satisfied: nothing to hand out
        size = min(command.le or 256, self.t0_chunk)
        chunk, self._pending = self._pending[:size], self._pending[size:]
        if self._pending:
            return chunk + _sw(0x6100 | (min(len(self._pending), self.t0_chunk) & 0xFF))
        return chunk + _sw(self._pending_sw)

    def _answer(self, command: Command) -> bytes:
        if command.cla == 0x0C:
            return self._protected(command)
        if command.cla != 0x00:
            return _sw(SW_CLA)
        if command.ins == 0xA4 and command.p1 == 0x04:
            self._applet = command.data == EMRTD_AID
            self._session = None
            return _sw(SW_OK if self._applet else SW_NOT_FOUND)
        if not self._applet:
            return _sw(SW_NOT_FOUND if command.ins == 0xA4 else SW_SECURITY)
        if command.ins == 0x84:
            if command.le != 8:
                return _sw(SW_WRONG_LENGTH)
            self._rnd_icc = self._rng(8)
            self._session = None
            return self._rnd_icc + _sw(SW_OK)
        if command.ins == 0x82:
            return self._external_authenticate(command.data)
        if command.ins in (0xA4, 0xB0):
            # Plain access after BAC breaks the session, as on a real chip.
            self._session = None
            return _sw(SW_SECURITY)
        return _sw(SW_INS)

    # -- BAC ------------------------------------------------------------------------------

    def _external_authenticate(self, data: bytes) -> bytes:
        rnd_icc, self._rnd_icc = self._rnd_icc, None
        self._session = None
        if rnd_icc is None or len(data) != 40:
            return _sw(SW_AUTH_FAILED)
        e_ifd, m_ifd = data[:32], data[32:]
        if not hmac.compare_digest(retail_mac(self._k_mac, pad(e_ifd)), m_ifd):
            return _sw(SW_AUTH_FAILED)
        s = tdes_decrypt(self._k_enc, e_ifd)
        rnd_ifd, their_rnd_icc, k_ifd = s[:8], s[8:16], s[16:32]
        if their_rnd_icc != rnd_icc:
            return _sw(SW_AUTH_FAILED)
        k_icc = self._rng(16)
        e_icc = tdes_encrypt(self._k_enc, rnd_icc + rnd_ifd + k_icc)
        seed = bytes(a ^ b for a, b in zip(k_ifd, k_icc, strict=True))
        self._session = Session(mrz.derive_key(seed, 1), mrz.derive_key(seed, 2),
                                int.from_bytes(rnd_icc[4:8] + rnd_ifd[4:8], "big"))
        return e_icc + retail_mac(self._k_mac, pad(e_icc)) + _sw(SW_OK)

    # -- secure messaging -----------------------------------------------------------------

    def _protected(self, command: Command) -> bytes:
        session = self._session
        if session is None:
            return _sw(SW_SM_MISSING)
        opened = self._open(session, command)
        if opened is None:
            self._session = None  # a chip ends the session on any SM error
            return _sw(SW_SM_INCORRECT)
        data, le = opened
        if command.ins == 0xA4 and command.p1 == 0x02:
            fid = int.from_bytes(data, "big") if len(data) == 2 else -1
            self._file = self.files.get(fid)
            return self._protect(session, b"", SW_OK if self._file is not None
                                 else SW_NOT_FOUND)
        if command.ins == 0xB0:
            return self._protect(session, *self._read_binary(command, le))
        return self._protect(session, b"", SW_INS)

    def _read_binary(self, command: Command, le: int | None) -> tuple[bytes, int]:
        if self._file is None:
            return b"", 0x6986  # no current EF
        if command.p1 & 0x80:
            return b"", SW_WRONG_PARAMETERS  # short EF identifiers: not offered here
        offset = (command.p1 << 8) | command.p2
        if offset > len(self._file):
            return b"", SW_WRONG_PARAMETERS
        wanted = le or 256
        data = self._file[offset:offset + min(wanted, self.max_read)]
        if len(data) < wanted and offset + len(data) == len(self._file):
            return data, SW_END_OF_FILE
        return data, SW_OK

    def _open(self, session: Session, command: Command) -> tuple[bytes, int | None] | None:
        """Check and open a protected command; None when its objects or MAC are wrong."""
        objects: dict[int, tuple[bytes, bytes]] = {}
        offset = 0
        try:
            while offset < len(command.data):
                item = read_tlv(command.data, offset)
                objects[item.tag] = (item.value, command.data[offset:item.end])
                offset = item.end
        except LdsError:
            return None
        if 0x8E not in objects:
            return None
        header = bytes([command.cla, command.ins, command.p1, command.p2])
        covered = b"".join(objects[tag][1] for tag in (0x87, 0x97) if tag in objects)
        ssc = session.next_ssc()
        if not hmac.compare_digest(session.mac(pad(ssc + pad(header) + covered)),
                                   objects[0x8E][0]):
            return None
        data = b""
        if 0x87 in objects:
            value = objects[0x87][0]
            if not value or value[0] != 0x01 or (len(value) - 1) % 8:
                return None
            try:
                data = unpad(session.decrypt(value[1:]))
            except SecureMessagingError:
                return None
        le = None
        if 0x97 in objects:
            value = objects[0x97][0]
            le = int.from_bytes(value, "big") if value else 0
        return data, le

    def _protect(self, session: Session, data: bytes, sw: int) -> bytes:
        objects = b""
        if data:
            objects += encode_tlv(0x87, b"\x01" + session.encrypt(pad(data)))
        objects += encode_tlv(0x99, _sw(sw))
        mac = session.mac(pad(session.next_ssc() + objects))
        return objects + encode_tlv(0x8E, mac) + _sw(sw)
