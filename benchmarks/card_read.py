"""card_read: a passport on the reader to its identity, over the real PC/SC stack.

A private pcscd with a vpcd reader (devices.cards.emulator.pcscd, needs root) and our
eMRTD emulator holding DG1 and a 20 KB DG2. For each read:

- ours: the reader manager's thread sees the card (CardInserted) and reports the identity
  (IdentityRead): select, BAC, secure messaging, EF.COM, DG1, DG2, EF.SOD, parsing, hash
  checks, the face decoded. ``read_ms`` is that span, median of the runs; the MRZ data is
  the reader's remembered key, as when a clerk re-reads a document;
- floor: the same APDUs sent raw, from the moment PC/SC reports the card present to the
  last answer: no secure messaging, no parsing, no thread hand-over. Same pcscd, same
  reader, same run.

The card answers both from a recording: one conversation between our emulated chip and
our reader code is recorded with the randomness of both sides fixed, so every later read
with the same randomness is the same conversation, and the chip only replays. Ours still
checks every MAC, decrypts every answer and parses everything; neither side pays for the
emulator's own Python cryptography, which a real chip does in hardware. (With the live
emulator answering instead, see ``live_chip_read_ms``.)

``ratio`` = read_ms / floor read_ms. Also reported: the time from putting the card on
the reader to the identity (pcscd polls a vpcd reader every 400 ms, so that figure
carries up to 0.4 s of detection both sides share), and the longest the benchmark's main
thread, waking every millisecond, waited for the interpreter while live reads ran (the UI
thread's view of a read).
"""

from __future__ import annotations

import os
import queue
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPEATS = 31
MRZ = ("POCHNZHOU<<MINGYUAN<<<<<<<<<<<<<<<<<<<<<<<<<\n"
       "EJ12345673CHN8812016M3104013<<<<<<<<<<<<<<04")


def _face(target_bytes: int = 20_000) -> tuple[bytes, int, int]:
    """A JPEG face-sized picture of about `target_bytes` (noise compresses badly)."""
    import cv2
    import numpy as np

    rng = np.random.default_rng(5)
    width, height = 240, 320
    image = cv2.GaussianBlur(rng.integers(0, 255, (height, width, 3), dtype=np.uint8),
                             (3, 3), 1)
    quality = 95
    while True:
        ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, quality])
        assert ok
        if len(data) <= target_bytes or quality <= 10:
            return bytes(data), width, height
        quality -= 5


def _fixed(n: int) -> bytes:
    """The randomness of both sides, fixed so that every read is the same conversation."""
    return bytes(range(7, 7 + n))


class _Recording:
    """A live chip, with every command and answer kept."""

    def __init__(self, chip: Any) -> None:
        self.chip = chip
        self.exchanges: list[tuple[bytes, bytes]] = []

    def transmit(self, apdu: bytes) -> bytes:
        response: bytes = self.chip.process(apdu)
        self.exchanges.append((apdu, response))
        return response


class _Replay:
    """A chip that answers the n-th command with the n-th recorded answer, after checking
    it is the recorded command (a different conversation would be a broken benchmark)."""

    def __init__(self, exchanges: list[tuple[bytes, bytes]]) -> None:
        self.exchanges = exchanges
        self.index = 0

    def process(self, apdu: bytes) -> bytes:
        expected, answer = self.exchanges[self.index % len(self.exchanges)]
        if apdu != expected:
            raise RuntimeError(f"command {self.index} is not the recorded one")
        self.index += 1
        return answer

    def reset(self) -> None:
        self.index = 0


def _card_server(conn: Any, port: int, kind: str, payload: Any) -> None:
    """The card, in a process of its own as a real one is outside ours: puts it on and
    takes it off the reader as the benchmark says."""
    from devices.cards.emulator.emrtd import ATR, EmrtdChip
    from devices.cards.emulator.vpcd import VirtualCard

    chip: Any = _Replay(payload) if kind == "replay" else EmrtdChip(*payload)
    card = VirtualCard(chip, port, atr=ATR)
    try:
        while True:
            command = conn.recv()
            if command == "insert":
                card.insert()
            elif command == "remove":
                card.remove()
            elif command == "rewind" and isinstance(chip, _Replay):
                chip.index = 0
            else:
                break
            conn.send("done")
    finally:
        card.remove()


