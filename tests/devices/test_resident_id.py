"""Resident ID cards through the vendor SDK: the text parser on good and garbage input, and
the reader thread against a fake SDK built from C (tests/devices/fake_sdt/fake_sdt.c)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import queue
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import cv2
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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
from devices.cards.resident_id import (
    BMP_LENGTH,
    ETHNICITIES,
    SEXES,
    CardDataError,
    IdentityReadWithoutPhoto,
    ResidentIdReader,
    SdkError,
    VendorSdk,
    parse_base_message,
    photo_to_jpeg,
)
from tests.devices.sdk_fixtures import (  # noqa: F401 - pytest fixtures
    FakeSdkBuild,
    FakeSdt,
    fake_sdk_build_fixture,
    fake_sdt_fixture,
)

E = TypeVar("E")

# --------------------------------------------------------------------------------------------
# card data


def field(text: str, size: int) -> bytes:
    """A fixed-width UCS-2 LE field padded with spaces."""
    data = text.encode("utf-16-le")
    assert len(data) <= size, text
    return data + " ".encode("utf-16-le") * ((size - len(data)) // 2)


@dataclass(frozen=True)
class Person:
    name: str
    sex: str
    ethnicity: str
    birth: str
    address: str
    number: str
    authority: str
    valid_from: str
    valid_until: str
    reserved: str = " " * 18  # the card-type letter of other cards is the 15th character

    def text(self) -> bytes:
        data = b"".join([
            field(self.name, 30), field(self.sex, 2), field(self.ethnicity, 4),
            field(self.birth, 16), field(self.address, 70), field(self.number, 36),
            field(self.authority, 30), field(self.valid_from, 16), field(self.valid_until, 16),
            field(self.reserved, 36),
        ])
        assert len(data) == 256
        return data


LIN = Person("林晓静", "2", "01", "19900307", "示范市示范区幸福路88号3单元502室",
             "110101199003078523", "示范市公安局示范区分局", "20180520", "20380520")
AYGUL = Person("阿依古丽·买买提", "2", "05", "19580615", "示范市示范区团结路5号",
               "650102195806150043", "示范市公安局示范区分局", "20150110", "长期")
ZHAO = Person("赵国强", "1", "03", "19751130", "示范市示范区建设路12号",
              "11010119751130231X", "示范市公安局示范区分局", "20050901", "20250901")
PEOPLE = (LIN, AYGUL, ZHAO)

TOP, BOTTOM = (200, 180, 160), (40, 90, 150)  # BGR of the fake photo's halves


def wlt(top: tuple[int, int, int] = TOP, bottom: tuple[int, int, int] = BOTTOM) -> bytes:
    """The fake SDK's compressed photo: magic, then the BGR colours of the two halves."""
    return (b"FWLT" + bytes(top) + bytes(bottom)).ljust(1024, b"\0")


