"""Card reader events in the UI: the readers' threads emit, the main thread shows.

Only masked values reach the screen here: the status bar does not need the full name or
document number (the applicant panel of the intake flow shows them where it must).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workstation.privacy import mask_document_number, mask_name

if TYPE_CHECKING:
    from devices.cards.identity import ReaderEvent
    from devices.cards.passport import AccessKey
    from workstation.card_readers import ReaderDiagnostics


class CardReaderBridge(QObject):
    # Not "event": that name is QObject's virtual event handler.
    happened = Signal(object)  # ReaderEvent, emitted on a reader's thread, delivered queued


def failure_text(code: str) -> str:
    from PySide6.QtCore import QCoreApplication

    texts = {
        "card.removed": QCoreApplication.translate(
            "CardReader", "The card was taken off during the read; put it back."),
        "card.in_use": QCoreApplication.translate(
            "CardReader", "Another program is using the card; close it and the card is read."),
        "card.not_emrtd": QCoreApplication.translate(
            "CardReader", "This card is no passport or travel permit. Resident ID cards go "
            "on the ID-card reader."),
        "card.access_denied": QCoreApplication.translate(
            "CardReader", "The chip did not accept the data-page details; check them."),
        "card.integrity": QCoreApplication.translate(
            "CardReader", "The chip's data fail their integrity check. Do not rely on this "
            "document; check it by eye and ask a supervisor."),
        "card.garbled": QCoreApplication.translate(
            "CardReader", "The card gave data that make no sense. Check the card or type the "
            "details."),
        "sdk.missing": QCoreApplication.translate(
            "CardReader", "The ID-card reader software is not installed or is incomplete; "
            "see Settings → Card readers. Everything else works."),
        "sdk.port": QCoreApplication.translate(
            "CardReader", "The ID-card reader does not answer on its port. Check the cable "
            "and the port in the settings."),
        "card.unsupported": QCoreApplication.translate(
            "CardReader", "This document's chip holds more than the workstation can read "
            "yet (a very large photo). Type the details from the data page."),
        "photo.undecodable": QCoreApplication.translate(
            "CardReader", "The card was read, but its photo could not be decoded."),
    }
    return texts.get(code, QCoreApplication.translate(
        "CardReader", "The card cannot be read. Check it or type the details."))


class CardStatusLabel(QLabel):
    """Status-bar text for the readers: ready, reading, what was read, or why not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardStatus")
        self.last_identity: object = None
        self.readers: set[str] = set()
        self.service_down = ""
        self._ready()

    def _ready(self) -> None:
        if self.readers:
            self.setText(self.tr("Card reader ready") if len(self.readers) == 1
                         else self.tr("%1 card readers ready").replace(
                             "%1", str(len(self.readers))))
        elif self.service_down:
            self.setText(self.tr("No card reader (the smart-card service is not running)"))
        else:
            self.setText(self.tr("No card reader"))
        self.setToolTip(self.service_down)

    def show_event(self, event: ReaderEvent) -> None:
        from devices.cards import identity as cards

        if isinstance(event, cards.ReaderAdded):
            self.readers.add(event.reader)
            self._ready()
        elif isinstance(event, cards.ReaderRemoved):
            self.readers.discard(event.reader)
            self._ready()
        elif isinstance(event, cards.ServiceChanged):
            self.service_down = "" if event.available else event.detail
            self._ready()
        elif isinstance(event, cards.CardRemoved):
            self._ready()
        elif isinstance(event, cards.CardInserted):
            self.setText(self.tr("Reading card…"))
        elif isinstance(event, cards.AccessKeyNeeded):
            self.setText(self.tr("Passport on the reader: enter its data-page details"))
        elif isinstance(event, cards.ReadFailed):
            self.setText(failure_text(event.code))
        elif isinstance(event, cards.IdentityRead):
            person = event.identity
            self.last_identity = person
            text = f"{mask_name(person.name)} {mask_document_number(person.id_number)}"
            if person.expired(dt.date.today()):
                assert person.valid_until is not None
                text += " · " + self.tr("EXPIRED on %1").replace(
                    "%1", person.valid_until.isoformat())
            elif person.valid_until is None:
                text += " · " + self.tr("valid indefinitely")
            else:
                text += " · " + self.tr("valid until %1").replace(
                    "%1", person.valid_until.isoformat())
            code = getattr(event, "code", "")  # a read with a warning (photo undecodable)
            if code:
                text += " · " + failure_text(code)
            self.setText(text)


