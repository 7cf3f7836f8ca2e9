"""The PC/SC reader manager over the real stack: a private pcscd with the vpcd driver,
libpcsclite, pyscard, and our eMRTD emulator as the card on the virtual reader."""

from __future__ import annotations

import datetime as dt
import queue
import time
from collections.abc import Callable, Iterator

import pytest
from smartcard import scard

from devices.cards import identity as events
from devices.cards.emulator.emrtd import ATR, EmrtdChip
from devices.cards.emulator.pcscd import PrivatePcscd
from devices.cards.emulator.vpcd import VirtualCard
from devices.cards.passport import AccessKey
from devices.cards.pcsc import ReaderManager
from tests.devices.test_passport import KEY, chip_files

pytestmark = pytest.mark.system

SLOT, SECOND_SLOT = "Counter Reader 00 00", "Counter Reader 00 01"
WAIT = 15.0


class Events:
    """What the manager said, in order; waits for the next event of a kind."""

    def __init__(self) -> None:
        self.queue: queue.Queue[events.ReaderEvent] = queue.Queue()
        self.seen: list[events.ReaderEvent] = []

    def __call__(self, event: events.ReaderEvent) -> None:
        self.queue.put(event)

    def next(self, kind: type, where: Callable[[events.ReaderEvent], bool] = lambda _: True,
             timeout: float = WAIT) -> events.ReaderEvent:
        deadline = time.monotonic() + timeout
        while True:
            remaining = deadline - time.monotonic()
            try:
                event = self.queue.get(timeout=max(remaining, 0.01))
            except queue.Empty:
                raise AssertionError(f"no {kind.__name__} within {timeout} s; "
                                     f"seen: {self.seen}") from None
            self.seen.append(event)
            if isinstance(event, kind) and where(event):
                return event

    def quiet(self, seconds: float = 1.0) -> list[events.ReaderEvent]:
        """Everything said within `seconds`."""
        said = []
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                said.append(self.queue.get(timeout=remaining))
            except queue.Empty:
                break
        self.seen.extend(said)
        return said


class BankCard:
    """A smart card without the eMRTD applet (it knows no application we ask for)."""

    def process(self, apdu: bytes) -> bytes:
        return b"\x6a\x82"

    def reset(self) -> None:
        pass


@pytest.fixture
def said() -> Events:
    return Events()


@pytest.fixture
def manager_factory(said: Events) -> Iterator[Callable[..., ReaderManager]]:
    started: list[ReaderManager] = []

    def make(**options: str) -> ReaderManager:
        manager = ReaderManager(said, **options)
        manager.start()
        started.append(manager)
        return manager

    yield make
    for manager in started:
        manager.stop()


@pytest.fixture
def card(pcscd: PrivatePcscd) -> Iterator[VirtualCard]:
    virtual = VirtualCard(EmrtdChip(chip_files(), KEY.information),
                          pcscd.readers["Counter Reader"].port, atr=ATR)
    yield virtual
    virtual.remove()


def read_with_key(said: Events, manager: ReaderManager, reader: str = SLOT
                  ) -> events.Identity:
    needed = said.next(events.AccessKeyNeeded)
    assert isinstance(needed, events.AccessKeyNeeded) and needed.reader == reader
    manager.provide_key(reader, KEY)
    read = said.next(events.IdentityRead)
    assert isinstance(read, events.IdentityRead) and read.reader == reader
    return read.identity


def test_a_passport_on_the_reader_is_read_through_pcsc(
        said: Events, manager_factory: Callable[..., ReaderManager], card: VirtualCard) -> None:
    manager = manager_factory()
    said.next(events.ReaderAdded, lambda e: e.reader == SLOT)
    card.insert()
    said.next(events.CardInserted)
    person = read_with_key(said, manager)
    assert (person.name, person.id_number, person.verified) == ("ZHOU MINGYUAN", "EJ1234567",
                                                                False)
    assert person.birth_date == dt.date(1988, 12, 1) and person.photo_jpeg is not None
    card.remove()
    said.next(events.CardRemoved)
    diagnostics = manager.diagnostics()
    assert diagnostics.service == "available"
    info = {r.name: r for r in diagnostics.readers}
    assert set(info) == {SLOT, SECOND_SLOT}
    assert info[SLOT].atr == "3B 80 80 01 01" and info[SLOT].last_result == "read"


