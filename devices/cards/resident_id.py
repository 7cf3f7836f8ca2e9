"""Resident ID cards (居民身份证, the second-generation card) through the reader vendor's SDK.

These cards are not read over PC/SC: every reader ships the vendor's "SDT" library (e.g.
libsdtapi.so), which talks to the reader's security module, plus a photo decoder (e.g.
libwlt.so) that turns the card's compressed WLT photo into a BMP. Both are loaded with ctypes
from paths in the settings; either may be missing or broken on a given counter PC, and the
rest of the application must keep working then.

Three layers:

- `parse_base_message`: the pure parser of the card's 256-byte text (UCS-2 LE, fixed-width
  fields) and the decoded photo. Garbage raises `CardDataError` and nothing else.
- `VendorSdk`: the two libraries, every function with explicit argtypes/restype; vendor
  return codes become typed results or an `SdkError` with a stable code.
- `ResidentIdReader`: one non-daemon thread polling the reader and reporting `ReaderEvent`s,
  the same shape as `SimulatedReader`.

Error codes (`SdkError.code`, `ReadFailed.code`, `IdentityReadWithoutPhoto.code`):

- ``sdk.missing``: a library cannot be loaded or lacks a symbol (the detail names both);
- ``sdk.port``: the port cannot be opened, is not a valid port number, or stopped answering;
- ``card.unreadable``: the card did not give its data (moved during the read, damaged);
- ``card.garbled``: the data read is not a resident ID card's text (`CardDataError`);
- ``photo.undecodable``: the identity was read but its photo could not be decoded.

Personal data (names, numbers, addresses, dates, photos) never appears in a log message or
an exception detail: details name fields, lengths and return codes only.
"""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import logging
import os
import re
import threading
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import cv2
import numpy as np

from devices.cards.identity import (
    CardInserted,
    CardRemoved,
    DocumentType,
    Identity,
    IdentityRead,
    ReaderAdded,
    ReaderEvent,
    ReaderRemoved,
    ReadFailed,
)

_log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# The card's text

TEXT_LENGTH = 256
"""Bytes of the base message text (SDT_ReadBaseMsg's CH buffer)."""
WLT_LENGTH = 1024
"""Bytes of the compressed photo (SDT_ReadBaseMsg's PH buffer)."""
PHOTO_WIDTH, PHOTO_HEIGHT = 102, 126
BMP_LENGTH = 54 + PHOTO_HEIGHT * 308
"""The decoder's output: a 24-bit BMP file image, 54-byte header + 126 rows of 308 bytes."""

# (field, bytes) in card order; 220 bytes, then reserved bytes up to 256.
_FIELDS = (
    ("name", 30),
    ("sex", 2),
    ("ethnicity", 4),
    ("birth date", 16),
    ("address", 70),
    ("ID number", 36),
    ("issuing authority", 30),
    ("valid-from date", 16),
    ("valid-until date", 16),
)
# Other cards read through the same SDK (外国人永久居留身份证 "I"/"Y", 港澳台居民居住证 "J")
# carry a card-type letter at bytes 248–249; on a resident ID card they are reserved (blank).
_CARD_TYPE_OFFSET = 248
_BLANK_CARD_TYPES = (b" \x00", b"\x00\x00")

SEXES = {"0": "未知", "1": "男", "2": "女", "9": "未说明"}
"""GB/T 2261.1 sex codes → what the card prints."""

ETHNICITIES = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳",
    "21": "佤", "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西",
    "28": "景颇", "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌",
    "34": "布朗", "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌",
    "40": "普米", "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克",
    "46": "德昂", "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙",
    "52": "鄂伦春", "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺",
    "97": "其他", "98": "外国血统中国籍人士",
}
"""GB 3304 ethnicity codes → the name as the card prints it (民族 汉, without 族)."""

INDEFINITELY = "长期"
"""The valid-until field of a card that does not expire."""

