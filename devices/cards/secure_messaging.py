"""BAC mutual authentication and 3DES secure messaging (ICAO 9303 part 11, 4.3 and 9.8).

Plain functions over bytes, no card I/O: the reader manager sends what they build. The
wrapping follows ISO/IEC 7816-4 secure messaging as ICAO profiles it — DO'87' for the
encrypted data, DO'97' for Le, DO'99' for the status, DO'8E' for the MAC — with the send
sequence counter (SSC) incremented before every command and every response.

Every check a chip's answer must pass is made here, and a failure raises CardAuthError or
SecureMessagingError: a response with a wrong MAC is never trusted, however plausible.
"""

from __future__ import annotations

import hmac
import os
from dataclasses import dataclass, field

from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
from cryptography.hazmat.primitives.ciphers import Cipher, modes

from devices.cards.lds import LdsError, encode_tlv, read_tlv
from devices.cards.mrz import derive_key

BLOCK = 8
ZERO_IV = bytes(BLOCK)


class CardAuthError(Exception):
    """The chip did not prove it knows the keys (wrong MRZ data, or not this card)."""

    code = "card.auth"


class SecureMessagingError(Exception):
    """A protected response that does not verify: wrong MAC, missing or malformed objects."""

    code = "card.secure_messaging"


def pad(data: bytes) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80, then zeros to a whole block."""
    return data + b"\x80" + bytes((-len(data) - 1) % BLOCK)


def unpad(data: bytes) -> bytes:
    end = data.rstrip(b"\x00")
    if not end.endswith(b"\x80"):
        raise SecureMessagingError("bad padding")
    return end[:-1]


def _three_keys(key: bytes) -> bytes:
    """Two-key 3DES (K1 K2 K1), spelled as the 24 bytes the library wants."""
    return key + key[:8] if len(key) == 16 else key


def _cipher(key24: bytes, iv: bytes | None) -> Cipher[modes.CBC] | Cipher[modes.ECB]:
    if iv is None:
        return Cipher(TripleDES(key24), modes.ECB())  # noqa: S305 - see _Contexts
    return Cipher(TripleDES(key24), modes.CBC(iv))


def _tdes(key: bytes, data: bytes, iv: bytes, *, encrypt: bool) -> bytes:
    if len(data) % BLOCK:
        raise ValueError("3DES-CBC input must be whole blocks")
    if not data:
        return b""
    cipher = _cipher(_three_keys(key), iv)
    worker = cipher.encryptor() if encrypt else cipher.decryptor()
    return worker.update(data) + worker.finalize()


def tdes_encrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    return _tdes(key, data, iv, encrypt=True)


def tdes_decrypt(key: bytes, data: bytes, iv: bytes = ZERO_IV) -> bytes:
    return _tdes(key, data, iv, encrypt=False)


def _chained(state: int, last: bytes) -> bytes:
    return (state ^ int.from_bytes(last, "big")).to_bytes(BLOCK, "big")


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (DES-CBC with the first key, then decrypt/encrypt the
    last block with the second and first key) over data already padded to whole blocks."""
    if not data or len(data) % BLOCK:
        raise ValueError("retail MAC input must be padded")
    # Single-DES CBC under K1 up to the last block; that block, chained in, then goes
    # through E(K1) D(K2) E(K1) — which is two-key 3DES — in one operation.
    head, last = data[:-BLOCK], data[-BLOCK:]
    state = int.from_bytes(tdes_encrypt(key[:8] * 3, head)[-BLOCK:], "big") if head else 0
    return _des_ede(key, _chained(state, last))


def _des_ede(key: bytes, block: bytes) -> bytes:
    encryptor = _cipher(_three_keys(key[:16]), None).encryptor()
    return encryptor.update(block) + encryptor.finalize()


