"""Intake at the counter: applicant, situation, checklist, decision, printed document.

Keyboard: Tab walks applicant → situation → checklist → outcome; in the checklist Space
ticks the focused box. Ctrl+L asks the server for the applicant's electronic licences,
Ctrl+K captures the pages of the focused material (camera, scanner or files),
Ctrl+Shift+P saves the case's captured pages as one PDF, Ctrl+Return accepts,
Ctrl+Shift+Return records a one-time notice, Ctrl+Shift+R opens the refusal. Every
change is saved as a draft a moment later (on the operations thread), so nothing the
clerk typed is lost to a crash or a closed window. The rules (what blocks an
outcome, what the notice lists) are workstation.intake's; this view only shows them.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from ui import pdf_export, situations
from ui.document_dialog import DocumentDialog
from ui.messages import describe
from ui.ops import Operations

if TYPE_CHECKING:
    from devices.cards.identity import Identity
    from server.contract import CaseSubmission, Licence, ServiceItem
    from ui.capture_dialog import CaptureDialog
    from workstation.core import Workstation
    from workstation.intake import CardRead, Draft, FieldProblem, PartyEntry, ScannedPage

log = logging.getLogger("ui.intake")

SAVE_DELAY_MS = 400
# The document each outcome hands to the applicant (workstation.settings.DOCUMENT_TYPES).
DOCUMENT_OF_OUTCOME = {"accepted": "receipt", "notified": "notice", "refused": "refusal"}


def problem_text(code: str) -> str:
    """The inline message of an applicant field problem (workstation.validation.Problem)."""
    texts = {
        "empty": QCoreApplication.translate(
            "Intake", "Required."),
        "id.length": QCoreApplication.translate(
            "Intake", "A resident ID number has 18 characters."),
        "id.characters": QCoreApplication.translate(
            "Intake", "Digits only; the last one may be X."),
        "id.region": QCoreApplication.translate(
            "Intake", "The first two digits are no province code."),
        "id.birth_date": QCoreApplication.translate(
            "Intake", "Digits 7–14 are not a valid birth date."),
        "id.check": QCoreApplication.translate(
            "Intake", "The check digit does not match: a digit is probably mistyped."),
        "credit.length": QCoreApplication.translate(
            "Intake", "A unified social credit code has 18 characters."),
        "credit.characters": QCoreApplication.translate(
            "Intake", "Contains characters a credit code never has (I, O, S, V, Z)."),
        "credit.org_check": QCoreApplication.translate(
            "Intake", "The organisation code inside (characters 9–17) does not check."),
        "credit.check": QCoreApplication.translate(
            "Intake", "The last character does not match: a character is probably "
            "mistyped."),
        "phone": QCoreApplication.translate(
            "Intake", "Not a mobile or landline number (landlines with area code)."),
        "document.expired": QCoreApplication.translate(
            "Intake", "The document has expired. Tick the box if it may still be accepted "
            "for this matter."),
        "card.mismatch": QCoreApplication.translate(
            "Intake", "The card's number disagrees with its own birth date or sex: the card "
            "may be forged or damaged. Check the document by eye and ask a supervisor."),
    }
    return texts.get(code, code)


def blocker_text(code: str) -> str:
    texts = {
        "applicant": QCoreApplication.translate(
            "Intake", "The applicant's details need correcting (see the red notes)."),
        "materials": QCoreApplication.translate(
            "Intake", "Required materials are missing or defective:"),
        "nothing_to_notify": QCoreApplication.translate(
            "Intake", "Nothing is missing: a one-time notice would list nothing. "
            "Accept the case instead."),
        "refusal_reason": QCoreApplication.translate(
            "Intake", "A refusal needs its reason and legal basis."),
        "commitment_date": QCoreApplication.translate(
            "Intake", "A 容缺 commitment date lies in the past."),
    }
    return texts.get(code, code)


class CardPanel(QFrame):
    """What a card reader read for a party: photo, where it came from, validity."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.photo = QLabel(self)
        self.photo.setObjectName("cardPhoto")
        self.photo.setFixedSize(102, 126)
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.info = QLabel(self)
        self.info.setObjectName("cardInfo")
        self.info.setWordWrap(True)
        self.expired = QCheckBox(self.tr("Accept the e&xpired document for this matter"), self)
        self.expired.setObjectName("expiryAcknowledged")
        self.problem = QLabel(self)
        self.problem.setObjectName("problem_card")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #b3261e;")
        self.problem.hide()
        self.reveal = QPushButton(self.tr("Re&veal full number"), self)
        self.reveal.setObjectName("revealNumber")
        self.clear = QPushButton(self.tr("N&ot this person's card"), self)
        self.clear.setObjectName("clearCard")
        text = QVBoxLayout()
        text.addWidget(self.info)
        text.addWidget(self.problem)
        text.addWidget(self.expired)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reveal)
        buttons.addWidget(self.clear)
        buttons.addStretch(1)
        text.addLayout(buttons)
        text.addStretch(1)
        row = QHBoxLayout(self)
        row.addWidget(self.photo)
        row.addLayout(text, 1)

    def show_card(self, card: CardRead, today: dt.date, *, revealed: bool) -> None:
        pixmap = QPixmap()
        if card.photo_jpeg and pixmap.loadFromData(card.photo_jpeg):
            self.photo.setPixmap(pixmap.scaled(
                self.photo.size(), Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation))
        else:
            self.photo.clear()
            self.photo.setText(self.tr("No photo"))
        from devices.cards.identity import DocumentType

        if card.verified:
            source = self.tr("✔ Read and authenticated by the ID-card reader")
        elif card.document_type is DocumentType.RESIDENT_ID:
            source = self.tr("Read from a card")
        else:
            source = self.tr("Read from the chip: the data are intact, but who issued them "
                             "is not checked. Compare the photo and the document by eye.")
        lines = [source, card.document]
        # The masked number hides digits 7–14, the birth date: shown with the number only.
        age = today.year - card.birth_date.year - (
            (today.month, today.day) < (card.birth_date.month, card.birth_date.day))
        born = card.birth_date.isoformat() if revealed \
            else self.tr("age %1").replace("%1", str(age))
        details = [card.sex, born]
        if card.ethnicity:
            details.append(card.ethnicity)
        lines.append(" · ".join(d for d in details if d))
        if card.valid_until is None:
            lines.append(self.tr("Valid indefinitely"))
        elif card.expired(today):
            lines.append(self.tr("EXPIRED on %1").replace("%1", card.valid_until.isoformat()))
        else:
            lines.append(self.tr("Valid until %1").replace("%1", card.valid_until.isoformat()))
        self.info.setText("\n".join(lines))
        with QSignalBlocker(self.expired):
            self.expired.setChecked(card.expiry_acknowledged)
        self.expired.setVisible(card.expired(today))


