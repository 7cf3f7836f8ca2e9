"""Reading an eMRTD chip, terminal side, against our chip emulator in memory.

The same chip answers over the real PC/SC stack in tests/system/test_card_readers.py; here
the transport is a plain function, so every quirk and fault can be driven exactly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable

import cv2
import numpy as np
import pytest

from devices.cards import passport
from devices.cards.emulator import chip_files as build
from devices.cards.emulator.emrtd import EmrtdChip
from devices.cards.identity import DocumentType
from devices.cards.passport import AccessKey, CardError

# A Chinese passport's data page as ICAO 9303 would write it (fictitious person).
TD3 = ("POCHNZHOU<<MINGYUAN<<<<<<<<<<<<<<<<<<<<<<<<<\n"
       "EJ12345673CHN8812016M3104013<<<<<<<<<<<<<<04")
KEY = AccessKey("EJ1234567", dt.date(1988, 12, 1), dt.date(2031, 4, 1))


def face_image(size: tuple[int, int] = (120, 160)) -> np.ndarray:
    rng = np.random.default_rng(7)
    image = rng.integers(0, 255, (size[1], size[0], 3), dtype=np.uint8)
    return cv2.GaussianBlur(image, (9, 9), 3)


def encoded(image: np.ndarray, extension: str) -> bytes:
    ok, data = cv2.imencode(extension, image)
    assert ok
    return bytes(data)


def chip_files(*, jpeg2000: bool = False, mrz: str = TD3,
               tamper: Callable[[dict[int, bytes]], None] | None = None) -> dict[int, bytes]:
    photo = encoded(face_image(), ".jp2" if jpeg2000 else ".jpg")
    files = build.document(mrz, photo, 120, 160, jpeg2000=jpeg2000)
    if tamper is not None:
        tamper(files)
    return files


class Counting:
    """A transport straight into the chip, counting what crosses it."""

    def __init__(self, chip: EmrtdChip) -> None:
        self.chip = chip
        self.sent: list[bytes] = []

    def transmit(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.chip.process(apdu)


def chip(files: dict[int, bytes] | None = None, **quirks: int | bool) -> EmrtdChip:
    return EmrtdChip(files if files is not None else chip_files(),
                     KEY.information, **quirks)  # type: ignore[arg-type]


def test_a_passport_read_gives_the_identity_with_its_face() -> None:
    person = passport.read_document(Counting(chip()), KEY)
    assert person.document_type is DocumentType.PASSPORT
    assert (person.name, person.sex, person.id_number) == ("ZHOU MINGYUAN", "男", "EJ1234567")
    assert person.birth_date == dt.date(1988, 12, 1)
    assert person.valid_until == dt.date(2031, 4, 1)
    # Intact (EF.SOD hashes), not authenticated (no CSCA signature check): not "verified".
    assert person.nationality == "CHN" and not person.verified
    assert person.photo_jpeg is not None and person.photo_jpeg.startswith(b"\xff\xd8")
    face = cv2.imdecode(np.frombuffer(person.photo_jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert face.shape == (160, 120, 3)


def test_a_jpeg2000_face_comes_out_as_jpeg_of_the_same_picture() -> None:
    person = passport.read_document(Counting(chip(chip_files(jpeg2000=True))), KEY)
    assert person.photo_jpeg is not None and person.photo_jpeg.startswith(b"\xff\xd8")
    face = cv2.imdecode(np.frombuffer(person.photo_jpeg, np.uint8), cv2.IMREAD_COLOR)
    difference = np.abs(face.astype(int) - face_image().astype(int)).mean()
    assert face.shape == (160, 120, 3) and difference < 12


@pytest.mark.parametrize("quirks", [
    {"max_read": 0x40},  # a short-length chip: fewer bytes than asked for
    {"max_read": 1},  # the extreme: one byte per READ BINARY
    {"t0": True, "t0_chunk": 0x30},  # 61xx, answers collected with GET RESPONSE
    {"strict_le": True},  # 6Cxx: resend with the exact Le
    {"strict_le": True, "t0": True, "t0_chunk": 0x10, "max_read": 0x50},
])
def test_chained_reads_cope_with_how_chips_hand_out_data(quirks: dict[str, int]) -> None:
    transport = Counting(chip(**quirks))
    person = passport.read_document(transport, KEY)
    assert person.id_number == "EJ1234567" and person.photo_jpeg is not None
    if quirks.get("t0"):
        assert any(apdu[:2] == b"\x00\xc0" for apdu in transport.sent)


def test_a_wrong_mrz_is_refused_by_the_chip() -> None:
    wrong = AccessKey("EJ1234567", dt.date(1988, 12, 2), dt.date(2031, 4, 1))
    with pytest.raises(CardError) as refused:
        passport.read_document(Counting(chip()), wrong)
    assert refused.value.code == "card.access_denied"


def test_a_card_without_the_applet_is_no_travel_document() -> None:
    class NotAPassport:
        def transmit(self, apdu: bytes) -> bytes:
            return b"\x6a\x82"

    with pytest.raises(CardError) as refused:
        passport.read_document(NotAPassport(), KEY)
    assert refused.value.code == "card.not_emrtd"


def test_a_data_group_that_does_not_match_ef_sod_is_not_believed() -> None:
    def swap_dg1(files: dict[int, bytes]) -> None:
        files[0x0101] = build.dg1(TD3.replace("ZHOU<<MINGYUAN", "ZHAO<<MINGYUAN"))

    with pytest.raises(CardError) as refused:
        passport.read_document(Counting(chip(chip_files(tamper=swap_dg1))), KEY)
    assert refused.value.code == "card.integrity"


def test_a_chip_whose_answers_are_altered_on_the_way_is_not_believed() -> None:
    honest = chip()

    class Meddling:
        def __init__(self) -> None:
            self.count = 0

        def transmit(self, apdu: bytes) -> bytes:
            response = honest.process(apdu)
            self.count += 1
            if self.count == 8 and len(response) > 6:  # a protected READ BINARY answer
                response = response[:3] + bytes([response[3] ^ 1]) + response[4:]
            return response

    with pytest.raises(CardError) as refused:
        passport.read_document(Meddling(), KEY)
    assert refused.value.code == "card.unreadable"
    assert "MAC" in refused.value.detail


class Garbage:
    """The honest chip, except that its answer number `corrupt_at` is random bytes."""

    def __init__(self, rng: np.random.Generator) -> None:
        self.chip = chip()
        self.rng = rng
        self.corrupt_at = int(rng.integers(1, 30))
        self.count = 0

    def transmit(self, apdu: bytes) -> bytes:
        response = self.chip.process(apdu)
        self.count += 1
        if self.count == self.corrupt_at:
            size = int(self.rng.integers(0, 40))
            return bytes(self.rng.integers(0, 256, size, dtype=np.uint8))
        return response


KNOWN_CODES = {"card.unreadable", "card.garbled", "card.not_emrtd", "card.access_denied",
               "card.integrity", "card.unsupported"}


def test_garbage_answers_give_card_errors_never_a_crash() -> None:
    rng = np.random.default_rng(11)
    codes: list[str] = []
    for _ in range(200):
        with contextlib.suppress(CardError):
            passport.read_document(Garbage(rng), KEY)
            codes.append("read")  # the garbage hit nothing that mattered (e.g. a retry)
            continue
        codes.append("failed")
    # Any other exception type would have escaped the suppress and failed the test; the
    # codes themselves are checked on the errors the loop above cannot see:
    for seed in range(40):
        try:
            passport.read_document(Garbage(np.random.default_rng(seed)), KEY)
        except CardError as exc:
            codes.append(exc.code)
    assert set(codes) - {"read", "failed"} <= KNOWN_CODES
    assert codes.count("failed") > 160


@pytest.mark.parametrize(("declared", "code"), [
    (b"\x75\x83\x01\x00\x00", "card.garbled"),  # 64 KB and more: no DG2 is that big
    (b"\x75\x82\x90\x00", "card.unsupported"),  # 36 KB: real, but past a short offset
])
def test_a_file_larger_than_short_offsets_reach_is_refused_clearly(declared: bytes,
                                                                  code: str) -> None:
    def huge(files: dict[int, bytes]) -> None:
        files[0x0102] = declared + bytes(16)

    with pytest.raises(CardError) as refused:
        passport.read_document(Counting(chip(chip_files(tamper=huge))), KEY)
    assert refused.value.code == code


def test_an_mrz_that_fails_its_check_digits_is_garbled_and_says_nothing_personal() -> None:
    wrong = TD3.replace("8812016", "8812026")  # birth date changed, check digit not
    with pytest.raises(CardError) as refused:
        passport.read_document(Counting(chip(chip_files(mrz=wrong))), KEY)
    assert refused.value.code == "card.garbled"
    assert "881202" not in refused.value.detail and "8812" not in str(refused.value)