# Years outside this range are not a living holder's birth date or a card's validity.
_EARLIEST_YEAR, _LATEST_YEAR = 1850, 2199
_DATE = re.compile(r"[0-9]{8}")
_ID_NUMBER = re.compile(r"[0-9]{17}[0-9X]")
# Control, format and surrogate characters never belong in a printed field. Private-use
# characters (Co) do: the card encodes some rare characters of names there.
_BAD_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


class CardDataError(ValueError):
    """The card's data is not a resident ID card's. The message names what, never a value."""


def parse_base_message(ch: bytes, photo_bmp: bytes | None) -> Identity:
    """The identity in SDT_ReadBaseMsg's text `ch` and the decoder's BMP `photo_bmp`.

    The photo becomes a JPEG (`photo_jpeg` None when `photo_bmp` is None). The ID number's
    shape is checked, not its GB 11643 check character: that is another layer's job.
    """
    fields = _split(bytes(ch))
    birth = _date(fields["birth date"], "birth date")
    valid_from = _date(fields["valid-from date"], "valid-from date")
    until_text = _text(fields["valid-until date"], "valid-until date")
    valid_until = None if until_text == INDEFINITELY else _date(until_text, "valid-until date")
    if valid_from < birth:
        raise CardDataError("the valid-from date is before the birth date")
    if valid_until is not None and valid_until <= valid_from:
        raise CardDataError("the valid-until date is not after the valid-from date")
    name = _text(fields["name"], "name")
    if not name:
        raise CardDataError("the name is empty")
    number = _text(fields["ID number"], "ID number")
    if not number:
        raise CardDataError("the ID number is empty")
    if not _ID_NUMBER.fullmatch(number):
        raise CardDataError("the ID number is not 17 digits and a check character")
    sex = SEXES.get(fields["sex"])
    if sex is None:
        raise CardDataError("unknown sex code")
    ethnicity = ETHNICITIES.get(fields["ethnicity"])
    if ethnicity is None:
        raise CardDataError("unknown ethnicity code")
    return Identity(
        document_type=DocumentType.RESIDENT_ID,
        name=name,
        sex=sex,
        birth_date=birth,
        id_number=number,
        valid_until=valid_until,
        valid_from=valid_from,
        ethnicity=ethnicity,
        address=_text(fields["address"], "address"),
        issuing_authority=_text(fields["issuing authority"], "issuing authority"),
        nationality="CHN",
        photo_jpeg=None if photo_bmp is None else photo_to_jpeg(photo_bmp),
    )


def photo_to_jpeg(bmp: bytes) -> bytes:
    """The decoder's 102×126 BMP file image as a JPEG; anything else is a CardDataError."""
    bmp = bytes(bmp)
    if len(bmp) < 54 or bmp[:2] != b"BM":
        raise CardDataError("the photo is not a BMP image")
    # Read the size from the header first: a garbage header must not make OpenCV allocate
    # gigabytes. Height is negative for a top-down BMP.
    width = int.from_bytes(bmp[18:22], "little", signed=True)
    height = int.from_bytes(bmp[22:26], "little", signed=True)
    if (width, abs(height)) != (PHOTO_WIDTH, PHOTO_HEIGHT):
        raise CardDataError(f"the photo is not {PHOTO_WIDTH}×{PHOTO_HEIGHT} pixels")
    try:
        image = cv2.imdecode(np.frombuffer(bmp, np.uint8), cv2.IMREAD_COLOR)
        if image is None or image.shape[:2] != (PHOTO_HEIGHT, PHOTO_WIDTH):
            raise CardDataError("the photo cannot be decoded as a BMP image")
        ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])
    except cv2.error as exc:
        raise CardDataError("the photo cannot be decoded as a BMP image") from exc
    if not ok:
        raise CardDataError("the photo cannot be encoded as JPEG")
    return bytes(encoded.tobytes())