def test_a_card_pulled_mid_read_is_reported_and_read_again_when_put_back(
        said: Events, manager_factory: Callable[..., ReaderManager], card: VirtualCard) -> None:
    manager = manager_factory()
    said.next(events.ReaderAdded, lambda e: e.reader == SLOT)
    card.insert()
    said.next(events.AccessKeyNeeded)
    card.pull_after(12)  # selected, authenticated, a few files in
    manager.provide_key(SLOT, KEY)
    failed = said.next(events.ReadFailed)
    assert isinstance(failed, events.ReadFailed) and failed.code == "card.removed"
    said.next(events.CardRemoved)
    assert not any(isinstance(e, events.IdentityRead) for e in said.seen)
    card.insert()  # the same passport back on the reader: the MRZ data is not asked again
    said.next(events.CardInserted)
    read = said.next(events.IdentityRead)
    assert isinstance(read, events.IdentityRead) and read.identity.id_number == "EJ1234567"
    assert any(e[2] == "card.removed" for e in manager.diagnostics().errors)


def test_wrong_mrz_data_is_refused_and_asked_again(
        said: Events, manager_factory: Callable[..., ReaderManager], card: VirtualCard) -> None:
    manager = manager_factory()
    card.insert()
    said.next(events.AccessKeyNeeded)
    manager.provide_key(SLOT, AccessKey("EJ1234567", dt.date(1988, 12, 1),
                                        dt.date(2031, 4, 2)))
    again = said.next(events.AccessKeyNeeded)
    assert isinstance(again, events.AccessKeyNeeded) and again.refused
    manager.provide_key(SLOT, KEY)
    said.next(events.IdentityRead)


def test_a_card_that_is_no_travel_document_is_said_so_once(
        said: Events, manager_factory: Callable[..., ReaderManager], pcscd: PrivatePcscd
) -> None:
    other = VirtualCard(BankCard(), pcscd.readers["Counter Reader"].port,
                        atr=bytes.fromhex("3B6800000073C84013009000"))
    manager_factory()
    other.insert()
    try:
        failed = said.next(events.ReadFailed)
        assert isinstance(failed, events.ReadFailed) and failed.code == "card.not_emrtd"
        assert not [e for e in said.quiet(1.5) if isinstance(e, events.ReadFailed)]
    finally:
        other.remove()


def test_the_reader_chosen_in_the_settings_is_the_only_one_read(
        said: Events, manager_factory: Callable[..., ReaderManager], pcscd: PrivatePcscd,
        card: VirtualCard) -> None:
    second = VirtualCard(EmrtdChip(chip_files(), KEY.information),
                         pcscd.readers["Counter Reader"].port_of(1), atr=ATR)
    manager = manager_factory(preferred_reader=SECOND_SLOT)
    card.insert()  # on the first slot: not the chosen reader
    assert not [e for e in said.quiet(1.5)
                if isinstance(e, events.CardInserted | events.AccessKeyNeeded)]
    second.insert()
    try:
        person = read_with_key(said, manager, SECOND_SLOT)
        assert person.id_number == "EJ1234567"
        assert {r.name: r.card_present for r in manager.diagnostics().readers} == {
            SLOT: True, SECOND_SLOT: True}
    finally:
        second.remove()


def test_by_default_the_reader_with_the_document_is_read(
        said: Events, manager_factory: Callable[..., ReaderManager], pcscd: PrivatePcscd
) -> None:
    second = VirtualCard(EmrtdChip(chip_files(), KEY.information),
                         pcscd.readers["Counter Reader"].port_of(1), atr=ATR)
    manager = manager_factory()
    second.insert()
    try:
        read_with_key(said, manager, SECOND_SLOT)
    finally:
        second.remove()


def test_a_card_held_exclusively_by_another_program_is_read_once_it_lets_go(
        said: Events, manager_factory: Callable[..., ReaderManager], card: VirtualCard) -> None:
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    assert hresult == scard.SCARD_S_SUCCESS
    try:
        card.insert()
        deadline = time.monotonic() + WAIT
        while True:  # the other program grabs the card before we start
            hresult, handle, _ = scard.SCardConnect(
                context, SLOT, scard.SCARD_SHARE_EXCLUSIVE, scard.SCARD_PROTOCOL_T1)
            if hresult == scard.SCARD_S_SUCCESS:
                break
            assert time.monotonic() < deadline, scard.SCardGetErrorMessage(hresult)
            time.sleep(0.05)
        manager = manager_factory()
        failed = said.next(events.ReadFailed)
        assert isinstance(failed, events.ReadFailed) and failed.code == "card.in_use"
        assert not [e for e in said.quiet(1.5) if isinstance(e, events.ReadFailed)]
        scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
        read_with_key(said, manager)
    finally:
        scard.SCardReleaseContext(context)