class AccessKeyDialog(QDialog):
    """The data-page details a passport chip opens with (BAC): document number, date of
    birth, date of expiry — typed by the clerk, or taken from the applicant's data."""

    def __init__(self, reader: str, *, refused: bool, document_number: str = "",
                 typed: AccessKey | None = None, parent: QWidget | None = None) -> None:
        """``typed``: what the clerk gave last time for this document (after a refusal
        the clerk corrects one field, not all three)."""
        super().__init__(parent)
        self.setObjectName("accessKeyDialog")
        self.setWindowTitle(self.tr("Open the passport's chip"))
        self.reader = reader
        intro = QLabel(self.tr("Type these three details from the passport's data page "
                               "(the photo page)."), self)
        intro.setWordWrap(True)
        self.refused = QLabel(self.tr("The chip did not accept the details given; check "
                                      "each against the data page."), self)
        self.refused.setObjectName("accessRefused")
        self.refused.setStyleSheet("color: #b3261e;")
        self.refused.setWordWrap(True)
        self.refused.setVisible(refused)
        self.number = QLineEdit(document_number, self)
        self.number.setObjectName("accessNumber")
        self.number.setMaxLength(20)
        self.birth = QDateEdit(self)
        self.birth.setObjectName("accessBirth")
        self.expiry = QDateEdit(self)
        self.expiry.setObjectName("accessExpiry")
        for edit in (self.birth, self.expiry):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.birth.setDateRange(QDate(1900, 1, 1), QDate.currentDate())
        self.birth.setDate(QDate(1980, 1, 1))
        self.expiry.setDateRange(QDate(1990, 1, 1), QDate.currentDate().addYears(20))
        self.expiry.setDate(QDate.currentDate())
        if typed is not None:
            self.number.setText(typed.document_number)
            self.birth.setDate(QDate(typed.birth_date.year, typed.birth_date.month,
                                     typed.birth_date.day))
            self.expiry.setDate(QDate(typed.expiry_date.year, typed.expiry_date.month,
                                      typed.expiry_date.day))
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Document &number"), self.number)
        form.addRow(self.tr("Date of &birth"), self.birth)
        form.addRow(self.tr("Date of &expiry"), self.expiry)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.refused)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.number.setFocus()
        self.key: AccessKey | None = None

    def _accept(self) -> None:
        from devices.cards.passport import AccessKey

        number = self.number.text().strip().upper().replace(" ", "")
        if not re.fullmatch(r"[A-Z0-9]{1,20}", number):
            self.message.setText(self.tr("The document number has letters and digits "
                                         "only, as printed on the data page."))
            self.number.setFocus()
            return
        self.key = AccessKey(number, self.birth.date().toPython(),  # type: ignore[arg-type]
                             self.expiry.date().toPython())  # type: ignore[arg-type]
        self.accept()


class DiagnosticsDialog(QDialog):
    """What support staff ask on the phone: readers, ATRs, service state, last errors."""

    def __init__(self, source: Callable[[], ReaderDiagnostics],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardDiagnostics")
        self.setWindowTitle(self.tr("Card reader diagnostics"))
        self._source = source
        self.summary = QLabel(self)
        self.summary.setObjectName("diagnosticsSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readers = QTableWidget(0, 4, self)
        self.readers.setObjectName("diagnosticsReaders")
        self.readers.setHorizontalHeaderLabels(
            [self.tr("Reader"), self.tr("Card"), self.tr("ATR"), self.tr("Last result")])
        self.readers.horizontalHeader().setStretchLastSection(True)
        self.errors = QPlainTextEdit(self)
        self.errors.setObjectName("diagnosticsErrors")
        self.errors.setReadOnly(True)
        copy = QPushButton(self.tr("&Copy for support"), self)
        copy.clicked.connect(self.copy)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.readers, 1)
        layout.addWidget(QLabel(self.tr("Last errors"), self))
        layout.addWidget(self.errors, 1)
        layout.addWidget(buttons)
        self.resize(720, 480)
        self.refresh()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.refresh)
        self._timer.start(1000)

    def report(self) -> str:
        found = self._source()
        services = {"available": self.tr("running"), "unavailable": self.tr("not running"),
                    "starting": self.tr("starting"), "stopped": self.tr("stopped"),
                    "missing": self.tr("not installed (libpcsclite)")}
        lines = [self.tr("Smart-card service (PC/SC): %1").replace(
            "%1", services.get(found.pcsc_service, found.pcsc_service))]
        lines.append(self.tr("Preferred reader: %1").replace(
            "%1", found.preferred_reader or self.tr("automatic")))
        if found.id_card_library:
            lines.append(self.tr("ID-card reader: %1, port %2, %3").replace(
                "%1", found.id_card_library).replace("%2", str(found.id_card_port)).replace(
                "%3", found.id_card_state or self.tr("starting")))
        else:
            lines.append(self.tr("ID-card reader: not configured"))
        return "\n".join(lines)

    def refresh(self) -> None:
        found = self._source()
        self.summary.setText(self.report())
        self.readers.setRowCount(len(found.readers))
        for row, reader in enumerate(found.readers):
            cells = (reader.name, self.tr("yes") if reader.card_present else self.tr("no"),
                     reader.atr, reader.last_result)
            for column, text in enumerate(cells):
                self.readers.setItem(row, column, QTableWidgetItem(text))
        self.errors.setPlainText("\n".join(
            f"{at}  {reader or '-'}  {code}  {detail}" for at, reader, code, detail
            in reversed(found.errors)))

    def copy(self) -> None:
        found = self._source()
        readers = "\n".join(f"{r.kind}\t{r.name}\t{r.card_present}\t{r.atr}\t{r.last_result}"
                            for r in found.readers)
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(f"{self.report()}\n\n{readers}\n\n"
                          f"{self.errors.toPlainText()}")