def _split(ch: bytes) -> dict[str, str]:
    if len(ch) != TEXT_LENGTH:
        raise CardDataError(f"the text is {len(ch)} bytes, expected {TEXT_LENGTH}")
    card_type = ch[_CARD_TYPE_OFFSET:_CARD_TYPE_OFFSET + 2]
    if card_type not in _BLANK_CARD_TYPES:
        raise CardDataError(
            f"card type mark 0x{int.from_bytes(card_type, 'little'):04X} at byte "
            f"{_CARD_TYPE_OFFSET}: not a resident ID card")
    fields: dict[str, str] = {}
    offset = 0
    for field, size in _FIELDS:
        try:
            fields[field] = ch[offset:offset + size].decode("utf-16-le")
        except UnicodeDecodeError as exc:
            raise CardDataError(f"the {field} field is not valid UTF-16LE") from exc
        offset += size
    return fields


def _text(value: str, field: str) -> str:
    """A field without its padding (trailing spaces; NULs from some SDKs)."""
    value = value.rstrip(" \x00")
    if any(unicodedata.category(c) in _BAD_CATEGORIES for c in value):
        raise CardDataError(f"the {field} contains control characters")
    return value


def _date(value: str, field: str) -> dt.date:
    value = value.rstrip(" \x00")
    if not _DATE.fullmatch(value):
        raise CardDataError(f"the {field} is not a date (YYYYMMDD)")
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:])
    if not _EARLIEST_YEAR <= year <= _LATEST_YEAR:
        raise CardDataError(f"the {field} has an impossible year")
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise CardDataError(f"the {field} is not a calendar date") from exc


# --------------------------------------------------------------------------------------------
# The vendor libraries

SDT_OK = 0x90
SDT_FOUND = 0x9F
SDT_NOT_FOUND = 0x80
SDT_SELECT_FAILED = 0x81
SDT_READ_FAILED = 0x41
UNPACK_OK = 1


def _transport_failure(code: int) -> bool:
    """Codes below 0x10 are the SDK's port and transport errors (0x01 port open failed,
    0x02 no answer, 0x03 transfer error, 0x05 port unusable): the reader is gone."""
    return code < 0x10


def valid_port(port: int) -> bool:
    """1–16 are serial ports, 1001–1016 USB readers."""
    return 1 <= port <= 16 or 1001 <= port <= 1016


class SdkError(Exception):
    """A vendor SDK call failed; `code` is stable (see the module docstring)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


@dataclass(frozen=True)
class BaseMessage:
    """SDT_ReadBaseMsg's output, unparsed."""

    text: bytes
    photo_wlt: bytes


@dataclass(frozen=True)
class CardRead:
    """A read card. `photo_problem` is set (and `identity.photo_jpeg` None) when the photo
    could not be decoded; the identity is usable anyway."""

    identity: Identity
    photo_problem: SdkError | None = None


_ManaInfo = ctypes.c_ubyte * 8
_U8 = ctypes.POINTER(ctypes.c_ubyte)
_SIGNATURES: dict[str, tuple[list[Any], Any]] = {
    "SDT_OpenPort": ([ctypes.c_int], ctypes.c_int),
    "SDT_ClosePort": ([ctypes.c_int], ctypes.c_int),
    "SDT_StartFindIDCard": ([ctypes.c_int, _U8, ctypes.c_int], ctypes.c_int),
    "SDT_SelectIDCard": ([ctypes.c_int, _U8, ctypes.c_int], ctypes.c_int),
    "SDT_ReadBaseMsg": (
        [ctypes.c_int, _U8, ctypes.POINTER(ctypes.c_uint), _U8, ctypes.POINTER(ctypes.c_uint),
         ctypes.c_int],
        ctypes.c_int,
    ),
}
_DECODER_SIGNATURES: dict[str, tuple[list[Any], Any]] = {
    "unpack": ([ctypes.POINTER(ctypes.c_char), ctypes.POINTER(ctypes.c_char), ctypes.c_int],
               ctypes.c_int),
}
# Our buffers are larger than the documented sizes: a vendor library that writes a little
# more than it documents must not write past them.
_TEXT_BUFFER = 4096
_WLT_BUFFER = 4096
_BMP_BUFFER = 65536


