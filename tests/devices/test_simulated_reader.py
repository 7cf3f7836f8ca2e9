from __future__ import annotations

import datetime as dt
import queue
import threading

from devices.cards.identity import (
    CardInserted,
    CardRemoved,
    DocumentType,
    IdentityRead,
    ReaderAdded,
    ReaderEvent,
    ReaderRemoved,
    ReadFailed,
)
from devices.cards.simulated import SimulatedReader, demo_cards

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def gb11643_ok(number: str) -> bool:
    total = sum(int(d) * w for d, w in zip(number[:17], WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == number[17]


def collect() -> tuple[queue.Queue[ReaderEvent], SimulatedReader]:
    events: queue.Queue[ReaderEvent] = queue.Queue()
    return events, SimulatedReader(events.put, read_seconds=0.05)


def next_events(events: queue.Queue[ReaderEvent], n: int) -> list[ReaderEvent]:
    return [events.get(timeout=5) for _ in range(n)]


def test_demo_cards_cover_the_training_situations() -> None:
    cards = demo_cards()
    today = dt.date(2026, 11, 23)
    people = [c.identity for c in cards if c.identity is not None]
    assert any(p.expired(today) for p in people)
    assert any(not p.expired(today) for p in people)
    assert any(c.identity is None for c in cards)  # a damaged card
    assert {p.document_type for p in people} >= {DocumentType.RESIDENT_ID, DocumentType.PASSPORT}
    for person in people:
        if person.document_type is DocumentType.RESIDENT_ID:
            assert gb11643_ok(person.id_number), person.id_number
            assert person.id_number[6:14] == person.birth_date.strftime("%Y%m%d")


def test_reading_a_card_reports_on_the_readers_own_thread() -> None:
    threads: list[threading.Thread] = []
    events: queue.Queue[ReaderEvent] = queue.Queue()

    def record(event: ReaderEvent) -> None:
        threads.append(threading.current_thread())
        events.put(event)

    reader = SimulatedReader(record, read_seconds=0.05)
    reader.start()
    try:
        reader.insert(0)
        added, inserted, read = next_events(events, 3)
        assert isinstance(added, ReaderAdded) and isinstance(inserted, CardInserted)
        assert isinstance(read, IdentityRead) and read.identity == reader.cards[0].identity
        assert all(t is not threading.main_thread() for t in threads)
        reader.remove()
        assert isinstance(next_events(events, 1)[0], CardRemoved)
    finally:
        reader.stop()
    assert isinstance(events.get(timeout=5), ReaderRemoved)


def test_damaged_card_and_card_pulled_mid_read() -> None:
    events: queue.Queue[ReaderEvent] = queue.Queue()
    reader = SimulatedReader(events.put, read_seconds=1.0)
    damaged = next(i for i, c in enumerate(reader.cards) if c.identity is None)
    reader.start()
    try:
        next_events(events, 1)
        reader.insert(0)
        assert isinstance(next_events(events, 1)[0], CardInserted)
        reader.remove()  # before the read finished
        failed, removed = next_events(events, 2)
        assert isinstance(failed, ReadFailed) and failed.code == "card.removed"
        assert isinstance(removed, CardRemoved)
        reader._read_seconds = 0.05
        reader.insert(damaged)
        inserted, failed = next_events(events, 2)
        assert isinstance(inserted, CardInserted)
        assert isinstance(failed, ReadFailed) and failed.code == "card.unreadable"
    finally:
        reader.stop()
