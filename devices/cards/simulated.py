"""The simulated card reader of sandbox (training) mode.

It behaves like a real reader from the application's side: it runs on its own thread,
takes a moment to read, reports events through the same callback, and some demo cards
are expired or damaged so trainees meet those situations too.
"""

from __future__ import annotations

import datetime as dt
import json
import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

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

READER_NAME = "Simulated reader"


@dataclass(frozen=True)
class DemoCard:
    label: str
    identity: Identity | None  # None: the card is damaged and cannot be read
    failure: str = ""


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def demo_portrait(seed: int) -> bytes:
    """A drawn head-and-shoulders picture (JPEG, 102 x 126 like an ID-card photo): demo
    cards need a photo, and no real person's may be used."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(seed)
    width, height = 102, 126
    image = np.full((height, width, 3), (235, 220, 200), np.uint8)  # pale blue, BGR
    skin = tuple(int(c) for c in rng.integers((150, 175, 205), (185, 205, 235)))
    hair = tuple(int(c) for c in rng.integers(10, 70, 3))
    shirt = tuple(int(c) for c in rng.integers(40, 200, 3))
    cv2.ellipse(image, (51, 126), (48, 30), 0, 180, 360, shirt, -1)  # shoulders
    cv2.rectangle(image, (43, 80), (59, 100), skin, -1)  # neck
    cv2.ellipse(image, (51, 58), (24, 31), 0, 0, 360, skin, -1)  # face
    cv2.ellipse(image, (51, 44), (26, 20), 0, 180, 360, hair, -1)  # hair
    for x in (42, 60):
        cv2.circle(image, (x, 58), 2, (40, 40, 40), -1)  # eyes
    cv2.ellipse(image, (51, 75), (7, 3), 0, 0, 180, (80, 80, 150), 1)  # mouth
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    assert ok
    return bytes(encoded)


def demo_cards() -> list[DemoCard]:
    text = resources.files("resources").joinpath("devices", "demo_cards.json").read_text("utf-8")
    cards = []
    for number, raw in enumerate(json.loads(text)):
        person = raw.get("identity")
        identity = None
        if person is not None:
            birth = _date(person["birth_date"])
            assert birth is not None
            identity = Identity(
                document_type=DocumentType(person["document_type"]), name=person["name"],
                sex=person["sex"], birth_date=birth, id_number=person["id_number"],
                valid_until=_date(person.get("valid_until")),
                valid_from=_date(person.get("valid_from")),
                ethnicity=person.get("ethnicity", ""), address=person.get("address", ""),
                issuing_authority=person.get("issuing_authority", ""),
                nationality=person.get("nationality", "CHN"),
                photo_jpeg=demo_portrait(number),
                # As the real readers: an ID card is authenticated by the reader's security
                # module, a passport chip only checked for integrity.
                verified=person["document_type"] == DocumentType.RESIDENT_ID.value,
            )
        cards.append(DemoCard(raw["label"], identity, raw.get("failure", "")))
    return cards


class SimulatedReader:
    def __init__(
        self,
        on_event: Callable[[ReaderEvent], None],
        cards: list[DemoCard] | None = None,
        *,
        read_seconds: float = 0.4,
    ) -> None:
        self.cards = demo_cards() if cards is None else cards
        self._on_event = on_event
        self._read_seconds = read_seconds
        self._commands: queue.Queue[tuple[str, int]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="card-reader-sim", daemon=False)
        self._inserted = False

    def start(self) -> None:
        self._thread.start()

    def insert(self, index: int) -> None:
        """Put demo card `index` on the reader (any card already there is taken off)."""
        self._commands.put(("insert", index))

    def remove(self) -> None:
        self._commands.put(("remove", -1))

    def stop(self) -> None:
        self._commands.put(("stop", -1))
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        self._on_event(ReaderAdded(READER_NAME))
        while True:
            command, index = self._commands.get()
            if command == "stop":
                break
            if self._inserted:
                self._inserted = False
                self._on_event(CardRemoved(READER_NAME))
            if command == "insert":
                self._read(index)
        self._on_event(ReaderRemoved(READER_NAME))

    def _read(self, index: int) -> None:
        card = self.cards[index]
        self._inserted = True
        self._on_event(CardInserted(READER_NAME))
        try:
            # A real read takes a moment; a new command (card pulled) interrupts it.
            command = self._commands.get(timeout=self._read_seconds)
        except queue.Empty:
            if card.identity is None:
                self._on_event(ReadFailed(READER_NAME, "card.unreadable", card.failure))
            else:
                self._on_event(IdentityRead(READER_NAME, card.identity))
            return
        self._on_event(ReadFailed(READER_NAME, "card.removed", "pulled during the read"))
        self._commands.put(command)