def bmp(top: tuple[int, int, int] = TOP, bottom: tuple[int, int, int] = BOTTOM,
        width: int = 102, height: int = 126) -> bytes:
    """A 24-bit BMP file image, as a vendor decoder produces (written by OpenCV)."""
    image = np.zeros((height, width, 3), np.uint8)
    image[: height // 2] = top
    image[height // 2:] = bottom
    ok, encoded = cv2.imencode(".bmp", image)
    assert ok
    return bytes(encoded.tobytes())


def assert_photo(jpeg: bytes | None) -> None:
    """A JPEG of 102×126 pixels, top half TOP and bottom half BOTTOM (the right way up)."""
    assert jpeg is not None and jpeg[:3] == b"\xff\xd8\xff"
    image = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None and image.shape == (126, 102, 3)
    top = image[5:55, 5:97].reshape(-1, 3).mean(axis=0)
    bottom = image[70:120, 5:97].reshape(-1, 3).mean(axis=0)
    assert np.abs(top - np.array(TOP)).max() < 6, top
    assert np.abs(bottom - np.array(BOTTOM)).max() < 6, bottom


def personal_values(person: Person) -> list[str]:
    birth = dt.date(int(person.birth[:4]), int(person.birth[4:6]), int(person.birth[6:]))
    return [person.name, person.number, person.address, person.birth, birth.isoformat(),
            person.number[-6:]]


def assert_no_personal_data(text: str) -> None:
    for person in PEOPLE:
        for value in personal_values(person):
            assert value not in text, f"personal data in {text!r}"


def identity_of(person: Person, photo_jpeg: bytes | None, *, verified: bool = True) -> Identity:
    """What the reader reports for `person` (`verified`: read through the security module)."""
    return Identity(
        document_type=DocumentType.RESIDENT_ID, name=person.name,
        sex={"1": "男", "2": "女"}[person.sex], birth_date=dt.datetime.strptime(
            person.birth, "%Y%m%d").date(), id_number=person.number,
        valid_until=None if person.valid_until == "长期" else dt.datetime.strptime(
            person.valid_until, "%Y%m%d").date(),
        valid_from=dt.datetime.strptime(person.valid_from, "%Y%m%d").date(),
        ethnicity=ETHNICITIES[person.ethnicity], address=person.address,
        issuing_authority=person.authority, nationality="CHN", photo_jpeg=photo_jpeg,
        verified=verified,
    )


# --------------------------------------------------------------------------------------------
# the parser


def test_every_field_of_the_text_and_the_photo() -> None:
    identity = parse_base_message(AYGUL.text(), bmp())
    # The parser alone does not know where the bytes came from: not verified.
    assert identity == identity_of(AYGUL, identity.photo_jpeg, verified=False)
    assert identity.name == "阿依古丽·买买提" and identity.sex == "女"
    assert identity.ethnicity == "维吾尔" and identity.birth_date == dt.date(1958, 6, 15)
    assert identity.valid_from == dt.date(2015, 1, 10)
    assert identity.valid_until is None and not identity.expired(dt.date(2099, 1, 1))  # 长期
    assert identity.address == "示范市示范区团结路5号" and identity.nationality == "CHN"
    assert_photo(identity.photo_jpeg)

    lin = parse_base_message(LIN.text(), None)
    assert lin == identity_of(LIN, None, verified=False) and lin.photo_jpeg is None
    assert lin.valid_until == dt.date(2038, 5, 20) and lin.ethnicity == "汉"
    zhao = parse_base_message(ZHAO.text(), None)
    assert (zhao.sex, zhao.ethnicity, zhao.id_number) == ("男", "回", "11010119751130231X")


def test_the_ethnicity_table_is_gb3304() -> None:
    codes = [f"{n:02d}" for n in range(1, 57)] + ["97", "98"]
    assert list(ETHNICITIES) == codes
    assert len(set(ETHNICITIES.values())) == len(codes)
    assert (ETHNICITIES["01"], ETHNICITIES["02"], ETHNICITIES["29"], ETHNICITIES["56"]) == (
        "汉", "蒙古", "柯尔克孜", "基诺")
    assert (ETHNICITIES["97"], ETHNICITIES["98"]) == ("其他", "外国血统中国籍人士")
    assert not any(name.endswith("族") for name in ETHNICITIES.values())  # as the card prints
    for code, name in ETHNICITIES.items():
        assert parse_base_message(dataclasses.replace(LIN, ethnicity=code).text(),
                                  None).ethnicity == name


@pytest.mark.parametrize(("code", "sex"), [("0", "未知"), ("1", "男"), ("2", "女"),
                                           ("9", "未说明")])
def test_sex_codes(code: str, sex: str) -> None:
    assert SEXES[code] == sex
    assert parse_base_message(dataclasses.replace(LIN, sex=code).text(), None).sex == sex


def test_padding_with_nul_and_rare_characters_in_private_use() -> None:
    text = bytearray(LIN.text())
    text[0:30] = "林\ue000".encode("utf-16-le").ljust(30, b"\0")  # a rare character (PUA)
    assert parse_base_message(bytes(text), None).name == "林\ue000"


def replaced(person: Person, **changes: str) -> bytes:
    return dataclasses.replace(person, **changes).text()


def patched(data: bytes, offset: int, new: bytes) -> bytes:
    return data[:offset] + new + data[offset + len(new):]


GARBAGE_TEXT: dict[str, bytes] = {
    "empty": b"",
    "truncated": LIN.text()[:200],
    "one byte short": LIN.text()[:-1],
    "one character long": LIN.text() + b" \x00",
    "all NUL": bytes(256),
    "all spaces": " ".encode("utf-16-le") * 128,
    "all 0xFF": b"\xff" * 256,
    "lone high surrogate in the name": patched(LIN.text(), 2, b"\x00\xd8"),
    "lone low surrogate in the address": patched(LIN.text(), 60, b"\x00\xdc"),
    "surrogate pair cut by a field end": patched(LIN.text(), 28, b"\x00\xd8"),
    "month 13": replaced(LIN, birth="19901301"),
    "30 February": replaced(LIN, birth="19900230"),
    "letter O in a date": replaced(LIN, birth="1990O307"),
    "year 0000": replaced(LIN, birth="00000307"),
    "year 1234": replaced(LIN, birth="12340307"),
    "full-width digits": replaced(LIN, birth="１９９００３０７"),
    "short date": replaced(LIN, valid_from="2018052"),
    "blank valid-until": replaced(LIN, valid_until=""),
    "other words for indefinitely": replaced(LIN, valid_until="永久"),
    "valid until before valid from": replaced(LIN, valid_until="20170520"),
    "valid from before birth": replaced(LIN, valid_from="19890101"),
    "sex code 3": replaced(LIN, sex="3"),
    "sex code M": replaced(LIN, sex="M"),
    "ethnicity 57": replaced(LIN, ethnicity="57"),
    "ethnicity 00": replaced(LIN, ethnicity="00"),
    "ethnicity as a name": replaced(LIN, ethnicity="汉"),
    "empty name": replaced(LIN, name=""),
    "empty ID number": replaced(LIN, number=""),
    "15-digit ID number": replaced(LIN, number="110101900307852"),
    "letters in the ID number": replaced(LIN, number="11010119900307852A"),
    "lower-case x": replaced(LIN, number="11010119751130231x"),
    "control character in the address": replaced(LIN, address="示范市\x07示范区"),
    "NUL inside the name": replaced(LIN, name="林\x00晓静"),
    "residence permit (J)": replaced(LIN, reserved=" " * 14 + "J" + " " * 3),
    "foreign permanent resident (I)": replaced(LIN, reserved=" " * 14 + "I" + " " * 3),
}


@pytest.mark.parametrize("text", GARBAGE_TEXT.values(), ids=GARBAGE_TEXT.keys())
def test_garbage_text_is_a_card_data_error(text: bytes) -> None:
    with pytest.raises(CardDataError) as raised:
        parse_base_message(text, None)
    assert str(raised.value)
    assert_no_personal_data(str(raised.value))


GARBAGE_PHOTOS: dict[str, bytes] = {
    "empty": b"",
    "not a BMP": b"junk" * 100,
    "raw pixels without a header": bytes(102 * 126 * 3),
    "wrong size": bmp(width=50, height=50),
    "huge size in the header": patched(bmp(), 18, (100_000).to_bytes(4, "little")),
    "truncated": bmp()[:1000],
    "a JPEG": photo_to_jpeg(bmp()),
    "pixel data offset past the end": patched(bmp(), 10, (1 << 30).to_bytes(4, "little")),
}


@pytest.mark.parametrize("photo", GARBAGE_PHOTOS.values(), ids=GARBAGE_PHOTOS.keys())
def test_garbage_photo_is_a_card_data_error(photo: bytes) -> None:
    with pytest.raises(CardDataError):
        parse_base_message(LIN.text(), photo)
    with pytest.raises(CardDataError):
        photo_to_jpeg(photo)


def test_a_top_down_bmp_is_accepted() -> None:
    data = bytearray(bmp(top=BOTTOM, bottom=TOP))  # rows stored top first: flips the halves
    data[22:26] = (-126).to_bytes(4, "little", signed=True)
    assert_photo(photo_to_jpeg(bytes(data)))


FUZZ = settings(max_examples=300, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])


def _parse_or_card_data_error(text: bytes, photo: bytes | None = None) -> Identity | None:
    try:
        return parse_base_message(text, photo)
    except CardDataError:
        return None


@FUZZ
@given(st.binary(max_size=600))
def test_random_bytes_only_raise_card_data_error(data: bytes) -> None:
    assert _parse_or_card_data_error(data) is None


@FUZZ
@given(st.binary(min_size=256, max_size=256))
def test_random_256_bytes_only_raise_card_data_error(data: bytes) -> None:
    _parse_or_card_data_error(data)


@FUZZ
@given(st.lists(st.tuples(st.integers(0, 255), st.integers(0, 255)), min_size=1, max_size=6))
def test_damaged_text_only_raises_card_data_error(damage: list[tuple[int, int]]) -> None:
    text = bytearray(AYGUL.text())
    for offset, value in damage:
        text[offset] = value
    identity = _parse_or_card_data_error(bytes(text))
    if identity is not None:
        assert identity.name and identity.id_number
        assert identity.valid_until is None or identity.valid_until > identity.birth_date


@FUZZ
@given(st.lists(st.tuples(st.integers(0, BMP_LENGTH - 1), st.integers(0, 255)), min_size=1,
                max_size=6))
def test_damaged_photo_only_raises_card_data_error(damage: list[tuple[int, int]]) -> None:
    photo = bytearray(bmp())
    for offset, value in damage:
        photo[offset] = value
    identity = _parse_or_card_data_error(LIN.text(), bytes(photo))
    assert identity is None or identity.photo_jpeg is not None


def test_many_random_and_shifted_messages() -> None:
    rng = random.Random(11643)
    good = LIN.text()
    for _ in range(2000):
        kind = rng.randrange(4)
        if kind == 0:
            data = rng.randbytes(256)
        elif kind == 1:
            shift = rng.randrange(1, 40)
            data = (good[shift:] + good[:shift]) if rng.random() < 0.5 else (
                good[-shift:] + good[:-shift])
        elif kind == 2:
            data = good[:rng.randrange(256)]
        else:
            data = good.decode("utf-16-le").encode(rng.choice(["utf-16-be", "gb18030", "utf-8"]))
        _parse_or_card_data_error(data)


# --------------------------------------------------------------------------------------------
# the reader against the fake SDK


class Events:
    """The reader's callback: a queue to wait on, and the threads the events came from."""

    def __init__(self) -> None:
        self.queue: queue.Queue[ReaderEvent] = queue.Queue()
        self.threads: list[threading.Thread] = []

    def __call__(self, event: ReaderEvent) -> None:
        self.threads.append(threading.current_thread())
        self.queue.put(event)

    def next(self, kind: type[E]) -> E:
        event = self.queue.get(timeout=10)
        assert isinstance(event, kind), f"expected {kind.__name__}, got {event!r}"
        return event

    def assert_quiet(self) -> None:
        assert self.queue.empty(), list(self.queue.queue)


def wait_until(condition: Callable[[], bool], what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting until {what}")
        time.sleep(0.005)


def wait_for_polls(fake: FakeSdt, function: str, n: int = 5) -> None:
    """Wait until `function` has been called `n` more times: the reader has looked again."""
    start = fake.calls(function)
    wait_until(lambda: fake.calls(function) >= start + n, f"{n} more calls of {function}")


@contextmanager
def running(library: Path | str, decoder: Path | str | None = None, port: int = 1001,
            **options: Any) -> Iterator[tuple[ResidentIdReader, Events]]:
    events = Events()
    options.setdefault("retry_seconds", 0.05)
    reader = ResidentIdReader(library, library if decoder is None else decoder, port, events,
                              options.pop("poll_seconds", 0.01), **options)
    reader.start()
    try:
        yield reader, events
    finally:
        reader.stop()
    assert not reader.running


def test_a_card_is_read_on_the_readers_own_thread(fake_sdt: FakeSdt) -> None:
    fake_sdt.put_card(LIN.text(), wlt())
    with running(fake_sdt.path) as (reader, events):
        assert reader.name == "Resident ID reader (port 1001)"
        assert events.next(ReaderAdded).reader == reader.name
        assert events.next(CardInserted).reader == reader.name
        read = events.next(IdentityRead)
        assert type(read) is IdentityRead and read.reader == reader.name
        assert fake_sdt.open_port() == 1001
    assert events.next(ReaderRemoved).reader == reader.name
    events.assert_quiet()
    assert read.identity == identity_of(LIN, read.identity.photo_jpeg)
    assert_photo(read.identity.photo_jpeg)
    assert all(t is not threading.main_thread() for t in events.threads)
    assert len(set(events.threads)) == 1
    assert fake_sdt.if_open_violations() == 0  # iIfOpen is always 0
    assert fake_sdt.open_port() == 0  # stop() closed the port
    assert (fake_sdt.calls("SDT_OpenPort"), fake_sdt.calls("SDT_ClosePort")) == (1, 1)


def test_no_card_no_events(fake_sdt: FakeSdt) -> None:
    with running(fake_sdt.path) as (_, events):
        events.next(ReaderAdded)
        wait_for_polls(fake_sdt, "SDT_StartFindIDCard", 10)
        events.assert_quiet()
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 0
    events.next(ReaderRemoved)


def test_card_taken_off_then_another_card_is_read(fake_sdt: FakeSdt) -> None:
    fake_sdt.put_card(LIN.text(), wlt())
    with running(fake_sdt.path) as (_, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        assert events.next(IdentityRead).identity.name == LIN.name
        fake_sdt.take_card()
        events.next(CardRemoved)
        wait_for_polls(fake_sdt, "SDT_StartFindIDCard")
        events.assert_quiet()
        fake_sdt.put_card(AYGUL.text(), wlt())
        events.next(CardInserted)
        second = events.next(IdentityRead).identity
        assert second == identity_of(AYGUL, second.photo_jpeg)
        assert_photo(second.photo_jpeg)
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 2


@pytest.mark.parametrize("find_answers", [False, True],
                         ids=["only select answers", "only find answers"])
def test_a_card_lying_on_the_reader_is_read_once(fake_sdt: FakeSdt, find_answers: bool) -> None:
    fake_sdt.set_find_answers_selected(find_answers)
    fake_sdt.put_card(LIN.text(), wlt())
    with running(fake_sdt.path) as (_, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        events.next(IdentityRead)
        if find_answers:
            fake_sdt.fail_next("SDT_SelectIDCard", 0x81, 1_000_000)
        wait_for_polls(fake_sdt, "SDT_StartFindIDCard", 20)
        events.assert_quiet()
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 1
        fake_sdt.take_card()
        events.next(CardRemoved)
        fake_sdt.fail_next("SDT_SelectIDCard", 0, 0)
        fake_sdt.put_card(AYGUL.text(), wlt())
        events.next(CardInserted)
        assert events.next(IdentityRead).identity.name == AYGUL.name
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 2


def test_a_failed_read_is_retried_while_the_card_stays(fake_sdt: FakeSdt) -> None:
    fake_sdt.fail_next("SDT_ReadBaseMsg", 0x41)
    fake_sdt.put_card(LIN.text(), wlt())
    with running(fake_sdt.path) as (reader, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        failed = events.next(ReadFailed)
        assert (failed.reader, failed.code) == (reader.name, "card.unreadable")
        assert "0x41" in failed.detail
        assert events.next(IdentityRead).identity.name == LIN.name  # no second CardInserted
        wait_for_polls(fake_sdt, "SDT_SelectIDCard")
        events.assert_quiet()
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 2


def test_an_unreadable_card_is_reported_once_and_given_up(fake_sdt: FakeSdt) -> None:
    fake_sdt.fail_next("SDT_ReadBaseMsg", 0x41, 1_000_000)
    fake_sdt.put_card(LIN.text(), wlt())
    with running(fake_sdt.path, read_attempts=3) as (_, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        assert events.next(ReadFailed).code == "card.unreadable"
        wait_until(lambda: fake_sdt.calls("SDT_ReadBaseMsg") >= 3, "three read attempts")
        wait_for_polls(fake_sdt, "SDT_SelectIDCard", 10)
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 3
        events.assert_quiet()
        fake_sdt.take_card()
        events.next(CardRemoved)
        fake_sdt.fail_next("SDT_ReadBaseMsg", 0, 0)
        fake_sdt.put_card(LIN.text(), wlt())
        events.next(CardInserted)
        events.next(IdentityRead)


@pytest.mark.parametrize("damage", ["decoder fails", "not our WLT", "no photo"])
def test_a_photo_that_cannot_be_decoded_leaves_the_identity(
    fake_sdt: FakeSdt, damage: str
) -> None:
    photo = wlt()
    if damage == "decoder fails":
        fake_sdt.fail_next("unpack", 0)
    elif damage == "not our WLT":
        photo = b"WLT?" + photo[4:]
    else:
        photo = b""
    fake_sdt.put_card(AYGUL.text(), photo)
    with running(fake_sdt.path) as (reader, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        read = events.next(IdentityReadWithoutPhoto)
        assert isinstance(read, IdentityRead)  # whoever handles IdentityRead gets the person
        assert (read.reader, read.code) == (reader.name, "photo.undecodable") and read.detail
        assert read.identity == identity_of(AYGUL, None)
        wait_for_polls(fake_sdt, "SDT_SelectIDCard")
        events.assert_quiet()  # no ReadFailed on top, no re-read
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 1


def test_an_absent_library_is_reported_once_and_the_thread_ends(tmp_path: Path) -> None:
    absent = tmp_path / "libsdtapi.so"
    with running(absent, tmp_path / "libwlt.so") as (reader, events):
        failed = events.next(ReadFailed)
        assert (failed.reader, failed.code) == (reader.name, "sdk.missing")
        assert str(absent) in failed.detail
        wait_until(lambda: not reader.running, "the reader thread ended")
        events.assert_quiet()
    events.assert_quiet()  # nothing on stop either: the reader was never added


@pytest.mark.parametrize("which", ["SDT_SelectIDCard", "unpack"])
def test_a_library_without_a_function_is_reported_by_name(
    fake_sdk_build: FakeSdkBuild, which: str
) -> None:
    if which == "unpack":
        library, decoder = fake_sdk_build.library, fake_sdk_build.without_unpack
    else:
        library, decoder = fake_sdk_build.without_select, fake_sdk_build.library
    broken = decoder if which == "unpack" else library
    with pytest.raises(SdkError) as raised:
        VendorSdk(library, decoder)
    assert raised.value.code == "sdk.missing"
    assert which in raised.value.detail and str(broken) in raised.value.detail
    with running(library, decoder) as (reader, events):
        failed = events.next(ReadFailed)
        assert failed.code == "sdk.missing" and which in failed.detail
        wait_until(lambda: not reader.running, "the reader thread ended")
        events.assert_quiet()


def test_port_failure_recovery_and_loss(fake_sdt: FakeSdt) -> None:
    fake_sdt.set_port_ok(False)
    with running(fake_sdt.path, port=1003) as (reader, events):
        failed = events.next(ReadFailed)
        assert (failed.reader, failed.code) == ("Resident ID reader (port 1003)", "sdk.port")
        assert "1003" in failed.detail and "0x01" in failed.detail
        wait_for_polls(fake_sdt, "SDT_OpenPort", 3)  # retried, reported once
        events.assert_quiet()

        fake_sdt.set_port_ok(True)
        events.next(ReaderAdded)
        fake_sdt.put_card(LIN.text(), wlt())
        events.next(CardInserted)
        events.next(IdentityRead)

        fake_sdt.set_port_ok(False)  # unplugged with the card on it
        events.next(CardRemoved)
        events.next(ReaderRemoved)
        wait_for_polls(fake_sdt, "SDT_OpenPort", 3)
        events.assert_quiet()  # the loss was the report: no ReadFailed per retry

        fake_sdt.set_port_ok(True)
        events.next(ReaderAdded)
        events.next(CardInserted)  # the card still lies there: read again after the outage
        assert events.next(IdentityRead).reader == reader.name
    events.next(ReaderRemoved)


def test_a_transport_error_during_a_read_loses_the_reader_and_reconnects(
    fake_sdt: FakeSdt,
) -> None:
    fake_sdt.fail_next("SDT_ReadBaseMsg", 0x03)
    fake_sdt.put_card(LIN.text(), wlt())
    with running(fake_sdt.path) as (_, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        events.next(CardRemoved)
        events.next(ReaderRemoved)
        events.next(ReaderAdded)
        events.next(CardInserted)
        events.next(IdentityRead)
    assert fake_sdt.calls("SDT_ClosePort") == 2


def test_an_invalid_port_number_is_reported_once(fake_sdt: FakeSdt) -> None:
    with running(fake_sdt.path, port=17) as (reader, events):
        failed = events.next(ReadFailed)
        assert failed.code == "sdk.port" and "17" in failed.detail
        wait_until(lambda: not reader.running, "the reader thread ended")
        events.assert_quiet()
    assert fake_sdt.calls("SDT_OpenPort") == 0


GARBLED_ON_CARD = {
    "random bytes": random.Random(7).randbytes(256),
    "truncated": LIN.text()[:180],
    "bad date": replaced(LIN, valid_from="20181340"),
    "invalid UTF-16": patched(LIN.text(), 0, b"\x00\xdc"),
}


@pytest.mark.parametrize("text", GARBLED_ON_CARD.values(), ids=GARBLED_ON_CARD.keys())
def test_garbled_text_is_reported_and_the_reader_goes_on(fake_sdt: FakeSdt, text: bytes) -> None:
    fake_sdt.put_card(text, wlt())
    with running(fake_sdt.path) as (reader, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        failed = events.next(ReadFailed)
        assert (failed.reader, failed.code) == (reader.name, "card.garbled") and failed.detail
        assert_no_personal_data(failed.detail)
        wait_for_polls(fake_sdt, "SDT_SelectIDCard")
        events.assert_quiet()
        assert fake_sdt.calls("SDT_ReadBaseMsg") == 1  # the same data would come back
        fake_sdt.take_card()
        events.next(CardRemoved)
        fake_sdt.put_card(ZHAO.text(), wlt())
        events.next(CardInserted)
        assert events.next(IdentityRead).identity.id_number == ZHAO.number


def test_stop_does_not_wait_for_the_poll_interval(fake_sdt: FakeSdt) -> None:
    with running(fake_sdt.path, poll_seconds=3600, retry_seconds=3600) as (reader, events):
        events.next(ReaderAdded)
        wait_until(lambda: fake_sdt.calls("SDT_StartFindIDCard") >= 1, "the first poll")
        assert reader.running
    events.next(ReaderRemoved)  # and `running` checked that the thread has ended


def test_no_personal_data_in_logs(fake_sdt: FakeSdt, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake_sdt.fail_next("SDT_ReadBaseMsg", 0x41)
    fake_sdt.put_card(LIN.text(), wlt())
    with running(fake_sdt.path) as (_, events):
        events.next(ReaderAdded)
        events.next(CardInserted)
        events.next(ReadFailed)
        events.next(IdentityRead)
        fake_sdt.take_card()
        events.next(CardRemoved)
        fake_sdt.fail_next("unpack", -3)
        fake_sdt.put_card(AYGUL.text(), wlt())
        events.next(CardInserted)
        events.next(IdentityReadWithoutPhoto)
        fake_sdt.take_card()
        events.next(CardRemoved)
        fake_sdt.put_card(replaced(ZHAO, birth="19751131"), wlt())
        events.next(CardInserted)
        events.next(ReadFailed)
    messages = [record.getMessage() for record in caplog.records]
    assert any("card.unreadable" in m for m in messages)
    assert any("photo.undecodable" in m for m in messages)
    assert any("card.garbled" in m for m in messages)
    for message in messages:
        assert_no_personal_data(message)
        assert "19751131" not in message


def test_the_vendor_sdk_by_hand(fake_sdt: FakeSdt) -> None:
    sdk = VendorSdk(fake_sdt.path, fake_sdt.path)
    with pytest.raises(SdkError) as raised:
        sdk.find(1001)  # the port is not open
    assert raised.value.code == "sdk.port"
    sdk.open(1001)
    assert sdk.find(1001) is False and sdk.select(1001) is False
    with pytest.raises(SdkError) as raised:
        sdk.read(1001)
    assert raised.value.code == "card.unreadable"
    fake_sdt.put_card(LIN.text(), wlt())
    assert sdk.find(1001) is True and sdk.select(1001) is True
    message = sdk.read_base_message(1001)
    assert (len(message.text), len(message.photo_wlt)) == (256, 1024)
    photo = sdk.unpack_photo(message.photo_wlt)
    assert len(photo) == BMP_LENGTH == 38862 and photo[:2] == b"BM"
    assert int.from_bytes(photo[2:6], "little") == BMP_LENGTH
    result = sdk.read(1001)
    assert result.photo_problem is None and result.identity.verified
    assert result.identity == dataclasses.replace(
        parse_base_message(message.text, photo), verified=True)
    assert sdk.close(1001) is True
    fake_sdt.set_port_ok(False)
    with pytest.raises(SdkError) as raised:
        sdk.open(1001)
    assert raised.value.code == "sdk.port" and "1001" in raised.value.detail
    with pytest.raises(SdkError) as raised:
        sdk.open(5000)
    assert raised.value.code == "sdk.port"


def test_stop_from_the_callback_ends_the_thread(fake_sdt: FakeSdt) -> None:
    events: queue.Queue[ReaderEvent] = queue.Queue()
    reader: ResidentIdReader

    def on_event(event: ReaderEvent) -> None:
        events.put(event)
        if isinstance(event, ReaderAdded):
            reader.stop()  # e.g. the application shutting down in reaction to an event

    reader = ResidentIdReader(fake_sdt.path, fake_sdt.path, 1001, on_event, 0.01)
    reader.start()
    try:
        assert isinstance(events.get(timeout=10), ReaderAdded)
        assert isinstance(events.get(timeout=10), ReaderRemoved)
        wait_until(lambda: not reader.running, "the reader thread ended")
    finally:
        reader.stop()
    assert fake_sdt.open_port() == 0