def _load(path: str, signatures: dict[str, tuple[list[Any], Any]]) -> dict[str, Any]:
    try:
        library = ctypes.CDLL(path)
    except OSError as exc:
        raise SdkError("sdk.missing", f"cannot load {path}: {exc}") from exc
    functions: dict[str, Any] = {}
    for symbol, (argtypes, restype) in signatures.items():
        try:
            function = getattr(library, symbol)
        except AttributeError as exc:
            raise SdkError("sdk.missing", f"{path} has no symbol {symbol}") from exc
        function.argtypes = argtypes
        function.restype = restype
        functions[symbol] = function
    return functions


class VendorSdk:
    """The SDT library and the WLT photo decoder (the same file or two).

    Raises SdkError("sdk.missing") when either cannot be loaded or lacks a function. Calls
    always pass iIfOpen = 0: the caller opens the port once and keeps it open. Not
    thread-safe: one reader thread owns an instance.
    """

    def __init__(self, library: str | os.PathLike[str], decoder: str | os.PathLike[str]) -> None:
        self.library = os.fspath(library)
        self.decoder = os.fspath(decoder)
        self._sdt = _load(self.library, _SIGNATURES)
        self._unpack = _load(self.decoder, _DECODER_SIGNATURES)["unpack"]

    def open(self, port: int) -> None:
        if not valid_port(port):
            raise SdkError("sdk.port", f"{port} is not a serial (1–16) or USB (1001–1016) port")
        code = self._sdt["SDT_OpenPort"](port)
        if code != SDT_OK:
            raise SdkError("sdk.port", f"port {port} cannot be opened "
                                       f"(SDT_OpenPort returned 0x{code:02X})")

    def close(self, port: int) -> bool:
        """True if the SDK closed the port (the result matters only for logging)."""
        return bool(self._sdt["SDT_ClosePort"](port) == SDT_OK)

    def find(self, port: int) -> bool:
        """True when a card answers (SDT_StartFindIDCard 0x9F)."""
        code = self._sdt["SDT_StartFindIDCard"](port, _ManaInfo(), 0)
        self._check_transport("SDT_StartFindIDCard", port, code)
        return bool(code == SDT_FOUND)

    def select(self, port: int) -> bool:
        """True when the card is selected (SDT_SelectIDCard 0x90)."""
        code = self._sdt["SDT_SelectIDCard"](port, _ManaInfo(), 0)
        self._check_transport("SDT_SelectIDCard", port, code)
        return bool(code == SDT_OK)

    def read_base_message(self, port: int) -> BaseMessage:
        """The selected card's text and compressed photo, unparsed (SDT_ReadBaseMsg)."""
        text, photo = (ctypes.c_ubyte * _TEXT_BUFFER)(), (ctypes.c_ubyte * _WLT_BUFFER)()
        text_length, photo_length = ctypes.c_uint(0), ctypes.c_uint(0)
        code = self._sdt["SDT_ReadBaseMsg"](
            port, text, ctypes.byref(text_length), photo, ctypes.byref(photo_length), 0)
        self._check_transport("SDT_ReadBaseMsg", port, code)
        if code != SDT_OK:
            raise SdkError("card.unreadable", f"SDT_ReadBaseMsg returned 0x{code:02X}")
        if text_length.value > _TEXT_BUFFER or photo_length.value > _WLT_BUFFER:
            raise SdkError("card.garbled", "SDT_ReadBaseMsg reported more data than it may "
                                           f"write ({text_length.value}+{photo_length.value})")
        return BaseMessage(bytes(text[:text_length.value]), bytes(photo[:photo_length.value]))

    def unpack_photo(self, wlt: bytes) -> bytes:
        """The decoder's BMP file image of a WLT photo; SdkError("photo.undecodable")."""
        if not wlt:
            raise SdkError("photo.undecodable", "the card returned no photo")
        source = ctypes.create_string_buffer(bytes(wlt), max(len(wlt), WLT_LENGTH))
        target = ctypes.create_string_buffer(_BMP_BUFFER)
        code = self._unpack(source, target, 0)
        if code != UNPACK_OK:
            raise SdkError("photo.undecodable", f"unpack returned {code}")
        return target.raw[:BMP_LENGTH]

    def read(self, port: int) -> CardRead:
        """Read the selected card: SdkError card.unreadable, card.garbled or sdk.port; a photo
        that cannot be decoded leaves the identity usable (CardRead.photo_problem).

        The identity is `verified`: the reader's security module authenticated the card and
        the data came from it, nobody typed it.
        """
        message = self.read_base_message(port)
        try:
            identity = parse_base_message(message.text, None)
        except CardDataError as exc:
            raise SdkError("card.garbled", str(exc)) from exc
        identity = dataclasses.replace(identity, verified=True)
        try:
            jpeg = photo_to_jpeg(self.unpack_photo(message.photo_wlt))
        except SdkError as exc:
            return CardRead(identity, exc)
        except CardDataError as exc:
            return CardRead(identity, SdkError("photo.undecodable", str(exc)))
        return CardRead(dataclasses.replace(identity, photo_jpeg=jpeg))

    def _check_transport(self, function: str, port: int, code: int) -> None:
        if _transport_failure(code):
            raise SdkError("sdk.port", f"the reader stopped answering on port {port} "
                                       f"({function} returned 0x{code:02X})")


