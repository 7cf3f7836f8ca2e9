"""The PC/SC reader manager: every reader the PC/SC service offers, watched on one thread.

One thread owns the PC/SC context and does all the talking; the application hears about it
only through the ``on_event`` callback (the UI turns that into queued signals) and talks to
it only through thread-safe methods that queue a request (:meth:`ReaderManager.provide_key`,
:meth:`ReaderManager.stop`). What it survives, because counters do all of it:

- readers plugged and unplugged while it runs (PC/SC's "\\\\?PnP?\\Notification" pseudo
  reader wakes it);
- a card pulled in the middle of a read (the read fails with ``card.removed``; the card put
  back is read again);
- two readers at once: the reader chosen in the settings, or (by default) whichever has a
  travel document on it;
- the PC/SC service stopping, crashing or restarting: on ``SCARD_E_NO_SERVICE``,
  ``SCARD_E_INVALID_HANDLE`` or ``SCARD_E_SERVICE_STOPPED`` the context is released and
  established again, with a growing pause while the service is away;
- another program holding the card exclusively: reported once as ``card.in_use``, read as
  soon as the other program lets go. Our own read holds a PC/SC transaction, so no other
  program's commands interleave with ours.

Diagnostics for support staff (:meth:`ReaderManager.diagnostics`): the readers seen, their
ATRs, the service state and the last errors. Nothing personal is kept there or logged.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from smartcard import scard

from devices.cards.identity import (
    AccessKeyNeeded,
    CardInserted,
    CardRemoved,
    IdentityRead,
    ReaderAdded,
    ReaderEvent,
    ReaderRemoved,
    ReadFailed,
    ServiceChanged,
)
from devices.cards.passport import AccessKey, CardError, Chip, read_document

log = logging.getLogger(__name__)

PNP = "\\\\?PnP?\\Notification"
POLL_MS = 500  # how long one wait for a change may block (stop() cancels it sooner)
RETRY_PAUSES = (0.5, 1.0, 2.0, 5.0)  # between attempts to reach an absent service
HEALTHY_S = 10.0  # a watch that lasted this long resets the pauses
# MRZ data given for a reader is tried on the next document for this long after its last
# use (a document pulled mid-read and put back, or read again), then forgotten.
KEY_KEEP_S = 120.0


def _code(hresult: int) -> int:
    return hresult & 0xFFFFFFFF


_SERVICE_GONE = {_code(c) for c in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_INVALID_HANDLE,
                                     scard.SCARD_E_SERVICE_STOPPED)}
_CARD_GONE = {_code(c) for c in (scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD,
                                  scard.SCARD_W_RESET_CARD, scard.SCARD_W_UNPOWERED_CARD,
                                  scard.SCARD_E_READER_UNAVAILABLE,
                                  scard.SCARD_E_UNKNOWN_READER)}
_OK = _code(scard.SCARD_S_SUCCESS)
_TIMEOUT = _code(scard.SCARD_E_TIMEOUT)
_CANCELLED = _code(scard.SCARD_E_CANCELLED)
_NO_READERS = _code(scard.SCARD_E_NO_READERS_AVAILABLE)
_SHARING = _code(scard.SCARD_E_SHARING_VIOLATION)


def describe(hresult: int) -> str:
    """The PC/SC error as support staff look it up: name-ish text and hex code."""
    return f"{scard.SCardGetErrorMessage(hresult)} (0x{_code(hresult):08X})"


class _ServiceGone(Exception):
    def __init__(self, hresult: int) -> None:
        super().__init__(describe(hresult))


class _CardGone(Exception):
    pass


@dataclass
class ReaderInfo:
    """What support staff ask about a reader on the phone."""

    name: str
    atr: str = ""  # hex, of the card on it (the last one seen)
    card_present: bool = False
    last_result: str = ""  # read, card.removed, card.in_use, … (codes, never data)


@dataclass
class Diagnostics:
    service: str  # "available", "unavailable", "stopped", "starting"
    readers: list[ReaderInfo]
    errors: list[tuple[str, str, str, str]]  # (time, reader, code, detail), newest last
    preferred_reader: str = ""


@dataclass
class _Reader:
    info: ReaderInfo
    state: int = scard.SCARD_STATE_UNAWARE
    handled: bool = False  # the card on it has been dealt with (read, refused, not ours)
    # The MRZ data last given for this reader: tried first on the next card too, so a
    # document pulled mid-read and put back is read again without typing anything.
    key: AccessKey | None = None
    key_until: float = 0.0  # monotonic time after which the key is forgotten
    key_typed_for_card: bool = False  # given while the card now on the reader lay there
    key_refused: bool = False  # the key was refused by the card now on the reader
    events: int = -1  # pcsc-lite's card event counter (upper 16 bits of the state)
    waiting_for_key: bool = False
    in_use_reported: bool = False
    pulled: int = 0  # reads of this card cut short; after a few, it waits to be put back


@dataclass
class _Request:
    kind: str  # "key", "forget"
    reader: str
    key: AccessKey | None = None


class PcscTransport:
    """One connected card: SCardTransmit with the card's protocol."""

    def __init__(self, card: int, protocol: int) -> None:
        self.card = card
        self.protocol = protocol
        self.transmitted = 0

    def transmit(self, apdu: bytes) -> bytes:
        hresult, response = scard.SCardTransmit(self.card, self.protocol, list(apdu))
        if _code(hresult) in _SERVICE_GONE:
            raise _ServiceGone(hresult)
        if _code(hresult) in _CARD_GONE:
            raise _CardGone(describe(hresult))
        if _code(hresult) != _OK:
            raise CardError("card.unreadable", describe(hresult))
        self.transmitted += 1
        return bytes(response)