def test_pcscd_killed_and_restarted_while_the_app_runs(
        said: Events, manager_factory: Callable[..., ReaderManager], pcscd: PrivatePcscd,
        card: VirtualCard) -> None:
    manager = manager_factory()
    said.next(events.ReaderAdded, lambda e: e.reader == SLOT)
    pcscd.kill()
    lost = said.next(events.ServiceChanged)
    assert isinstance(lost, events.ServiceChanged) and not lost.available
    said.next(events.ReaderRemoved, lambda e: e.reader == SLOT)
    assert manager.diagnostics().service == "unavailable"
    assert not [e for e in said.quiet(1.5) if isinstance(e, events.ServiceChanged)]
    pcscd.start()
    back = said.next(events.ServiceChanged)
    assert isinstance(back, events.ServiceChanged) and back.available
    said.next(events.ReaderAdded, lambda e: e.reader == SLOT)
    card.insert()
    person = read_with_key(said, manager)
    assert person.id_number == "EJ1234567"
    codes = [error[2] for error in manager.diagnostics().errors]
    assert codes.count("pcsc.unavailable") == 1


def test_readers_appearing_and_disappearing(
        said: Events, manager_factory: Callable[..., ReaderManager], pcscd: PrivatePcscd
) -> None:
    manager = manager_factory()
    said.next(events.ReaderAdded, lambda e: e.reader == SECOND_SLOT)
    desk = pcscd.add_reader("Desk Reader")
    pcscd.restart()  # pcscd 1.9 takes a changed reader.conf only at a (re)start
    said.next(events.ReaderAdded, lambda e: e.reader == desk.slots[1])
    pcscd.remove_reader("Counter Reader")
    pcscd.restart()
    said.next(events.ReaderRemoved, lambda e: e.reader == SLOT)
    deadline = time.monotonic() + WAIT
    while {r.name for r in manager.diagnostics().readers} != set(desk.slots):
        assert time.monotonic() < deadline, manager.diagnostics()
        time.sleep(0.05)


def td3(number: str, birth: str, expiry: str) -> str:
    """A TD3 zone with correct check digits (fictitious person)."""
    from devices.cards.mrz import check_digit as c

    line2 = f"{number}{c(number)}CHN{birth}{c(birth)}F{expiry}{c(expiry)}{'<' * 14}{c('<' * 14)}"
    line2 += c(line2[0:10] + line2[13:20] + line2[21:43])
    return "POCHNLI<<NA".ljust(44, "<") + "\n" + line2


def test_the_next_applicants_passport_is_not_opened_with_the_last_ones_data(
        said: Events, manager_factory: Callable[..., ReaderManager], card: VirtualCard,
        pcscd: PrivatePcscd) -> None:
    manager = manager_factory()
    card.insert()
    read_with_key(said, manager)
    card.remove()
    said.next(events.CardRemoved)
    other_key = AccessKey("EK7654321", dt.date(1975, 5, 5), dt.date(2030, 1, 1))
    other = VirtualCard(EmrtdChip(chip_files(mrz=td3("EK7654321", "750505", "300101")),
                                  other_key.information),
                        pcscd.readers["Counter Reader"].port, atr=ATR)
    other.insert()
    try:
        # The last document's data were tried and failed: a fresh question, not "refused".
        asked = said.next(events.AccessKeyNeeded)
        assert isinstance(asked, events.AccessKeyNeeded) and not asked.refused
        manager.provide_key(SLOT, other_key)
        read = said.next(events.IdentityRead)
        assert isinstance(read, events.IdentityRead) and read.identity.id_number == "EK7654321"
    finally:
        other.remove()


def test_a_failed_card_is_not_read_again_when_something_else_happens(
        said: Events, manager_factory: Callable[..., ReaderManager], pcscd: PrivatePcscd
) -> None:
    bank = VirtualCard(BankCard(), pcscd.readers["Counter Reader"].port,
                       atr=bytes.fromhex("3B6800000073C84013009000"))
    first = VirtualCard(EmrtdChip(chip_files(), KEY.information),
                        pcscd.readers["Counter Reader"].port, atr=ATR)
    passport = VirtualCard(EmrtdChip(chip_files(), KEY.information),
                           pcscd.readers["Counter Reader"].port_of(1), atr=ATR)
    manager = manager_factory()
    first.insert()  # a passport first: its MRZ data stay remembered for the reader
    read_with_key(said, manager)
    first.remove()
    said.next(events.CardRemoved)
    bank.insert()
    try:
        said.next(events.ReadFailed)
        passport.insert()  # wakes the manager: the bank card must not be tried again
        read_with_key(said, manager, SECOND_SLOT)
        said.quiet(1.0)
        failures = [e for e in said.seen if isinstance(e, events.ReadFailed)]
        assert [(e.reader, e.code) for e in failures] == [(SLOT, "card.not_emrtd")]
    finally:
        passport.remove()
        bank.remove()