# --------------------------------------------------------------------------------------------
# The reader thread


@dataclass(frozen=True)
class IdentityReadWithoutPhoto(IdentityRead):
    """The card was read but its photo could not be decoded (`code` photo.undecodable).

    A subclass of IdentityRead: whoever handles IdentityRead gets a usable identity (with
    `photo_jpeg` None) without knowing this class; whoever wants to say why the photo is
    missing checks for it. One read, one event — not an IdentityRead plus a ReadFailed.
    """

    code: str = "photo.undecodable"
    detail: str = ""


@dataclass
class _Card:
    """The card on the reader, from the read that found it until it is taken off."""

    attempts: int = 0
    done: bool = False  # read, or given up on: wait for it to be taken off
    reported: str = ""  # the failure code already reported for it


class ResidentIdReader:
    """Polls a resident ID card reader on its own thread and reports ReaderEvents.

    - a missing or broken library: ReadFailed("sdk.missing") once, and the thread ends;
    - a port that cannot be opened: ReadFailed("sdk.port") once, retried every
      `retry_seconds`; ReaderAdded when it opens, ReaderRemoved when it stops answering;
    - a card: CardInserted, then IdentityRead (IdentityReadWithoutPhoto when the photo
      cannot be decoded) or ReadFailed; a card read is not read again while it lies on the
      reader (either find or select still answers); CardRemoved when both stop answering;
    - a read that fails with card.unreadable (a card still moving) is retried quietly while
      the card stays, up to `read_attempts` reads; only the first failure is reported.
    """

    def __init__(
        self,
        library: str | os.PathLike[str],
        decoder: str | os.PathLike[str],
        port: int,
        on_event: Callable[[ReaderEvent], None],
        poll_seconds: float = 0.3,
        *,
        retry_seconds: float = 3.0,
        read_attempts: int = 3,
    ) -> None:
        self.name = f"Resident ID reader (port {port})"
        self.port = port
        self._library = library
        self._decoder = decoder
        self._on_event = on_event
        self._poll_seconds = poll_seconds
        self._retry_seconds = retry_seconds
        self._read_attempts = max(1, read_attempts)
        self._stopping = threading.Event()
        self._card: _Card | None = None
        self._thread = threading.Thread(
            target=self._run, name=f"resident-id-reader-{port}", daemon=False)

    @property
    def running(self) -> bool:
        """The polling thread is alive (it ends by itself when the SDK cannot be used)."""
        return self._thread.is_alive()

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """Stop polling; returns once the thread has ended (after the SDK call under way).
        Called from the reader's own thread (inside on_event), it only asks the thread to end."""
        self._stopping.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(10)
            if self._thread.is_alive():
                _log.warning("%s: the vendor SDK has not returned for 10 s", self.name)

    def _run(self) -> None:
        try:
            sdk = VendorSdk(self._library, self._decoder)
        except SdkError as exc:
            _log.warning("%s: %s", self.name, exc)
            self._on_event(ReadFailed(self.name, exc.code, exc.detail))
            return
        if not valid_port(self.port):
            detail = f"{self.port} is not a serial (1–16) or USB (1001–1016) port"
            _log.warning("%s: %s", self.name, detail)
            self._on_event(ReadFailed(self.name, "sdk.port", detail))
            return
        opened = False
        reported = False  # the closed port was reported (at start-up, or by ReaderRemoved)
        try:
            while not self._stopping.is_set():
                if not opened:
                    try:
                        sdk.open(self.port)
                    except SdkError as exc:
                        if not reported:
                            reported = True
                            _log.warning("%s: %s", self.name, exc)
                            self._on_event(ReadFailed(self.name, exc.code, exc.detail))
                        self._stopping.wait(self._retry_seconds)
                        continue
                    opened = True
                    _log.info("%s: port open", self.name)
                    self._on_event(ReaderAdded(self.name))
                try:
                    self._poll(sdk)
                except SdkError as exc:
                    if exc.code != "sdk.port":
                        raise
                    opened, reported = False, True
                    _log.warning("%s: %s", self.name, exc)
                    sdk.close(self.port)
                    if self._card is not None:
                        self._card = None
                        self._on_event(CardRemoved(self.name))
                    self._on_event(ReaderRemoved(self.name))
                    self._stopping.wait(self._retry_seconds)
                    continue
                self._stopping.wait(self._poll_seconds)
        finally:
            if opened:
                sdk.close(self.port)
        if opened:
            self._on_event(ReaderRemoved(self.name))

    def _poll(self, sdk: VendorSdk) -> None:
        # A card answers find until it is selected; a selected card (one we read, or one left
        # selected across a reconnect) answers only select. So a card is there while either
        # answers, and select comes before every read anyway.
        card = self._card
        found = sdk.find(self.port)
        if card is not None and card.done:
            if not (found or sdk.select(self.port)):
                self._card = None
                self._on_event(CardRemoved(self.name))
            return
        if sdk.select(self.port):
            if card is None:
                card = self._card = _Card()
                self._on_event(CardInserted(self.name))
            self._read(sdk, card)
        elif card is not None and not found:
            self._card = None
            self._on_event(CardRemoved(self.name))

    def _read(self, sdk: VendorSdk, card: _Card) -> None:
        card.attempts += 1
        try:
            result = sdk.read(self.port)
        except SdkError as exc:
            if exc.code == "sdk.port":
                raise
            card.done = exc.code != "card.unreadable" or card.attempts >= self._read_attempts
            _log.info("%s: read failed: %s (attempt %d)", self.name, exc, card.attempts)
            if card.reported != exc.code:
                card.reported = exc.code
                self._on_event(ReadFailed(self.name, exc.code, exc.detail))
            return
        card.done = True
        problem = result.photo_problem
        if problem is None:
            self._on_event(IdentityRead(self.name, result.identity))
        else:
            _log.info("%s: card read without its photo: %s", self.name, problem)
            self._on_event(IdentityReadWithoutPhoto(
                self.name, result.identity, problem.code, problem.detail))