class _Contexts:
    """Long-lived contexts for one session key, so that secure messaging — a hundred
    commands a read, each with two MACs and a decryption — does not create three cipher
    contexts a command:

    - CBC encryption with a zero IV through one running CBC context: the context chains
      from its last output block, so the first block of each new message is XORed with
      that block first, which cancels it (the result is exactly CBC with IV 0);
    - CBC decryption with a zero IV through one ECB context: P(i) = D(C(i)) XOR C(i-1);
    - single blocks through one ECB encryptor.
    They belong to one Session and die with it; a session is used by one thread."""

    def __init__(self, key24: bytes) -> None:
        self._chain = Cipher(TripleDES(key24), modes.CBC(ZERO_IV)).encryptor()
        self._last = 0
        cipher = _cipher(key24, None)
        self.ecb_encrypt = cipher.encryptor()
        self._ecb_decrypt = cipher.decryptor()

    def cbc_encrypt(self, data: bytes) -> bytes:
        if not data or len(data) % BLOCK:
            raise ValueError("3DES-CBC input must be whole blocks")
        first = (int.from_bytes(data[:BLOCK], "big") ^ self._last).to_bytes(BLOCK, "big")
        out: bytes = self._chain.update(first + data[BLOCK:])
        self._last = int.from_bytes(out[-BLOCK:], "big")
        return out

    def cbc_decrypt(self, data: bytes) -> bytes:
        if not data or len(data) % BLOCK:
            raise ValueError("3DES-CBC input must be whole blocks")
        plain = int.from_bytes(self._ecb_decrypt.update(data), "big")
        previous = int.from_bytes(data[:-BLOCK], "big") if len(data) > BLOCK else 0
        return (plain ^ previous).to_bytes(len(data), "big")


# -- BAC mutual authentication ---------------------------------------------------------------

@dataclass(frozen=True)
class BacChallenge:
    """What the terminal sends in EXTERNAL AUTHENTICATE, and what it must remember."""

    command_data: bytes  # E.IFD || M.IFD, 40 bytes
    rnd_ifd: bytes
    k_ifd: bytes


def bac_challenge(rnd_icc: bytes, k_enc: bytes, k_mac: bytes, *,
                  rnd_ifd: bytes | None = None, k_ifd: bytes | None = None) -> BacChallenge:
    """The terminal's half, from the chip's GET CHALLENGE answer. The random values are
    drawn here; the tests pass the standard's worked example instead."""
    if len(rnd_icc) != 8:
        raise CardAuthError(f"GET CHALLENGE returned {len(rnd_icc)} bytes, not 8")
    rnd_ifd = rnd_ifd if rnd_ifd is not None else os.urandom(8)
    k_ifd = k_ifd if k_ifd is not None else os.urandom(16)
    e_ifd = tdes_encrypt(k_enc, rnd_ifd + rnd_icc + k_ifd)
    return BacChallenge(e_ifd + retail_mac(k_mac, pad(e_ifd)), rnd_ifd, k_ifd)


@dataclass
class Session:
    """Session keys and the send sequence counter of a secure-messaging session, with the
    session's own cipher contexts (made on first use; nothing of them outlives it)."""

    ks_enc: bytes
    ks_mac: bytes
    ssc: int
    _contexts: tuple[_Contexts, _Contexts, _Contexts] | None = field(
        default=None, init=False, repr=False, compare=False)

    def next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")

    def _made(self) -> tuple[_Contexts, _Contexts, _Contexts]:
        if self._contexts is None:
            self._contexts = (_Contexts(_three_keys(self.ks_enc)),
                              _Contexts(self.ks_mac[:8] * 3),
                              _Contexts(_three_keys(self.ks_mac)))
        return self._contexts

    def encrypt(self, data: bytes) -> bytes:
        return self._made()[0].cbc_encrypt(data)

    def decrypt(self, data: bytes) -> bytes:
        return self._made()[0].cbc_decrypt(data)

    def mac(self, data: bytes) -> bytes:
        """retail_mac(ks_mac, data), through the session's contexts."""
        if not data or len(data) % BLOCK:
            raise ValueError("retail MAC input must be padded")
        _, single, ede = self._made()
        head, last = data[:-BLOCK], data[-BLOCK:]
        state = int.from_bytes(single.cbc_encrypt(head)[-BLOCK:], "big") if head else 0
        result: bytes = ede.ecb_encrypt.update(_chained(state, last))
        return result