class ReaderManager:
    def __init__(
        self,
        on_event: Callable[[ReaderEvent], None],
        *,
        preferred_reader: str = "",
        history: int = 20,
        rng: Callable[[int], bytes] | None = None,
    ) -> None:
        """``rng``: randomness for BAC (None: the system's; benchmarks fix it)."""
        self._on_event = on_event
        self._rng = rng
        self.preferred_reader = preferred_reader
        self._requests: queue.Queue[_Request] = queue.Queue()
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._readers: dict[str, _Reader] = {}
        self._pnp_state = scard.SCARD_STATE_UNAWARE
        self._context: int | None = None
        self._service = "starting"
        self._errors: collections.deque[tuple[str, str, str, str]] = collections.deque(
            maxlen=history)
        # A daemon: a PC/SC call that never returns (another program sitting on a
        # transaction) must not keep the application from exiting.
        self._thread = threading.Thread(target=self._run, name="card-reader-pcsc",
                                        daemon=True)

    # -- the application's side (any thread) ----------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stopping.set()
        with self._lock:
            context = self._context
        if context is not None:
            scard.SCardCancel(context)  # wakes a waiting SCardGetStatusChange at once
        if self._thread.is_alive():
            self._thread.join(10)

    def provide_key(self, reader: str, key: AccessKey) -> None:
        """The MRZ data for the travel document on `reader` (after AccessKeyNeeded)."""
        self._request(_Request("key", reader, key))

    def forget_key(self, reader: str) -> None:
        """The clerk gave up on the document on `reader` (its key request is dropped)."""
        self._request(_Request("forget", reader))

    def _request(self, request: _Request) -> None:
        self._requests.put(request)
        with self._lock:
            context = self._context
        if context is not None:
            scard.SCardCancel(context)

    def diagnostics(self) -> Diagnostics:
        with self._lock:
            return Diagnostics(
                self._service,
                [ReaderInfo(r.info.name, r.info.atr, r.info.card_present, r.info.last_result)
                 for r in self._readers.values()],
                list(self._errors), self.preferred_reader)

    # -- the reader thread ----------------------------------------------------------------

    def _emit(self, event: ReaderEvent) -> None:
        try:
            self._on_event(event)
        except Exception:  # a faulty listener must not kill the reader thread
            log.exception("card reader listener failed on %s", type(event).__name__)

    def _error(self, reader: str, code: str, detail: str) -> None:
        stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        with self._lock:
            self._errors.append((stamp, reader, code, detail))
        log.info("card reader %s: %s %s", reader or "-", code, detail)

    def _run(self) -> None:
        pause = 0
        announced_loss = False
        while not self._stopping.is_set():
            watching_since = time.monotonic()
            try:
                self._establish()
                if announced_loss:
                    self._emit(ServiceChanged(True))
                    announced_loss = False
                self._sync_readers()
                self._watch()
            except Exception as exc:  # the service went, or a bug: start over, never die
                if not isinstance(exc, _ServiceGone):
                    log.exception("card reader thread failed; starting over")
                if time.monotonic() - watching_since > HEALTHY_S:
                    pause = 0
                self._lost(str(exc) or type(exc).__name__, announce=not announced_loss)
                announced_loss = True
                self._stopping.wait(RETRY_PAUSES[min(pause, len(RETRY_PAUSES) - 1)])
                pause += 1
        self._release()
        with self._lock:
            self._service = "stopped"
            names = list(self._readers)
            self._readers.clear()
        for name in names:
            self._emit(ReaderRemoved(name))

    def _establish(self) -> None:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if _code(hresult) != _OK:
            raise _ServiceGone(hresult)
        with self._lock:
            self._context = context
            self._service = "available"
        self._pnp_state = scard.SCARD_STATE_UNAWARE

    def _release(self) -> None:
        with self._lock:
            context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)

    def _lost(self, detail: str, *, announce: bool) -> None:
        """The service is gone: forget its readers and handles, say so once."""
        self._release()
        with self._lock:
            self._service = "unavailable"
            names = list(self._readers)
            self._readers.clear()
        if announce:
            self._error("", "pcsc.unavailable", detail)
            self._emit(ServiceChanged(False, detail))
        for name in names:
            self._emit(ReaderRemoved(name))

    def _sync_readers(self) -> None:
        """Compare the service's reader list with ours: ReaderAdded/ReaderRemoved."""
        assert self._context is not None
        hresult, names = scard.SCardListReaders(self._context, [])
        if _code(hresult) in _SERVICE_GONE:
            raise _ServiceGone(hresult)
        if _code(hresult) not in (_OK, _NO_READERS):
            raise _ServiceGone(hresult)
        current = list(names) if _code(hresult) == _OK else []
        with self._lock:
            gone = [n for n in self._readers if n not in current]
            new = [n for n in current if n not in self._readers]
            for name in gone:
                del self._readers[name]
            for name in new:
                self._readers[name] = _Reader(ReaderInfo(name))
        for name in gone:
            self._emit(ReaderRemoved(name))
        for name in new:
            self._emit(ReaderAdded(name))

    def _watch(self) -> None:
        while not self._stopping.is_set():
            self._serve_requests()
            self._forget_old_keys()
            states = [(name, r.state) for name, r in self._readers.items()]
            states.append((PNP, self._pnp_state))
            assert self._context is not None
            hresult, changed = scard.SCardGetStatusChange(self._context, POLL_MS, states)
            code = _code(hresult)
            if code in (_TIMEOUT, _CANCELLED):
                continue
            if code in _SERVICE_GONE:
                raise _ServiceGone(hresult)
            if code == _code(scard.SCARD_E_UNKNOWN_READER):
                self._sync_readers()  # a reader went away between listing and waiting
                continue
            if code != _OK:
                # Anything else means the context is no good any more (pcsc-lite 1.9
                # answers a wait cut short by the daemon's death with 0x8010006A).
                raise _ServiceGone(hresult)
            list_changed = False
            for name, event_state, atr in changed:
                settled = event_state & ~scard.SCARD_STATE_CHANGED
                if name == PNP:
                    if event_state & scard.SCARD_STATE_CHANGED:
                        list_changed = True
                    self._pnp_state = settled
                    continue
                reader = self._readers.get(name)
                if reader is None:
                    continue
                if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                    list_changed = True
                reader.state = settled
                self._reader_state(reader, event_state, bytes(atr))
            if list_changed:
                self._sync_readers()
            self._read_waiting_cards()

    def _reader_state(self, reader: _Reader, state: int, atr: bytes) -> None:
        present = bool(state & scard.SCARD_STATE_PRESENT) \
            and not state & scard.SCARD_STATE_MUTE
        info = reader.info
        count = (state >> 16) & 0xFFFF
        # A card swapped while this thread was busy (reading another reader, say) shows
        # as "present" both times; pcsc-lite's event counter tells it moved meanwhile.
        swapped = present and info.card_present and 0 <= reader.events != count
        reader.events = count
        if info.card_present and (swapped or not present):
            with self._lock:
                info.card_present = False
            reader.handled = reader.waiting_for_key = False
            if self._chosen(info.name):
                self._emit(CardRemoved(info.name))
        if present and not info.card_present:
            with self._lock:
                info.card_present, info.atr = True, atr.hex(" ").upper()
            reader.handled = reader.in_use_reported = reader.key_refused = False
            reader.key_typed_for_card = False
            reader.pulled = 0
            if self._chosen(info.name):
                self._emit(CardInserted(info.name))

    def _forget_old_keys(self) -> None:
        now = time.monotonic()
        for reader in self._readers.values():
            if reader.key is not None and now > reader.key_until:
                reader.key = None

    def _chosen(self, name: str) -> bool:
        return not self.preferred_reader or name == self.preferred_reader

    def _serve_requests(self) -> None:
        while True:
            try:
                request = self._requests.get_nowait()
            except queue.Empty:
                return
            reader = self._readers.get(request.reader)
            if reader is not None and reader.info.card_present:
                if request.kind == "key":
                    reader.key, reader.handled, reader.key_refused = request.key, False, False
                    reader.key_typed_for_card = True
                    reader.key_until = time.monotonic() + KEY_KEEP_S
                else:
                    reader.key, reader.handled, reader.waiting_for_key = None, True, False
            self._read_waiting_cards()

    def _read_waiting_cards(self) -> None:
        for reader in list(self._readers.values()):
            if self._stopping.is_set():
                return
            if reader.info.card_present and not reader.handled \
                    and self._chosen(reader.info.name):
                self._read(reader)

    def _read(self, reader: _Reader) -> None:
        name = reader.info.name
        if reader.key is None or reader.key_refused:
            if not reader.waiting_for_key:
                # Ask only for what is a travel document: probe for the applet first.
                verdict = self._probe(reader)
                if verdict != "emrtd":
                    return
                reader.waiting_for_key = True
                self._emit(AccessKeyNeeded(name))
            reader.handled = True
            return
        assert self._context is not None
        hresult, card, protocol = scard.SCardConnect(
            self._context, name, scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if not self._connected(reader, hresult):
            return
        key = reader.key
        began = scard.SCardBeginTransaction(card)
        if not self._connected(reader, began):
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
            return
        try:
            identity = read_document(PcscTransport(card, protocol), key, rng=self._rng)
        except _CardGone as gone:
            reader.key_until = time.monotonic() + KEY_KEEP_S  # put back soon: read again
            self._failed(reader, "card.removed", str(gone))
            return
        except CardError as exc:
            if exc.code == "card.access_denied":
                reader.key_refused = reader.handled = reader.waiting_for_key = True
                typed = reader.key_typed_for_card
                if not typed:
                    reader.key = None  # the last document's data: not this one's
                self._failed(reader, exc.code, exc.detail)
                self._emit(AccessKeyNeeded(name, refused=typed))
                return
            # A reader may report a card pulled away as a failed exchange (no answer, a
            # communication error) rather than as removal: look before blaming the card.
            code = exc.code if self._still_there(reader) else "card.removed"
            self._failed(reader, code, exc.detail)
            return
        finally:
            scard.SCardEndTransaction(card, scard.SCARD_LEAVE_CARD)
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        reader.handled, reader.waiting_for_key = True, False
        reader.key_until = time.monotonic() + KEY_KEEP_S
        with self._lock:
            reader.info.last_result = "read"
        self._emit(IdentityRead(name, identity))

    def _still_there(self, reader: _Reader, wait_ms: int = 700) -> bool:
        """Is a card still on the reader (the service may take a moment to notice)?"""
        assert self._context is not None
        hresult, states = scard.SCardGetStatusChange(
            self._context, wait_ms, [(reader.info.name, reader.state)])
        if _code(hresult) in _SERVICE_GONE:
            raise _ServiceGone(hresult)
        if _code(hresult) != _OK:
            return True  # nothing changed within the wait
        return bool(states[0][1] & scard.SCARD_STATE_PRESENT)

    def _probe(self, reader: _Reader) -> str:
        """Is the card a travel document? "emrtd", or "" after reporting why not."""
        assert self._context is not None
        name = reader.info.name
        hresult, card, protocol = scard.SCardConnect(
            self._context, name, scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1)
        if not self._connected(reader, hresult):
            return ""
        try:
            Chip(PcscTransport(card, protocol)).select_applet()
        except _CardGone as gone:
            self._failed(reader, "card.removed", str(gone))
            return ""
        except CardError as exc:
            reader.handled = True
            self._failed(reader, exc.code, exc.detail)
            return ""
        finally:
            scard.SCardDisconnect(card, scard.SCARD_LEAVE_CARD)
        return "emrtd"

    def _connected(self, reader: _Reader, hresult: int) -> bool:
        code = _code(hresult)
        if code == _OK:
            return True
        if code in _SERVICE_GONE:
            raise _ServiceGone(hresult)
        if code == _SHARING:
            # Another program holds the card exclusively; the change of state when it lets
            # go wakes us again. Said once per card, not at every wake-up.
            if not reader.in_use_reported:
                reader.in_use_reported = True
                self._failed(reader, "card.in_use", describe(hresult))
            return False
        if code in _CARD_GONE:
            self._failed(reader, "card.removed", describe(hresult))
            return False
        reader.handled = True
        self._failed(reader, "card.unreadable", describe(hresult))
        return False

    def _failed(self, reader: _Reader, code: str, detail: str) -> None:
        with self._lock:
            reader.info.last_result = code
        self._error(reader.info.name, code, detail)
        self._emit(ReadFailed(reader.info.name, code, detail))
        if code == "card.removed":
            # Gone, or only reset? Ask the service afresh: a card still there is read again
            # (a few times), one taken off gives CardRemoved and is read when it is back.
            reader.pulled += 1
            reader.handled = reader.pulled >= 3
            reader.state = scard.SCARD_STATE_UNAWARE
        elif code != "card.in_use":
            # Said once; the same card is not read again until it is put on afresh (or
            # the clerk gives its MRZ data). In use: read when the other program lets go.
            reader.handled = True
