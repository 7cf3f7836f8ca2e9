"""Handing an issued certificate over: in person or by post, and its receipt.

In person, the recipient's identity is checked on the card reader where there is one:
the ID card put on the reader while the dialog is open fills the recipient's name and
records the check (an expired card is refused as proof; someone other than the applicant
is pointed out, since they collect for them). Without a reader, the clerk ticks that they
compared the ID card by eye. The recipient then signs on the customer-facing screen
(ui.signature_pad, kept sealed with the hand-over) or on a paper receipt printed here
first; the customer screen names the certificate and its holder, and the dialog comes
back to the front once they signed. By post, the addressee and the tracking number are
recorded.

`ReceiptDialog` shows a receipt (before the hand-over, to be signed on paper; or of a
recorded hand-over, printed again) with the usual print bar.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ui.certificate_dialogs import _button, _message, _shortcut, describe_desk
from ui.document_dialog import DocumentDialog
from ui.ops import Operations
from ui.signature_pad import SignatureWindow
from workstation.privacy import mask_document_number, mask_name

if TYPE_CHECKING:
    from devices.cards.identity import Identity
    from workstation.certificates import CertificateDesk, DeskCertificate, HandoverDetails

# The spooler's title of a receipt (the job list is visible to anyone).
RECEIPT_TITLE = "证照领取回执"
SIGNATURE_PREVIEW_HEIGHT = 48

#: The printer offered first, and how the clerk's choice is remembered (None: not).
PrinterChoice = tuple[str, Callable[[str], None] | None]
NO_CHOICE: PrinterChoice = ("", None)


class ReceiptDialog(DocumentDialog):
    """A hand-over receipt, shown and printed. `build` makes its PDF (operations thread)."""

    def __init__(self, ops: Operations, build: Callable[[], bytes], *, explanation: str,
                 printer: PrinterChoice = NO_CHOICE, parent: QWidget | None = None) -> None:
        super().__init__(ops, document_name=lambda: RECEIPT_TITLE, preferred_printer=printer[0],
                         remember_printer=printer[1], parent=parent)
        self.setObjectName("receiptDialog")
        self.setWindowTitle(self.tr("Hand-over receipt"))
        choices = QWidget(self)
        text = QLabel(explanation, choices)
        text.setObjectName("receiptExplanation")
        text.setWordWrap(True)
        layout = QVBoxLayout(choices)
        layout.addWidget(text)
        layout.addStretch(1)
        self.assemble(choices)
        self.render_async(build)


class HandoverDialog(QDialog):
    """The issued certificate leaves the desk: to its applicant (or someone for them) in
    person, or by post."""

    handed_over = Signal()

    def __init__(self, ops: Operations, desk: CertificateDesk, certificate: DeskCertificate,
                 serial: str = "", *, card_reader: bool = False,
                 printer: PrinterChoice = NO_CHOICE,
                 today: Callable[[], dt.date] = dt.date.today,
                 certificate_name: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("handoverDialog")
        # The certificate's name (its template's: 营业执照（正本）), for the customer screen.
        self.certificate_name = certificate_name or certificate.certificate.item_name
        self.ops = ops
        self.desk = desk
        self.certificate = certificate
        self.today = today
        self.printer = printer
        self._busy = False
        # What the card reader gave: (name, document number); cleared when the name typed
        # no longer is the card's.
        self._card: tuple[str, str] | None = None
        self._signature: bytes | None = None
        self._signature_window: SignatureWindow | None = None
        self._printed_for: tuple[object, ...] | None = None  # the paper receipt's details
        self._receipt_dialog: ReceiptDialog | None = None
        body = certificate.certificate
        self.setWindowTitle(self.tr("Hand over %1").replace("%1", body.case_number))
        self.header = header = QLabel("\n".join([
            self.tr("Case %1").replace("%1", body.case_number), body.item_name,
            self.tr("Applicant: %1 (%2)").replace("%1", certificate.applicant_masked)
            .replace("%2", certificate.id_number_masked)]
            + ([self.tr("Sheet %1").replace("%1", serial)] if serial else [])), self)
        header.setWordWrap(True)
        self.in_person = QRadioButton(self.tr("In &person"), self)
        self.in_person.setObjectName("handoverInPerson")
        self.by_post = QRadioButton(self.tr("By p&ost"), self)
        self.by_post.setObjectName("handoverByPost")
        methods = QButtonGroup(self)
        methods.addButton(self.in_person)
        methods.addButton(self.by_post)
        self.in_person.setChecked(True)
        self.recipient = QLineEdit(self)
        self.recipient.setObjectName("handoverRecipient")
        self.recipient_label = QLabel(self)  # who collects it, or whom it is posted to
        self.recipient_label.setBuddy(self.recipient)

        self.identity_state = QLabel(self)
        self.identity_state.setObjectName("handoverIdentityState")
        self.identity_state.setWordWrap(True)
        self.card_reader = card_reader
        self.by_eye = QCheckBox(self.tr("I compared the recipient's &ID card with them (no "
                                        "reader, or the card cannot be read)"), self)
        self.by_eye.setObjectName("handoverByEye")
        self.signature = QRadioButton(self.tr("Signs on the customer &screen"), self)
        self.signature.setObjectName("handoverSignature")
        self.sign_button = _button(self.tr("Open the si&gnature screen (Ctrl+G)"), self,
                                   "handoverSign")
        self.signature_state = QLabel(self)
        self.signature_state.setObjectName("handoverSignatureState")
        self.signature_preview = QLabel(self)
        self.signature_preview.setObjectName("handoverSignaturePreview")
        self.paper = QRadioButton(self.tr("Signs a p&aper receipt"), self)
        self.paper.setObjectName("handoverPaper")
        self.print_button = _button(self.tr("Print the re&ceipt… (Ctrl+P)"), self,
                                    "handoverPrintReceipt")
        self.paper_state = QLabel(self)
        self.paper_state.setObjectName("handoverPaperState")
        receipts = QButtonGroup(self)
        receipts.addButton(self.signature)
        receipts.addButton(self.paper)
        # A counter with a screen turned to the applicant signs there; else on paper.
        (self.signature if SignatureWindow.customer_screen_index() is not None
         else self.paper).setChecked(True)
        self.tracking = QLineEdit(self)
        self.tracking.setObjectName("handoverTracking")
        self.tracking.setPlaceholderText(self.tr("e.g. 1180212345678"))
        self.message = _message(self, "handoverMessage")
        self.record_button = _button(self.tr("Recor&d the hand-over (Ctrl+Return)"), self,
                                     "handoverRecord")
        cancel = _button(self.tr("Cancel (Esc)"), self)

        method_row = QHBoxLayout()
        method_row.addWidget(self.in_person)
        method_row.addWidget(self.by_post)
        method_row.addStretch(1)
        self.person_box = QGroupBox(self.tr("In person"), self)
        person = QVBoxLayout(self.person_box)
        person.addWidget(self.identity_state)
        person.addWidget(self.by_eye)
        sign_row = QHBoxLayout()
        sign_row.addWidget(self.signature)
        sign_row.addWidget(self.sign_button)
        sign_row.addWidget(self.signature_state, 1)
        sign_row.addWidget(self.signature_preview)
        paper_row = QHBoxLayout()
        paper_row.addWidget(self.paper)
        paper_row.addWidget(self.print_button)
        paper_row.addWidget(self.paper_state, 1)
        person.addLayout(sign_row)
        person.addLayout(paper_row)
        self.post_box = QGroupBox(self.tr("By post"), self)
        post = QFormLayout(self.post_box)
        post.addRow(self.tr("&Tracking number"), self.tracking)
        form = QFormLayout()
        form.addRow(self.recipient_label, self.recipient)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.record_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(header)
        layout.addLayout(method_row)
        layout.addLayout(form)
        layout.addWidget(self.person_box)
        layout.addWidget(self.post_box)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

        self.by_post.toggled.connect(self._update)
        self.signature.toggled.connect(self._update)
        self.by_eye.toggled.connect(self._update)
        self.recipient.textChanged.connect(self._recipient_edited)
        self.sign_button.clicked.connect(self.open_signature)
        self.print_button.clicked.connect(self.print_receipt)
        self.record_button.clicked.connect(self.record)
        cancel.clicked.connect(self.reject)
        self.recipient.returnPressed.connect(self.record)
        self.tracking.returnPressed.connect(self.record)
        _shortcut(self, ["Ctrl+Return", "Ctrl+Enter"], self.record)
        _shortcut(self, ["Ctrl+G"], self.open_signature)
        _shortcut(self, ["Ctrl+P"], self.print_receipt)
        self._update()
        self.recipient.setFocus()

    # -- state ----------------------------------------------------------------------------

    def _update(self, _: bool = False) -> None:
        post = self.by_post.isChecked()
        self.person_box.setVisible(not post)
        self.post_box.setVisible(post)
        self.recipient_label.setText(self.tr("Add&ressee") if post else self.tr("&Recipient"))
        self.recipient.setPlaceholderText(
            self.tr("Whom the certificate is posted to") if post
            else self.tr("The applicant, or who collects for them"))
        signature = self.signature.isChecked()
        self.sign_button.setEnabled(signature)
        self.print_button.setEnabled(not signature)
        if self._card is not None:
            self.identity_state.setText(self.tr("Identity checked on the card reader: %1 "
                                                "(%2).").replace(
                "%1", mask_name(self._card[0])).replace("%2", mask_document_number(
                    self._card[1])) + self._agent_note())
        elif self.card_reader:
            self.identity_state.setText(self.tr("Put the recipient's ID card on the reader "
                                                "to check their identity."))
        else:
            self.identity_state.setText(self.tr("No card reader: compare the recipient's ID "
                                                "card with them."))
        self.by_eye.setEnabled(self._card is None)
        if self._signature is None:
            self.signature_state.setText(self.tr("Not signed yet."))
            self.signature_preview.clear()
        else:
            self.signature_state.setText(self.tr("Signed."))
        self.paper_state.setText(self.tr("Printed: hand it over to sign.")
                                 if self._paper_printed() else self.tr("Not printed yet."))

    def _agent_note(self) -> str:
        """Someone other than the applicant collects (the clerk checks their authority),
        or the applicant shows another document than the one the case names."""
        if self._card is None:
            return ""
        applicant = self.certificate.certificate.applicant
        name, number = self._card
        if number == applicant.id_number.strip().upper():
            return ""
        if name == applicant.name.strip():
            return " " + self.tr("The document read is not the one the case names; check "
                                 "that it is the applicant's.")
        return " " + self.tr("This is not the applicant: check that they may collect for "
                             "them (e.g. a power of attorney).")

    def _recipient_edited(self, text: str) -> None:
        if self._card is not None and text.strip() != self._card[0]:
            self._card = None  # the name typed is someone else's than the card read
        self._update()

    def identity(self) -> tuple[str | None, str | None]:
        """(IdentityCheck value, document number) as the dialog stands."""
        if self._card is not None:
            return "card_reader", self._card[1]
        if self.by_eye.isChecked():
            return "by_eye", None
        return None, None

    def identity_read(self, identity: Identity) -> None:
        """A card was read on the reader while the dialog is open: the recipient's."""
        if self.by_post.isChecked():
            return
        if identity.expired(self.today()):
            until = identity.valid_until
            self.message.setText(self.tr("This ID card expired on %1: it does not prove "
                                         "identity. Ask for a valid document.").replace(
                "%1", "" if until is None else until.isoformat()))
            return
        self._card = (identity.name.strip(), identity.id_number.strip().upper())
        self.recipient.setText(identity.name.strip())  # _recipient_edited keeps the card
        self.by_eye.setChecked(False)
        self.message.clear()
        self._update()

    def details(self) -> HandoverDetails:
        from server.contract import HandoverMethod, IdentityCheck, ReceiptKind
        from workstation.certificates import HandoverDetails

        if self.by_post.isChecked():
            return HandoverDetails(HandoverMethod.POST, self.recipient.text().strip(),
                                   tracking_number=self.tracking.text().strip() or None)
        check, number = self.identity()
        signature = self.signature.isChecked()
        return HandoverDetails(
            HandoverMethod.IN_PERSON, self.recipient.text().strip(),
            identity=None if check is None else IdentityCheck(check),
            recipient_id_number=number,
            receipt=ReceiptKind.SIGNATURE if signature else ReceiptKind.PAPER,
            signature_png=self._signature if signature else None)

    def _paper_key(self) -> tuple[object, ...]:
        return (self.recipient.text().strip(), *self.identity())

    def _paper_printed(self) -> bool:
        return self._printed_for is not None and self._printed_for == self._paper_key()

    # -- signature and paper ------------------------------------------------------------------

    def open_signature(self) -> None:
        """The customer screen asks the recipient to sign (Ctrl+G)."""
        if self.by_post.isChecked() or not self.signature.isChecked():
            return
        if self._signature_window is not None:
            self._signature_window.activateWindow()
            return
        from workstation.certificates import holder_of

        holder = holder_of(self.certificate.certificate)
        window = SignatureWindow(self.tr("%1 of %2").replace("%1", self.certificate_name)
                                 .replace("%2", holder))
        self._signature_window = window

        def signed(png: bytes) -> None:
            self._signature = png
            picture = QPixmap()
            if picture.loadFromData(png, "PNG"):
                self.signature_preview.setPixmap(picture.scaledToHeight(
                    SIGNATURE_PREVIEW_HEIGHT))
            self.message.clear()  # "signs on the customer screen" is over
            self._update()
            # Back to the clerk's side once the pad's window has closed.
            QTimer.singleShot(0, self._back_from_signature)

        def cancelled() -> None:
            self.message.setText(self.tr("The signature screen was closed without a "
                                         "signature."))
            gone()

        def gone() -> None:
            self._signature_window = None
            window.deleteLater()

        window.signed.connect(signed)
        window.signed.connect(lambda _: gone())
        window.cancelled.connect(cancelled)
        window.open()
        self.message.setText(self.tr("The recipient signs on the customer screen."))

    def _back_from_signature(self) -> None:
        if self.isVisible():
            self.activateWindow()

    def print_receipt(self) -> None:
        """The receipt for the recipient to sign with a pen (Ctrl+P)."""
        if self.by_post.isChecked() or not self.paper.isChecked():
            return
        desk, cert, details, key = self.desk, self.certificate, self.details(), self._paper_key()
        if not details.recipient_name:
            from workstation.certificates import HandoverError

            self.message.setText(describe_desk(HandoverError("certificates.handover.recipient")))
            self.recipient.setFocus()
            return
        dialog = ReceiptDialog(
            self.ops, lambda: desk.receipt_pdf(cert, details), printer=self.printer,
            explanation=self.tr("Print the receipt and let the recipient sign it; keep the "
                                "signed sheet with the desk's records."), parent=self)
        self._receipt_dialog = dialog

        def printed(_job: str, _printer: str) -> None:
            self._printed_for = key
            self._update()

        dialog.output.printed.connect(printed)
        dialog.finished.connect(lambda _: self._receipt_closed(dialog))
        dialog.open()

    def _receipt_closed(self, dialog: ReceiptDialog) -> None:
        if self._receipt_dialog is dialog:
            self._receipt_dialog = None
        dialog.deleteLater()

    # -- record ---------------------------------------------------------------------------------

    def record(self) -> None:
        """Send what was entered to the desk: its rules decide what is missing; the
        dialog asks for the paper receipt to be printed first."""
        if self._busy:
            return
        details = self.details()
        if (not self.by_post.isChecked() and self.paper.isChecked()
                and details.recipient_name and not self._paper_printed()):
            self.message.setText(self.tr("Print the receipt (Ctrl+P) and let the recipient "
                                         "sign it first."))
            return
        desk, cert = self.desk, self.certificate
        self._busy = True

        def done(_: None) -> None:
            self._busy = False
            self.handed_over.emit()
            self.accept()

        def failed(error: BaseException) -> None:
            self._busy = False
            self.message.setText(describe_desk(error))
            code = getattr(error, "code", "")
            if code == "certificates.handover.tracking_number":
                self.tracking.setFocus()
            elif code == "certificates.handover.recipient":
                self.recipient.setFocus()

        self.ops.run(lambda: desk.hand_over(cert, details), done, failed)

    def done(self, result: int) -> None:
        if self._signature_window is not None:
            self._signature_window.close()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._signature_window is not None:
            self._signature_window.close()
        super().closeEvent(event)