class _Card:
    """The benchmark's handle on the card process."""

    def __init__(self, port: int, kind: str, payload: Any) -> None:
        import multiprocessing

        context = multiprocessing.get_context("spawn")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(target=_card_server, args=(theirs, port, kind, payload),
                                        daemon=True)
        self._process.start()

    def _say(self, command: str) -> None:
        self._conn.send(command)
        if not self._conn.poll(30):
            raise RuntimeError(f"the card process did not {command}")
        self._conn.recv()

    def insert(self) -> None:
        self._say("insert")

    def remove(self) -> None:
        self._say("remove")

    def rewind(self) -> None:
        self._say("rewind")

    def close(self) -> None:
        self._conn.send("stop")
        self._process.join(10)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


class _GapMeter(threading.Thread):
    """The main thread's view: the longest wait for a 1 ms sleep to come back."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.longest = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        last = time.perf_counter()
        while not self.stop.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            self.longest = max(self.longest, now - last)
            last = now


def run(quick: bool = False) -> dict[str, Any]:
    import datetime as dt

    from devices.cards.emulator import chip_files, pcscd
    from devices.cards.emulator.emrtd import EmrtdChip
    from devices.cards.passport import AccessKey, read_document

    reason = pcscd.unavailable_reason()
    if reason:
        raise SystemExit(f"card_read needs a private pcscd: {reason}")
    repeats = 4 if quick else REPEATS
    key = AccessKey("EJ1234567", dt.date(1988, 12, 1), dt.date(2031, 4, 1))
    photo, width, height = _face()
    files = chip_files.document(MRZ, photo, width, height)
    recording = _Recording(EmrtdChip(files, key.information, rng=_fixed))
    read_document(recording, key, rng=_fixed)
    exchanges = recording.exchanges
    with tempfile.TemporaryDirectory(prefix="bench-card-") as tmp:
        root = Path(tmp)
        # libpcsclite reads this at its first call, which comes below.
        os.environ["PCSCLITE_CSOCK_NAME"] = str(root / "run" / "pcscd.comm")
        daemon = pcscd.PrivatePcscd(root)
        reader = daemon.add_reader("Bench Reader")
        with daemon:
            ours, floor, total = _pairs(reader, exchanges, key, repeats)
            # The main thread's view is measured apart: its 1 ms wake-ups cost the reads
            # some interpreter time, which the floor's runs do not have to share.
            live, gap = _live(reader, (files, key.information), key, max(3, repeats // 3))
    read_ms = statistics.median(ours)
    floor_ms = statistics.median(floor)
    metrics = {
        "read_ms": round(read_ms, 1),
        "read_max_ms": round(max(ours), 1),
        "pair_ratio_median": round(statistics.median(
            a / b for a, b in zip(ours, floor, strict=True)), 2),
        "insert_to_identity_ms": round(statistics.median(total), 1),
        "live_chip_read_ms": round(statistics.median(live), 1),
        "main_thread_longest_wait_ms": round(gap * 1000, 1),
        "dg2_bytes": len(files[0x0102]),
        "apdus": len(exchanges),
        "bytes_from_card": sum(len(r) for _, r in exchanges),
        "runs": repeats,
    }
    return {"name": "card_read", "metrics": metrics,
            "floor": {"read_ms": round(floor_ms, 1), "read_max_ms": round(max(floor), 1)},
            "ratio": round(read_ms / floor_ms, 2)}


class _Manager:
    """Our reader manager on one slot, its events timed as they come."""

    def __init__(self, slot: str, *, replaying: bool) -> None:
        from devices.cards.pcsc import ReaderManager

        self.said: queue.Queue[tuple[float, Any]] = queue.Queue()
        self.slot = slot
        self.manager = ReaderManager(lambda event: self.said.put((time.perf_counter(), event)),
                                     preferred_reader=slot,
                                     rng=_fixed if replaying else None)
        self.manager.start()

    def wait(self, kind: type) -> tuple[float, Any]:
        from devices.cards.identity import ReadFailed

        while True:
            at, event = self.said.get(timeout=30)
            if isinstance(event, ReadFailed):
                raise RuntimeError(f"read failed: {event.code} {event.detail}")
            if isinstance(event, kind):
                return at, event

    def first_read(self, card: _Card, key: Any, *, replaying: bool) -> None:
        """The clerk types the data-page details once; later reads use them."""
        from devices.cards import identity as events

        card.insert()
        self.wait(events.AccessKeyNeeded)  # after the probe (SELECT)
        if replaying:
            card.rewind()
        self.manager.provide_key(self.slot, key)
        self.wait(events.IdentityRead)
        card.remove()
        self.wait(events.CardRemoved)

    def read(self, card: _Card) -> tuple[float, float]:
        """(card seen → identity, card put on → identity) in ms."""
        from devices.cards import identity as events

        put = time.perf_counter()
        card.insert()
        seen, _ = self.wait(events.CardInserted)
        done, read = self.wait(events.IdentityRead)
        assert read.identity.photo_jpeg is not None
        card.remove()
        self.wait(events.CardRemoved)
        return (done - seen) * 1000, (done - put) * 1000


def _pairs(reader: Any, exchanges: list[tuple[bytes, bytes]], key: Any, repeats: int
           ) -> tuple[list[float], list[float], list[float]]:
    """Ours on the reader's first slot and the floor on its second, read by turns, so
    that whatever else the machine does falls on both alike."""
    ours_card = _Card(reader.port_of(0), "replay", exchanges)
    floor_card = _Card(reader.port_of(1), "replay", exchanges)
    manager = _Manager(reader.slots[0], replaying=True)
    raw = _Raw(reader.slots[1])
    ours, floor, total = [], [], []
    try:
        manager.first_read(ours_card, key, replaying=True)
        for _ in range(repeats):
            read, whole = manager.read(ours_card)
            ours.append(read)
            total.append(whole)
            floor.append(raw.read(floor_card, exchanges))
    finally:
        raw.close()
        manager.manager.stop()
        for card in (ours_card, floor_card):
            card.remove()
            card.close()
    return ours, floor, total


def _live(reader: Any, chip: Any, key: Any, repeats: int) -> tuple[list[float], float]:
    card = _Card(reader.port_of(0), "live", chip)
    manager = _Manager(reader.slots[0], replaying=False)
    gaps = _GapMeter()
    reads = []
    try:
        manager.first_read(card, key, replaying=False)
        gaps.start()
        for _ in range(repeats):
            reads.append(manager.read(card)[0])
    finally:
        gaps.stop.set()
        manager.manager.stop()
        card.remove()
        card.close()
    return reads, gaps.longest


class _Raw:
    """The floor: PC/SC straight from this thread, the recorded APDUs as they are."""

    def __init__(self, slot: str) -> None:
        from smartcard import scard

        hresult, self.context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise RuntimeError(scard.SCardGetErrorMessage(hresult))
        self.slot = slot
        self.state = scard.SCARD_STATE_UNAWARE

    def _until(self, present: bool) -> None:
        from smartcard import scard

        while bool(self.state & scard.SCARD_STATE_PRESENT) != present:
            _, states = scard.SCardGetStatusChange(self.context, 5000,
                                                   [(self.slot, self.state)])
            self.state = states[0][1] & ~scard.SCARD_STATE_CHANGED

    def read(self, card: _Card, exchanges: list[tuple[bytes, bytes]]) -> float:
        from smartcard import scard

        card.insert()
        self._until(present=True)  # as our manager waits for PC/SC to report the card
        seen = time.perf_counter()
        hresult, handle, protocol = scard.SCardConnect(
            self.context, self.slot, scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if hresult != scard.SCARD_S_SUCCESS:
            raise RuntimeError(scard.SCardGetErrorMessage(hresult))
        for apdu, _ in exchanges:
            scard.SCardTransmit(handle, protocol, list(apdu))
        scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
        elapsed = (time.perf_counter() - seen) * 1000
        card.remove()
        self._until(present=False)
        return elapsed

    def close(self) -> None:
        from smartcard import scard

        scard.SCardReleaseContext(self.context)