class PartyForm(QGroupBox):
    """Applicant or agent: name, document, phone, (address), representative — typed, or
    read from the party's card (then name and number cannot be typed over, and the number
    shows masked until the clerk reveals it, which is audited)."""

    changed = Signal()
    reveal_requested = Signal()

    def __init__(self, title: str, *, organisation: bool, address: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        from workstation import intake

        self.kind_person = QRadioButton(self.tr("Person"), self)
        self.kind_org = QRadioButton(self.tr("Organisation"), self)
        self.kind_person.setChecked(True)
        kinds = QButtonGroup(self)
        kinds.addButton(self.kind_person)
        kinds.addButton(self.kind_org)
        self.name = QLineEdit(self)
        self.id_type = QComboBox(self)
        self.id_number = QLineEdit(self)
        self.id_number.setMaxLength(64)
        self.phone = QLineEdit(self)
        self.address = QLineEdit(self)
        self.representative = QLineEdit(self)
        self.unverified = QCheckBox(self.tr("Checked by eye (a document the workstation "
                                            "cannot check)"), self)
        self.problem_labels: dict[str, QLabel] = {}
        form = QFormLayout(self)
        if organisation:
            row = QHBoxLayout()
            row.addWidget(self.kind_person)
            row.addWidget(self.kind_org)
            row.addStretch(1)
            form.addRow(self.tr("Applicant is"), row)
        for key, label, widget in (
            ("name", self.tr("&Name"), self.name),
            ("id_type", self.tr("Document"), self.id_type),
            ("id_number", self.tr("Document n&umber"), self.id_number),
            ("phone", self.tr("P&hone"), self.phone),
            ("address", self.tr("Address"), self.address),
            ("representative", self.tr("Legal representative"), self.representative),
        ):
            if key == "address" and not address:
                widget.hide()
                continue
            if key == "representative" and not organisation:
                widget.hide()
                continue
            note = QLabel(self)
            note.setWordWrap(True)
            note.setObjectName(f"problem_{key}")
            note.setStyleSheet("color: #b3261e;")
            note.hide()
            self.problem_labels[key] = note
            box = QVBoxLayout()
            box.setSpacing(0)
            box.addWidget(widget)
            box.addWidget(note)
            caption = QLabel(label, self)
            caption.setBuddy(widget)  # Alt+letter jumps to the field
            form.addRow(caption, box)
        form.addRow(self.unverified)
        self.card: CardRead | None = None
        self._before_card: PartyEntry | None = None
        self.revealed = False
        self.card_panel = CardPanel(self)
        self.card_panel.hide()
        self.problem_labels["card"] = self.card_panel.problem
        self.card_panel.expired.toggled.connect(lambda _=None: self.changed.emit())
        self.card_panel.reveal.clicked.connect(self.reveal_requested.emit)
        self.card_panel.clear.clicked.connect(self.clear_card)
        form.addRow(self.card_panel)
        self._documents = (intake.PERSON_DOCUMENTS, intake.ORGANISATION_DOCUMENTS)
        self._fill_documents()
        self.kind_org.toggled.connect(self._kind_changed)
        for edit in (self.name, self.id_number, self.phone, self.address, self.representative):
            edit.textEdited.connect(lambda _=None: self.changed.emit())
        self.id_type.currentIndexChanged.connect(lambda _=None: self.changed.emit())
        self.unverified.toggled.connect(lambda _=None: self.changed.emit())
        self._kind_changed(False)

    def _fill_documents(self) -> None:
        with QSignalBlocker(self.id_type):
            self.id_type.clear()
            self.id_type.addItems(self._documents[1 if self.kind_org.isChecked() else 0])

    def _kind_changed(self, organisation: bool) -> None:
        self._fill_documents()
        self.representative.setEnabled(organisation)
        self.changed.emit()

    def entry(self) -> PartyEntry:
        from server.contract.cases import ApplicantKind
        from workstation.intake import PartyEntry

        if self.card is not None:
            card = self.card.model_copy(
                update={"expiry_acknowledged": self.card_panel.expired.isChecked()})
            return PartyEntry(
                name=card.name, id_type=card.document, id_number=card.id_number,
                phone=self.phone.text(), address=self.address.text(),
                unverified_document=self.unverified.isChecked(), card=card)
        return PartyEntry(
            kind=ApplicantKind.ORGANISATION if self.kind_org.isChecked()
            else ApplicantKind.PERSON,
            name=self.name.text(), id_type=self.id_type.currentText(),
            id_number=self.id_number.text(), phone=self.phone.text(),
            address=self.address.text(),
            representative=self.representative.text() if self.kind_org.isChecked() else "",
            unverified_document=self.unverified.isChecked())

    def set_entry(self, entry: PartyEntry) -> None:
        from server.contract.cases import ApplicantKind

        blockers = [QSignalBlocker(w) for w in (
            self.kind_org, self.kind_person, self.name, self.id_number, self.phone,
            self.address, self.representative, self.unverified, self.id_type)]
        (self.kind_org if entry.kind is ApplicantKind.ORGANISATION
         else self.kind_person).setChecked(True)
        self._fill_documents()
        self.representative.setEnabled(entry.kind is ApplicantKind.ORGANISATION)
        if self.id_type.findText(entry.id_type) < 0:
            self.id_type.addItem(entry.id_type)
        self.id_type.setCurrentText(entry.id_type)
        self.name.setText(entry.name)
        self.id_number.setText(entry.id_number)
        self.phone.setText(entry.phone)
        self.address.setText(entry.address)
        self.representative.setText(entry.representative)
        self.unverified.setChecked(entry.unverified_document)
        self._show_card(entry.card if entry.card_matches() else None)
        del blockers

    def _show_card(self, card: CardRead | None) -> None:
        from workstation.privacy import mask_document_number

        if card is None or self.card is None or card.id_number != self.card.id_number:
            self.revealed = False
        self.card = card
        self.card_panel.setVisible(card is not None)
        for edit in (self.name, self.id_number):
            edit.setReadOnly(card is not None)
        self.id_type.setEnabled(card is None)
        self.kind_person.setEnabled(card is None)
        self.kind_org.setEnabled(card is None)
        if card is None:
            return
        self.card_panel.show_card(card, dt.date.today(), revealed=self.revealed)
        self.card_panel.reveal.setVisible(not self.revealed)
        with QSignalBlocker(self.id_number):
            self.id_number.setText(card.id_number if self.revealed
                                   else mask_document_number(card.id_number))

    def reveal(self) -> None:
        """Show the full number (the caller has audited it)."""
        self.revealed = True
        self._show_card(self.card)

    def forget(self) -> None:
        """Another draft comes on screen: its number starts masked, nothing to restore."""
        self.revealed = False
        self._before_card = None

    def fill_from_card(self, identity: Identity) -> None:
        """The party as the card says; what was there before is kept, so that "not this
        person's card" brings it back."""
        current = self.entry()
        if current.card is None:
            self._before_card = current
        self.set_entry(current.from_card(identity))

    def clear_card(self) -> None:
        """The card read was not this party's: what was there before comes back (nothing,
        when nothing was typed), and name and number can be typed again."""
        from workstation.intake import PartyEntry

        before, self._before_card = self._before_card, None
        self.card = None
        self.revealed = False
        self.set_entry(before if before is not None else PartyEntry(
            phone=self.phone.text()))
        self.name.setFocus()
        self.changed.emit()

    def show_problems(self, problems: list[FieldProblem]) -> None:
        mine = {p.field: p.problem for p in problems}
        for key, label in self.problem_labels.items():
            problem = mine.get(key)
            label.setVisible(problem is not None)
            label.setText(problem_text(problem.value) if problem is not None else "")


class RefusalDialog(QDialog):
    def __init__(self, reason: str, basis: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Refuse the application"))
        self.reason = QPlainTextEdit(reason, self)
        self.reason.setObjectName("refusalReason")
        self.basis = QLineEdit(basis, self)
        self.basis.setObjectName("refusalBasis")
        self.basis.setPlaceholderText(self.tr("e.g. 《中华人民共和国行政许可法》第三十二条"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("Legal &basis"), self.basis)
        form.addRow(buttons)


class CaseDocumentDialog(DocumentDialog):
    """The decided case's document: preview, print (audited), save."""

    def __init__(self, ops: Operations, ws: Workstation, case: CaseSubmission,
                 parent: QWidget | None = None) -> None:
        from printing.case_documents import TITLES

        document_type = DOCUMENT_OF_OUTCOME[case.status.value]

        def remember(name: str) -> None:
            ops.run(lambda: ws.remember_printer(document_type, name))

        super().__init__(ops, document_name=lambda: self._name,
                         preferred_printer=ws.settings.printers.get(document_type, ""),
                         remember_printer=remember, parent=parent)
        self.setObjectName("caseDocumentDialog")
        titles = {"receipt": self.tr("Acceptance notice"),
                  "notice": self.tr("One-time notice"), "refusal": self.tr("Refusal")}
        self.setWindowTitle(f"{titles[document_type]} · {case.case_number}")
        # The spooler's title: the kind of document, never the applicant.
        self._name = TITLES[case.status]
        self.ws = ws
        self.case = case
        self.document_type = document_type
        summary = QLabel(self.tr("Case %1 recorded. Print the document for the applicant; "
                                 "it can be reprinted later.").replace("%1", case.case_number),
                         self)
        summary.setWordWrap(True)
        self.assemble(summary)
        self.output.printed.connect(self._printed)
        self.output.failed.connect(self._print_failed)
        uuid = case.uuid
        self.render_async(lambda: ws.case_document(uuid))

    def _printed(self, job: str, printer: str) -> None:
        ws, uuid, kind = self.ws, self.case.uuid, self.document_type
        self.ops.run(lambda: ws.record_print(uuid, kind, printer, job))

    def _print_failed(self, code: str, printer: str) -> None:
        ws, uuid, kind = self.ws, self.case.uuid, self.document_type
        self.ops.run(lambda: ws.record_print(uuid, kind, printer, None, error=code))


class IntakeView(QWidget):
    draft_saved = Signal(str)  # draft id
    decided = Signal(object)  # the CaseSubmission recorded
    blocked = Signal(list)  # blocker codes shown to the clerk
    licences_loaded = Signal(int)
    scans_exported = Signal(str)  # the PDF's path

    COLUMNS = ("material", "received", "originals", "copies", "pages", "scans", "defect",
               "tolerated", "commitment", "licence", "state")

    def __init__(self, ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intake")
        self.ops = ops
        self.ws: Workstation | None = None
        self.draft: Draft | None = None
        self.licences: list[Licence] = []
        self.document_dialog: CaseDocumentDialog | None = None
        self._loading = False
        self._deciding = False  # a decision is being recorded on the operations thread
        self._known_drafts: dict[str, Draft] = {}
        self.rows: list[tuple[Any, Any]] = []
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)

        self.heading = QLabel(self)
        self.heading.setObjectName("intakeHeading")
        self.heading.setWordWrap(True)
        self.drafts = QComboBox(self)
        self.drafts.setObjectName("intakeDrafts")
        self.drafts.activated.connect(self._draft_chosen)
        self.discard_button = QPushButton(self.tr("Discard draft"), self)
        self.discard_button.clicked.connect(self.discard)
        self.saved_label = QLabel(self)
        self.saved_label.setObjectName("draftSaved")
        self.version_note = QLabel(self)
        self.version_note.setObjectName("itemVersionNote")
        self.version_note.setWordWrap(True)
        self.version_note.setStyleSheet("color: #b26a00;")
        self.version_note.hide()
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(QLabel(self.tr("Unfinished:"), self))
        top.addWidget(self.drafts)
        top.addWidget(self.discard_button)

        self.applicant = PartyForm(self.tr("Applicant"), organisation=True, address=True,
                                   parent=self)
        self.applicant.setObjectName("applicantForm")
        self.agent_box = QCheckBox(self.tr("An agent (代办人) acts for the applicant"), self)
        self.agent = PartyForm(self.tr("Agent"), organisation=False, address=False, parent=self)
        self.agent.setObjectName("agentForm")
        self.agent.hide()
        self.situations = QWidget(self)
        self.situations_layout = QVBoxLayout(self.situations)
        self.situations_layout.setContentsMargins(0, 0, 0, 0)
        self.situation_buttons: situations.Buttons = {}
        left_inner = QWidget(self)
        left_layout = QVBoxLayout(left_inner)
        left_layout.addWidget(self.applicant)
        left_layout.addWidget(self.agent_box)
        left_layout.addWidget(self.agent)
        left_layout.addWidget(self.situations)
        left_layout.addStretch(1)
        left = QScrollArea(self)
        left.setWidgetResizable(True)
        left.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left.setWidget(left_inner)

        self.table = QTableWidget(0, len(self.COLUMNS), self)
        self.table.setObjectName("checklist")
        self.table.setHorizontalHeaderLabels([
            self.tr("Material"), self.tr("Received"), self.tr("Originals"), self.tr("Copies"),
            self.tr("Pages"), self.tr("Scans"), self.tr("Problem"), self.tr("容缺"),
            self.tr("Supply by"), self.tr("Electronic licence"), self.tr("State")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.licence_button = QPushButton(self.tr("Look up electronic licences (Ctrl+L)"), self)
        self.licence_button.clicked.connect(self.look_up_licences)
        self.licence_status = QLabel(self)
        self.licence_status.setObjectName("licenceStatus")
        self.export_button = QPushButton(self.tr("Scans as PDF… (Ctrl+Shift+P)"), self)
        self.export_button.setObjectName("exportScans")
        self.export_button.clicked.connect(self.export_scans)
        self.capture_dialog: CaptureDialog | None = None
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("Note for the back office (optional)"))
        self.note.textEdited.connect(lambda _=None: self._changed())
        self.message = QLabel(self)
        self.message.setObjectName("intakeMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.accept_button = QPushButton(self.tr("&Accept (Ctrl+Enter)"), self)
        self.accept_button.setObjectName("acceptButton")
        self.notify_button = QPushButton(self.tr("One-time &notice (Ctrl+Shift+Enter)"), self)
        self.notify_button.setObjectName("notifyButton")
        self.refuse_button = QPushButton(self.tr("&Refuse… (Ctrl+Shift+R)"), self)
        self.refuse_button.setObjectName("refuseButton")
        self.accept_button.clicked.connect(lambda: self.decide_as("accepted"))
        self.notify_button.clicked.connect(lambda: self.decide_as("notified"))
        self.refuse_button.clicked.connect(self.refuse)
        licences = QHBoxLayout()
        licences.addWidget(self.licence_button)
        licences.addWidget(self.licence_status, 1)
        licences.addWidget(self.export_button)
        outcome = QHBoxLayout()
        outcome.addWidget(self.note, 1)
        outcome.addWidget(self.accept_button)
        outcome.addWidget(self.notify_button)
        outcome.addWidget(self.refuse_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.table, 1)
        right_layout.addLayout(licences)
        right_layout.addWidget(self.message)
        right_layout.addLayout(outcome)
        right_layout.addWidget(self.saved_label)

        splitter = QSplitter(self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([430, 850])
        self.empty = QLabel(self.tr("No case open. Open an item in the knowledge base and "
                                    "press Ctrl+N to start a case for it."), self)
        self.empty.setObjectName("intakeEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.version_note)
        layout.addWidget(self.empty, 1)
        layout.addWidget(splitter, 1)
        self.body = splitter

        self.applicant.changed.connect(self._changed)
        self.agent.changed.connect(self._changed)
        self.applicant.reveal_requested.connect(
            lambda: self._reveal(self.applicant, "applicant"))
        self.agent.reveal_requested.connect(lambda: self._reveal(self.agent, "agent"))
        self.agent_box.toggled.connect(self._agent_toggled)
        for keys, slot in (
            (["Ctrl+Return", "Ctrl+Enter"], lambda: self.decide_as("accepted")),
            (["Ctrl+Shift+Return", "Ctrl+Shift+Enter"], lambda: self.decide_as("notified")),
            (["Ctrl+Shift+R"], self.refuse),
            (["Ctrl+L"], self.look_up_licences),
            (["Ctrl+K"], lambda: self.capture_material(self.focused_row())),
            (["Ctrl+Shift+P"], self.export_scans),
        ):
            action = QAction(self)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(slot)
            self.addAction(action)
        self._show_draft(None)

    # -- wiring ---------------------------------------------------------------------------

    def attach(self, ws: Workstation) -> None:
        self.ws = ws

    def reload_drafts(self, select: str | None = None) -> None:
        """The clerk's unfinished cases, after login (a crash leaves them all here)."""
        ws = self.ws
        if ws is None:
            return

        def loaded(found: list[Draft]) -> None:
            self._fill_drafts(found)
            if self.draft is None and found:
                self._show_draft(next((d for d in found if d.id == select), found[0]))

        self.ops.run(ws.drafts, loaded, lambda error: self._say(describe(error)))

    def _fill_drafts(self, found: list[Draft]) -> None:
        self._known_drafts = {d.id: d for d in found}
        if self.draft is not None:
            self._known_drafts.setdefault(self.draft.id, self.draft)
        with QSignalBlocker(self.drafts):
            self.drafts.clear()
            for d in self._known_drafts.values():
                who = d.applicant.name.strip() or self.tr("(no applicant yet)")
                self.drafts.addItem(f"{d.item.name} · {who}", d.id)
            if self.draft is not None:
                self.drafts.setCurrentIndex(self.drafts.findData(self.draft.id))
        self.drafts.setEnabled(self.drafts.count() > 0)

    def _draft_chosen(self, index: int) -> None:
        draft_id = self.drafts.itemData(index)
        chosen = self._known_drafts.get(draft_id)
        if chosen is not None and (self.draft is None or chosen.id != self.draft.id):
            self.save_now()
            self._show_draft(chosen)

    def start(self, item: ServiceItem) -> None:
        """A new case for an item (from the knowledge base)."""
        from workstation import intake

        self.save_now()
        self._show_draft(intake.new_draft(item))
        self._changed()
        self.applicant.name.setFocus()

    def resume(self, draft: Draft) -> None:
        """Continue a case taken up again (a notified case the applicant came back for)."""
        self.save_now()
        self._known_drafts[draft.id] = draft
        self._show_draft(draft)
        self.table.setFocus()

    def fill_from_identity(self, identity: Identity) -> None:
        """A card read while the view is open fills the applicant (or the agent when the
        agent's part has the focus) — no typing, no mistyping."""
        if self.draft is None:
            return
        form = self.agent if (self.agent.isVisible()
                              and self.agent.isAncestorOf(self.focusWidget())) \
            else self.applicant
        if form is self.applicant and self.applicant.kind_org.isChecked():
            # An organisation has no card: the person at the counter acts for it.
            self.agent_box.setChecked(True)
            form = self.agent
        form.fill_from_card(identity)
        self._changed()

    def passport_number(self) -> str:
        """The applicant's passport or permit number as typed, to open its chip with."""
        from workstation.intake import CREDIT_CODE, RESIDENT_ID

        if self.draft is None:
            return ""
        entry = self.draft.applicant
        if entry.id_type in (RESIDENT_ID, CREDIT_CODE) or entry.card is not None:
            return ""
        return entry.id_number.strip().upper()

    def _reveal(self, form: PartyForm, party: str) -> None:
        draft, ws = self.draft, self.ws
        if draft is None or ws is None or form.card is None:
            return
        self.ops.run(lambda: ws.reveal_id_number(draft.case_uuid, party),
                     lambda _: form.reveal())

    # -- the draft on screen --------------------------------------------------------------

    def _show_draft(self, draft: Draft | None) -> None:
        self.draft = draft
        for form in (self.applicant, self.agent):
            form.forget()
        self.version_note.hide()
        self.licences = []
        self.licence_status.clear()
        self.message.clear()
        self.body.setVisible(draft is not None)
        self.empty.setVisible(draft is None)
        self.discard_button.setEnabled(draft is not None)
        if draft is None:
            self.heading.setText(self.tr("Intake"))
            return
        self._loading = True
        try:
            item = draft.item
            heading = f"<b>{item.name}</b>　<small>{item.code}</small>"
            if draft.case_number:
                heading += "　" + self.tr("Case %1, revision %2").replace(
                    "%1", draft.case_number).replace("%2", str(draft.revision))
            self.heading.setText(heading)
            self._check_item_version(draft)
            self.applicant.set_entry(draft.applicant)
            self.agent_box.setChecked(draft.agent is not None)
            self.agent.setVisible(draft.agent is not None)
            if draft.agent is not None:
                self.agent.set_entry(draft.agent)
            self.note.setText(draft.note)
            self._build_situations()
            self._build_table()
        finally:
            self._loading = False
        self._refresh_state()
        self._fill_drafts(list(self._known_drafts.values()))

    def _check_item_version(self, draft: Draft) -> None:
        """A case keeps the guide version it was started with; say so when the catalogue
        has changed the item since (or withdrawn it)."""
        ws = self.ws
        self.version_note.hide()
        if ws is None:
            return
        code, version, draft_id = draft.item.code, draft.item.version, draft.id

        def compare(current: ServiceItem | None) -> None:
            if self.draft is None or self.draft.id != draft_id:
                return
            if current is None:
                text = self.tr("This item has been withdrawn from the catalogue since the case "
                               "was started; the case keeps the guide it was started with.")
            elif current.version != version:
                text = self.tr("The guide of this item has changed since the case was "
                               "started (now version %1). This case keeps version %2, the one "
                               "it was started with.").replace("%1", str(current.version)
                                                              ).replace("%2", str(version))
            else:
                return
            self.version_note.setText(text)
            self.version_note.show()

        self.ops.run(lambda: ws.item(code), compare)

    def recheck_item_version(self) -> None:
        """After a sync brought catalogue changes."""
        if self.draft is not None:
            self._check_item_version(self.draft)

    def _agent_toggled(self, on: bool) -> None:
        self.agent.setVisible(on)
        if on:
            self.agent.name.setFocus()
        self._changed()

    def _build_situations(self) -> None:
        assert self.draft is not None
        while self.situations_layout.count():
            taken = self.situations_layout.takeAt(0)
            child = taken.widget() if taken is not None else None
            if child is not None:
                child.deleteLater()
        boxes, self.situation_buttons = situations.build(
            self.situations, self.draft.item.situations, self.draft.answers,
            self._answers_changed)
        for box in boxes:
            self.situations_layout.addWidget(box)

    def _answers_changed(self) -> None:
        if self._loading or self.draft is None:
            return
        self.draft.answers = situations.answers(self.situation_buttons)
        self._loading = True
        try:
            self._build_table()  # the checklist follows the answers at once
        finally:
            self._loading = False
        self._changed()

    def _build_table(self) -> None:
        from server.contract import DefectReason
        from workstation import intake

        assert self.draft is not None
        rows = intake.entries(self.draft)
        self.table.setRowCount(len(rows))
        self.rows = rows
        defects = [
            ("", self.tr("None")),
            (DefectReason.UNCLEAR.value, self.tr("Unclear")),
            (DefectReason.EXPIRED.value, self.tr("Expired")),
            (DefectReason.WRONG_SEAL.value, self.tr("Wrong or missing seal")),
            (DefectReason.UNSIGNED.value, self.tr("Not signed")),
            (DefectReason.INCOMPLETE.value, self.tr("Incomplete")),
            (DefectReason.INCONSISTENT.value, self.tr("Inconsistent")),
            (DefectReason.NOT_ORIGINAL.value, self.tr("Copy instead of original")),
            (DefectReason.OTHER.value, self.tr("Other")),
        ]
        for row, (material, entry) in enumerate(rows):
            name = QLabel(("* " if material.required else "") + material.name, self.table)
            name.setToolTip("；".join(t for t in (material.spec, material.notes) if t))
            received = QCheckBox(self.table)
            received.setChecked(entry.received)
            originals, copies, pages = (QSpinBox(self.table) for _ in range(3))
            for spin, count, top in ((originals, entry.originals, 99),
                                     (copies, entry.copies, 99), (pages, entry.pages, 9999)):
                spin.setRange(0, top)
                spin.setValue(count)
            defect = QComboBox(self.table)
            defect.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            defect.setMinimumContentsLength(5)
            for value, label in defects:
                defect.addItem(label, value)
            defect.setCurrentIndex(max(0, defect.findData(entry.defect.value
                                                          if entry.defect else "")))
            tolerated = QCheckBox(self.table)
            tolerated.setChecked(entry.tolerated)
            tolerated.setEnabled(material.tolerance_allowed)
            commitment = QDateEdit(self.table)
            commitment.setCalendarPopup(True)
            commitment.setDisplayFormat("yyyy-MM-dd")
            due = entry.commitment_due or (dt.date.today() + dt.timedelta(days=14))
            commitment.setDate(QDate(due.year, due.month, due.day))
            commitment.setEnabled(entry.tolerated)
            licence = QComboBox(self.table)
            licence.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            licence.setMinimumContentsLength(8)
            licence.addItem("—", "")
            if entry.licence_number:
                licence.addItem(entry.licence_number, entry.licence_number)
                licence.setCurrentIndex(1)
            licence.setEnabled(bool(material.licence_type))
            state = QLabel(self.table)
            scans = QPushButton(self.table)
            scans.setText(self._scans_text(len(entry.scans)))
            scans.setToolTip(self.tr("Capture this material's pages (Ctrl+K)"))
            scans.clicked.connect(lambda _=False, r=row: self.capture_material(r))
            widgets: list[QWidget] = [name, received, originals, copies, pages, scans, defect,
                                      tolerated, commitment, licence, state]
            for column, widget in enumerate(widgets):
                self.table.setCellWidget(row, column, widget)
            received.toggled.connect(lambda _=False, r=row: self._row_changed(r))
            tolerated.toggled.connect(lambda _=False, r=row: self._row_changed(r))
            for spin in (originals, copies, pages):
                spin.valueChanged.connect(lambda _=0, r=row: self._row_changed(r))
            defect.currentIndexChanged.connect(lambda _=0, r=row: self._row_changed(r))
            licence.currentIndexChanged.connect(lambda _=0, r=row: self._row_changed(r))
            commitment.dateChanged.connect(lambda _=None, r=row: self._row_changed(r))
        self._fill_licence_choices()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)

    def cell(self, row: int, column: str) -> Any:
        return self.table.cellWidget(row, self.COLUMNS.index(column))

    def focused_row(self) -> int:
        """The checklist row holding the keyboard focus (0 when the focus is elsewhere)."""
        focus = QApplication.focusWidget()
        for row in range(self.table.rowCount()):
            for column in range(self.table.columnCount()):
                widget = self.table.cellWidget(row, column)
                if widget is not None and focus is not None and (
                        widget is focus or widget.isAncestorOf(focus)):
                    return row
        return 0

    def _scans_text(self, count: int) -> str:
        return self.tr("%1 scanned").replace("%1", str(count)) if count \
            else self.tr("Capture…")

    # -- captured pages ---------------------------------------------------------------------

    def capture_material(self, row: int) -> None:
        """Open the capture dialog for a material of the checklist."""
        from ui.capture_dialog import CaptureDialog

        ws, draft = self.ws, self.draft
        if ws is None or draft is None or not 0 <= row < len(self.rows) \
                or self.capture_dialog is not None:
            return
        material, _ = self.rows[row]
        entry = draft.materials.get(material.code)
        dialog = CaptureDialog(self.ops, ws, material.name,
                               entry.scans if entry else [], self)
        self.capture_dialog = dialog
        dialog_draft = draft

        def finished(result: int) -> None:
            self.capture_dialog = None
            dialog.deleteLater()
            if result != QDialog.DialogCode.Accepted or self.draft is not dialog_draft:
                return
            self.attach_pages(material.code, dialog.result_pages())

        dialog.finished.connect(finished)
        dialog.open()

    def attach_pages(self, material_code: str, pages: list[ScannedPage]) -> None:
        from workstation import capture

        if self.draft is None:
            return
        capture.attach(self.draft, material_code, pages)
        entry = self.draft.materials[material_code]
        for row, (material, _) in enumerate(self.rows):
            if material.code != material_code:
                continue
            self._loading = True
            try:
                self.cell(row, "received").setChecked(entry.received)
                self.cell(row, "pages").setValue(entry.pages)
                self.cell(row, "scans").setText(self._scans_text(len(entry.scans)))
            finally:
                self._loading = False
        self._changed()

    def export_scans(self) -> None:
        """The case's captured pages as one PDF (a bookmark per material), to a file."""
        from workstation import capture

        ws, draft = self.ws, self.draft
        if ws is None or draft is None:
            return
        if not capture.draft_sections(draft):
            self._say(self.tr("No pages have been captured for this case yet."))
            return
        path = pdf_export.ask_path(self, f"{draft.item.name}.pdf")
        if path is not None:
            self.export_scans_to(path)

    def export_scans_to(self, path: Path) -> None:
        ws, draft = self.ws, self.draft
        if ws is None or draft is None:
            return
        snapshot = draft.model_copy(deep=True)
        pdf_export.save(self.ops, path, lambda: ws.draft_pages_pdf(snapshot),
                        self.scans_exported.emit, lambda error: self._say(describe(error)))

    def _row_changed(self, row: int) -> None:
        from server.contract import DefectReason

        if self._loading or self.draft is None:
            return
        material, _ = self.rows[row]
        date = self.cell(row, "commitment").date()
        tolerated = self.cell(row, "tolerated").isChecked()
        self.cell(row, "commitment").setEnabled(tolerated)
        defect = self.cell(row, "defect").currentData()
        licence = self.cell(row, "licence").currentData()
        self.draft.materials[material.code] = self.draft.materials[material.code].model_copy(
            update={
                "received": self.cell(row, "received").isChecked(),
                "originals": self.cell(row, "originals").value(),
                "copies": self.cell(row, "copies").value(),
                "pages": self.cell(row, "pages").value(),
                "defect": DefectReason(defect) if defect else None,
                "tolerated": tolerated,
                "commitment_due": dt.date(date.year(), date.month(), date.day())
                if tolerated else None,
                "licence_number": licence or None,
            })
        self._changed()

    # -- state, saving --------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or self.draft is None:
            return
        self.draft.applicant = self.applicant.entry()
        self.draft.agent = self.agent.entry() if self.agent_box.isChecked() else None
        self.draft.note = self.note.text()
        self._refresh_state()
        self.saved_label.setText(self.tr("Unsaved changes…"))
        self._save_timer.start()

    def _refresh_state(self) -> None:
        from workstation import intake

        draft = self.draft
        if draft is None:
            return
        today = dt.date.today()
        problems = intake.applicant_problems(draft, today)
        self.applicant.show_problems([p for p in problems if p.party == "applicant"])
        self.agent.show_problems([p for p in problems if p.party == "agent"])
        texts = {"paper": self.tr("✓ received"), "licence": self.tr("✓ electronic licence"),
                 "tolerated": self.tr("✓ 容缺 committed")}
        gaps = {g.material.code: g.shortfall.value for g in intake.gaps(draft)}
        gap_texts = {"missing": self.tr("missing"), "defective": self.tr("defective"),
                     "commitment_undated": self.tr("needs a date")}
        for row, (material, _) in enumerate(self.rows):
            entry = draft.materials[material.code]
            how = intake.satisfied_by(material, entry)
            label = self.cell(row, "state")
            if how is not None:
                label.setText(texts[how])
                label.setStyleSheet("color: #1e7d32;")
            elif material.code in gaps:
                label.setText(gap_texts[gaps[material.code]])
                label.setStyleSheet("color: #b3261e;")
            else:
                label.setText(self.tr("optional"))
                label.setStyleSheet("")

    def save_now(self) -> None:
        """Save the draft at once (also called before switching or deciding)."""
        self._save_timer.stop()
        ws, draft = self.ws, self.draft
        if ws is None or draft is None:
            return
        snapshot = draft.model_copy(deep=True)

        def saved(_: object) -> None:
            self._known_drafts[snapshot.id] = snapshot
            self._fill_drafts(list(self._known_drafts.values()))
            self.saved_label.setText(self.tr("Draft saved %1").replace(
                "%1", dt.datetime.now().strftime("%H:%M:%S")))
            self.draft_saved.emit(snapshot.id)

        self.ops.run(lambda: ws.save_draft(snapshot), saved,
                     lambda error: self.saved_label.setText(describe(error)))

    def discard(self) -> None:
        ws, draft = self.ws, self.draft
        if ws is None or draft is None:
            return
        self._save_timer.stop()
        self._known_drafts.pop(draft.id, None)
        self.ops.run(lambda: ws.discard_draft(draft.id), lambda _: self.reload_drafts())
        self._show_draft(None)

    # -- licences -------------------------------------------------------------------------

    def look_up_licences(self) -> None:
        ws, draft = self.ws, self.draft
        if ws is None or draft is None:
            return
        entry = draft.applicant
        self.licence_status.setText(self.tr("Asking the server…"))

        def found(licences: list[Licence]) -> None:
            self.licences = licences
            self._fill_licence_choices()
            valid = [lic for lic in licences if lic.status.value == "valid"]
            self.licence_status.setText(self.tr("%1 valid electronic licences found.").replace(
                "%1", str(len(valid))))
            self.licences_loaded.emit(len(valid))

        def failed(error: BaseException) -> None:
            if getattr(error, "code", "") in ("api.unreachable", "api.tls"):
                self.licence_status.setText(self.tr(
                    "Offline: electronic licences cannot be checked now. Take the paper "
                    "documents."))
            else:
                self.licence_status.setText(describe(error))
            self.licences_loaded.emit(-1)

        self.ops.run(lambda: ws.licences(entry.id_type, entry.id_number), found, failed)

    def _fill_licence_choices(self) -> None:
        if self.draft is None:
            return
        for row, (material, _) in enumerate(self.rows):
            if not material.licence_type:
                continue
            combo = self.cell(row, "licence")
            current = combo.currentData()
            with QSignalBlocker(combo):
                combo.clear()
                combo.addItem("—", "")
                for lic in self.licences:
                    if lic.licence_type == material.licence_type and lic.status.value == "valid":
                        combo.addItem(f"{lic.licence_type} {lic.number}", lic.number)
                if current and combo.findData(current) < 0:
                    combo.addItem(current, current)
                combo.setCurrentIndex(max(0, combo.findData(current)))

    # -- outcomes -------------------------------------------------------------------------

    def refuse(self) -> None:
        if self.draft is None:
            return
        dialog = RefusalDialog(self.draft.refusal_reason, self.draft.refusal_basis, self)
        self.refusal_dialog = dialog

        def done(result: int) -> None:
            if result != QDialog.DialogCode.Accepted or self.draft is None:
                return
            self.draft.refusal_reason = dialog.reason.toPlainText()
            self.draft.refusal_basis = dialog.basis.text()
            self._changed()
            self.decide_as("refused")

        dialog.finished.connect(done)
        dialog.open()

    def decide_as(self, outcome_value: str) -> None:
        from server.contract.cases import CaseStatus
        from workstation import intake

        ws, draft = self.ws, self.draft
        if ws is None or draft is None or self._deciding:
            return  # a second Ctrl+Enter while the first is being recorded does nothing
        outcome: CaseStatus = CaseStatus(outcome_value)
        blocked = intake.blockers(draft, outcome, dt.date.today())
        if blocked:
            self._show_blockers([b.value for b in blocked])
            return
        self._save_timer.stop()
        snapshot = draft.model_copy(deep=True)
        self._deciding = True

        def recorded(case: CaseSubmission) -> None:
            self._deciding = False
            self._known_drafts.pop(snapshot.id, None)
            self._show_draft(None)
            self.reload_drafts()
            self.decided.emit(case)
            self.document_dialog = CaseDocumentDialog(self.ops, ws, case, parent=self)
            self.document_dialog.open()

        def failed(error: BaseException) -> None:
            self._deciding = False
            blockers = getattr(error, "blockers", None)
            if blockers:
                self._show_blockers(list(blockers))
            else:
                self._say(describe(error))

        self.ops.run(lambda: ws.decide(snapshot, outcome), recorded, failed)

    def _show_blockers(self, codes: list[str]) -> None:
        from workstation import intake

        lines = []
        for code in codes:
            lines.append(blocker_text(code))
            if code == "materials" and self.draft is not None:
                lines += [f"　· {g.material.name}" for g in intake.gaps(self.draft)]
        self._say("\n".join(lines))
        self.blocked.emit(codes)

    def _say(self, text: str) -> None:
        self.message.setText(text)

