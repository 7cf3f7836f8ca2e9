"""The card readers of this workstation, started and stopped together.

- PC/SC (passports, travel permits): always, in both modes — reading a real document in
  training mode touches nothing of production, and trainers like to use real readers;
- the resident ID-card reader, when its vendor SDK is configured (settings);
- in sandbox (training) mode, the simulated reader with the demo cards as well.

All of them report through one callback, on their own threads; the UI turns that into
queued signals. :meth:`CardReaders.diagnostics` is what the settings' diagnostics page and
support staff see: readers, ATRs, the service state and the last errors.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from devices.cards.identity import ReaderEvent, ReadFailed, ServiceChanged
from devices.cards.passport import AccessKey
from workstation.settings import Settings

if TYPE_CHECKING:
    from devices.cards.pcsc import ReaderManager
    from devices.cards.resident_id import ResidentIdReader
    from devices.cards.simulated import SimulatedReader

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReaderLine:
    kind: str  # "pcsc", "id_card", "simulated"
    name: str
    atr: str = ""
    card_present: bool = False
    last_result: str = ""


@dataclass(frozen=True)
class ReaderDiagnostics:
    pcsc_service: str  # available, unavailable, starting, stopped, missing
    readers: list[ReaderLine]
    errors: list[tuple[str, str, str, str]]  # (time, reader, code, detail), newest last
    preferred_reader: str = ""
    id_card_library: str = ""
    id_card_port: int = 0
    id_card_state: str = ""  # "", "open", or the code of what is wrong (sdk.missing, …)


@dataclass
class _Sdk:
    state: str = ""
    name: str = ""
    present: bool = False
    errors: list[tuple[str, str, str, str]] = field(default_factory=list)


class CardReaders:
    def __init__(self, settings: Settings, *, sandbox: bool,
                 on_event: Callable[[ReaderEvent], None]) -> None:
        self._on_event = on_event
        self.settings = settings
        self._sdk = _Sdk()
        self._lock = threading.Lock()
        self.simulated: SimulatedReader | None = None
        self.pcsc: ReaderManager | None = None
        self.resident_id: ResidentIdReader | None = None
        self._pcsc_missing = ""
        if sandbox:
            from devices.cards.simulated import SimulatedReader

            self.simulated = SimulatedReader(on_event)
        try:
            from devices.cards.pcsc import ReaderManager
        except ImportError as exc:  # libpcsclite missing: no PC/SC, the rest works
            self._pcsc_missing = str(exc)
        else:
            self.pcsc = ReaderManager(on_event, preferred_reader=settings.card_reader)
        if settings.id_card_library:
            from devices.cards.resident_id import ResidentIdReader

            self.resident_id = ResidentIdReader(
                settings.id_card_library,
                settings.id_card_decoder or settings.id_card_library,
                settings.id_card_port, self._sdk_event)
            self._sdk.name = self.resident_id.name

    def start(self) -> None:
        if self._pcsc_missing:
            self._on_event(ServiceChanged(False, self._pcsc_missing))
        for reader in (self.simulated, self.pcsc, self.resident_id):
            if reader is not None:
                reader.start()

    def stop(self) -> None:
        for reader in (self.simulated, self.pcsc, self.resident_id):
            if reader is not None:
                reader.stop()

    def provide_key(self, reader: str, key: AccessKey) -> None:
        if self.pcsc is not None:
            self.pcsc.provide_key(reader, key)

    def forget_key(self, reader: str) -> None:
        if self.pcsc is not None:
            self.pcsc.forget_key(reader)

    def _sdk_event(self, event: ReaderEvent) -> None:
        """Keep what the diagnostics need of the ID-card reader, then pass it on."""
        from devices.cards import identity as cards

        with self._lock:
            if isinstance(event, cards.ReaderAdded):
                self._sdk.state = "open"
            elif isinstance(event, cards.ReaderRemoved):
                self._sdk.state, self._sdk.present = "closed", False
            elif isinstance(event, cards.CardInserted):
                self._sdk.present = True
            elif isinstance(event, cards.CardRemoved):
                self._sdk.present = False
            elif isinstance(event, ReadFailed):
                if event.code.startswith("sdk."):
                    self._sdk.state = event.code
                stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
                self._sdk.errors = [*self._sdk.errors[-19:],
                                    (stamp, event.reader, event.code, event.detail)]
        self._on_event(event)

    def diagnostics(self) -> ReaderDiagnostics:
        lines: list[ReaderLine] = []
        errors: list[tuple[str, str, str, str]] = []
        service = "missing" if self.pcsc is None else "stopped"
        if self.pcsc is not None:
            found = self.pcsc.diagnostics()
            service = found.service
            lines += [ReaderLine("pcsc", r.name, r.atr, r.card_present, r.last_result)
                      for r in found.readers]
            errors += found.errors
        with self._lock:
            sdk = _Sdk(self._sdk.state, self._sdk.name, self._sdk.present,
                       list(self._sdk.errors))
        if self.resident_id is not None:
            lines.append(ReaderLine("id_card", sdk.name, card_present=sdk.present,
                                    last_result=sdk.state))
            errors += sdk.errors
        if self.simulated is not None:
            from devices.cards.simulated import READER_NAME

            lines.append(ReaderLine("simulated", READER_NAME))
        errors.sort(key=lambda e: e[0])
        return ReaderDiagnostics(service, lines, errors[-20:], self.settings.card_reader,
                                 self.settings.id_card_library, self.settings.id_card_port,
                                 sdk.state)
