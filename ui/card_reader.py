"""Card reader events in the UI: the reader's thread emits, the main thread shows.

Only masked values reach the screen here: the status bar does not need the full name or
document number (the applicant panel of the intake flow shows them where it must).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel, QWidget

from workstation.privacy import mask_document_number, mask_name

if TYPE_CHECKING:
    from devices.cards.identity import ReaderEvent


class CardReaderBridge(QObject):
    # Not "event": that name is QObject's virtual event handler.
    happened = Signal(object)  # ReaderEvent, emitted on the reader's thread, delivered queued


class CardStatusLabel(QLabel):
    """Status-bar text for the reader: ready, reading, what was read, or why not."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardStatus")
        self.last_identity: object = None

    def show_event(self, event: ReaderEvent) -> None:
        from devices.cards import identity as cards

        if isinstance(event, cards.ReaderAdded | cards.CardRemoved):
            self.setText(self.tr("Card reader ready"))
        elif isinstance(event, cards.ReaderRemoved):
            self.setText(self.tr("No card reader"))
        elif isinstance(event, cards.CardInserted):
            self.setText(self.tr("Reading card…"))
        elif isinstance(event, cards.ReadFailed):
            if event.code == "card.removed":
                self.setText(self.tr("The card was taken off during the read; put it back."))
            else:
                self.setText(self.tr("The card cannot be read. Check it or type the details."))
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
            self.setText(text)