def bac_session(response: bytes, rnd_icc: bytes, challenge: BacChallenge, k_enc: bytes,
                k_mac: bytes) -> Session:
    """Check the chip's EXTERNAL AUTHENTICATE answer and derive the session."""
    if len(response) != 40:
        raise CardAuthError(f"EXTERNAL AUTHENTICATE returned {len(response)} bytes, not 40")
    e_icc, m_icc = response[:32], response[32:]
    if not hmac.compare_digest(retail_mac(k_mac, pad(e_icc)), m_icc):
        raise CardAuthError("the chip's MAC does not verify")
    r = tdes_decrypt(k_enc, e_icc)
    if r[:8] != rnd_icc or r[8:16] != challenge.rnd_ifd:
        raise CardAuthError("the chip did not return our challenge")
    k_icc = r[16:32]
    seed = bytes(a ^ b for a, b in zip(challenge.k_ifd, k_icc, strict=True))
    return Session(derive_key(seed, 1), derive_key(seed, 2),
                   int.from_bytes(rnd_icc[4:8] + challenge.rnd_ifd[4:8], "big"))


# -- protecting APDUs ------------------------------------------------------------------------

def wrap(session: Session, cla: int, ins: int, p1: int, p2: int, data: bytes = b"",
         le: int | None = None) -> bytes:
    """A short protected command APDU (Le 0 means 256)."""
    header = bytes([cla | 0x0C, ins, p1, p2])
    objects = b""
    if data:
        objects += encode_tlv(0x87, b"\x01" + session.encrypt(pad(data)))
    if le is not None:
        objects += encode_tlv(0x97, bytes([le & 0xFF]))
    mac = session.mac(pad(session.next_ssc() + pad(header) + objects))
    objects += encode_tlv(0x8E, mac)
    return header + bytes([len(objects)]) + objects + b"\x00"


def _objects(body: bytes) -> list[tuple[int, bytes, bytes]]:
    """(tag, value, raw TLV) of each data object in a response body."""
    found = []
    offset = 0
    try:
        while offset < len(body):
            item = read_tlv(body, offset)
            found.append((item.tag, item.value, body[offset:item.end]))
            offset = item.end
    except LdsError as exc:
        raise SecureMessagingError(f"malformed response: {exc}") from exc
    return found


def _decrypt(session: Session, cryptogram: bytes) -> bytes:
    if len(cryptogram) % BLOCK:
        raise SecureMessagingError("the cryptogram is not a whole number of blocks")
    return session.decrypt(cryptogram) if cryptogram else b""


def unwrap(session: Session, response: bytes) -> tuple[bytes, int]:
    """Verify and open a protected response (body + SW1 SW2); returns (data, status word).

    A status that is not protected (6988: SM objects incorrect, 6987: missing) comes back
    as it is, without data, after the counter has moved on like the chip's."""
    if len(response) < 2:
        raise SecureMessagingError("response shorter than a status word")
    body, sw = response[:-2], int.from_bytes(response[-2:], "big")
    ssc = session.next_ssc()
    if not body:
        # Only an error may come back unprotected (6987/6988 and the like): a success or
        # a warning without its MAC could have been made up on the way.
        if sw == 0x9000 or sw >> 8 in (0x61, 0x62, 0x63):
            raise SecureMessagingError(f"status {sw:04X} without secure messaging")
        return b"", sw
    objects = _objects(body)
    mac = next((v for tag, v, _ in objects if tag == 0x8E), None)
    if mac is None:
        raise SecureMessagingError("no MAC in the response")
    covered = b"".join(raw for tag, _, raw in objects if tag in (0x85, 0x87, 0x99))
    if not hmac.compare_digest(session.mac(pad(ssc + covered)), mac):
        raise SecureMessagingError("the response MAC does not verify")
    data = b""
    for tag, value, _ in objects:
        if tag == 0x87:
            if not value or value[0] != 0x01:
                raise SecureMessagingError("unknown padding indicator")
            data = unpad(_decrypt(session, value[1:]))
        elif tag == 0x85:
            data = _decrypt(session, value)
    status = next((v for tag, v, _ in objects if tag == 0x99), None)
    if status is None:
        raise SecureMessagingError("no protected status (DO'99') in the response")
    if len(status) != 2:
        raise SecureMessagingError("the protected status is not two bytes")
    return data, int.from_bytes(status, "big")
