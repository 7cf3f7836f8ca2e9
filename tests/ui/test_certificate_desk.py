"""The certificate desk in the real main window (sandbox server, the simulated printer that
writes PDFs), driven from the keyboard: shifts, issuing with the live checks, spoiled
sheets, reprints, hand-overs and the shift summary."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from server.contract import CertificateRecord
from server.seed.certificates import demo_certificates
from tests.system.services import require
from tests.ui.helpers import WindowFactory, admin, login, on_ops, ready, sync, type_text
from tests.ui.test_signature_pad import stroke
from tests.workstation.test_certificates import push
from ui.certificate_desk import CertificateDeskView
from ui.certificate_dialogs import (
    RefusalDialog,
    SheetDialog,
    ShiftSummaryDialog,
    StartShiftDialog,
    VoidDialog,
)
from ui.handover_dialog import HandoverDialog, ReceiptDialog
from ui.main_window import MainWindow
from ui.ops import Operations
from workstation.certificates import SerialRange, Sheet
from workstation.core import SANDBOX_PRINTER, Workstation
from workstation.paths import Mode, paths_for
from workstation.sandbox import SANDBOX_PREFIX_BASE
from workstation.secrets import FileVault

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
# The sandbox's demo certificates: their case numbers carry its prefix (PX).
DEMO = {c["case_number"]: c for c in demo_certificates(SANDBOX_PREFIX_BASE)}
LICENCE = "PX000920260302000101"  # business licence, prints without a problem
RARE = "PX000920260303000102"  # business licence for 陈𠀾: a fallback glyph
PERMIT = "PX000920260310000106"  # permit
OVERLONG = "PX000920260321000199"  # added in a test: a name no box holds
OTHER_LICENCE = "PX000920260305000103"  # another business licence
LICENCE_STOCK, PERMIT_STOCK = "business_licence_a3", "permit_a4_landscape"
LICENCE_PACK = {LICENCE_STOCK: ("SF2026000001", "SF2026000010")}  # a shift's sheets


# -- driving the desk -------------------------------------------------------------------------

def open_desk(qtbot: QtBot, window_factory: WindowFactory) -> tuple[MainWindow,
                                                                     CertificateDeskView]:
    window = ready(qtbot, window_factory)
    desk = window.desk
    assert window.tabs.isTabVisible(window.tabs.indexOf(desk))  # the demo clerk has the role
    with qtbot.waitSignal(desk.loaded, timeout=20000):
        qtbot.keyClick(window.kb.search, Qt.Key.Key_4, CTRL)
    assert window.tabs.currentWidget() is desk
    qtbot.waitUntil(desk.waiting.hasFocus)
    return window, desk


def dialog_of(qtbot: QtBot, desk: CertificateDeskView, widget: QWidget,
              key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
              ) -> Any:
    with qtbot.waitSignal(desk.dialog_opened, timeout=10000) as opened:
        qtbot.keyClick(widget, key, modifiers)
    dialog = opened.args[0]
    qtbot.waitUntil(dialog.isActiveWindow)  # its shortcuts and focus need it
    return dialog


def settle(qtbot: QtBot, window: MainWindow) -> None:
    """The end of a test: nothing is left queued on the operations thread when the window
    closes (pytest-qt closes it before any fixture's teardown could wait). The sync stops
    as closing the window stops it, and what its last report asked for is done."""
    if window.bridge is not None:
        window.bridge.stop()
    qtbot.wait(100)  # a report emitted before the stop is delivered
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=20000)


def back_to(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def start_shift(qtbot: QtBot, window: MainWindow, desk: CertificateDeskView,
                ranges: dict[str, tuple[str, str]]) -> None:
    dialog = dialog_of(qtbot, desk, desk.waiting, Qt.Key.Key_S, CTRL | SHIFT)
    assert isinstance(dialog, StartShiftDialog)
    for code, (first, last) in ranges.items():
        a, b = dialog.rows[code][0]
        a.setFocus()
        qtbot.keyClicks(a, first)
        qtbot.keyClick(a, Qt.Key.Key_Return)  # a scanner ends the serial with Enter
        assert b.hasFocus()
        qtbot.keyClicks(b, last)
    with qtbot.waitSignal(dialog.started, timeout=10000):
        qtbot.keyClick(dialog.start_button, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: desk.snapshot is not None and desk.snapshot.shift is not None,
                    timeout=10000)
    back_to(qtbot, window)


def select_waiting(qtbot: QtBot, desk: CertificateDeskView, case_number: str) -> None:
    assert desk.snapshot is not None
    numbers = [c.certificate.case_number for c in desk.snapshot.pending]
    desk.waiting.selectRow(numbers.index(case_number))
    desk.waiting.setFocus()
    assert desk.current_waiting() is not None


def select_issued(qtbot: QtBot, desk: CertificateDeskView, case_number: str) -> None:
    qtbot.waitUntil(lambda: desk.snapshot is not None and case_number in [
        c.certificate.case_number for c, _ in desk.snapshot.issued], timeout=10000)
    assert desk.snapshot is not None
    numbers = [c.certificate.case_number for c, _ in desk.snapshot.issued]
    desk.issued.selectRow(numbers.index(case_number))
    desk.issued.setFocus()


def sheet_dialog(qtbot: QtBot, desk: CertificateDeskView, *, reprint: bool = False,
                 printer: str = SANDBOX_PRINTER) -> SheetDialog:
    """The issue (Enter on the waiting list) or reprint (Ctrl+R) dialog, ready: printers
    listed, serial prefilled and checked, preview shown."""
    if reprint:
        dialog = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_R, CTRL)
    else:
        dialog = dialog_of(qtbot, desk, desk.waiting, Qt.Key.Key_Return)
    assert isinstance(dialog, SheetDialog) and dialog.reprint is reprint
    qtbot.waitUntil(lambda: dialog.printer.isEnabled(), timeout=15000)
    qtbot.waitUntil(lambda: dialog.layout_result is not None, timeout=15000)
    qtbot.waitUntil(lambda: dialog._current_checked() is not None, timeout=10000)
    choice = dialog.printer.findData(printer)
    assert choice >= 0
    dialog.printer.setCurrentIndex(choice)
    qtbot.waitUntil(lambda: dialog.layout_result is not None, timeout=15000)
    return dialog


def print_and_answer(qtbot: QtBot, dialog: SheetDialog) -> None:
    """Enter in the serial prints; the dialog then asks about the sheet."""
    qtbot.waitUntil(dialog.print_button.isEnabled, timeout=10000)
    with qtbot.waitSignal(dialog.printed, timeout=20000):
        qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert dialog.step == dialog.CONFIRM
    qtbot.waitUntil(dialog.yes_button.hasFocus)


def confirm(qtbot: QtBot, dialog: SheetDialog) -> Sheet:
    with qtbot.waitSignal(dialog.recorded, timeout=10000) as recorded:
        qtbot.keyClick(dialog.yes_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    sheet = recorded.args[0]
    assert isinstance(sheet, Sheet)
    return sheet


def issue(qtbot: QtBot, window: MainWindow, desk: CertificateDeskView, case_number: str
          ) -> Sheet:
    select_waiting(qtbot, desk, case_number)
    dialog = sheet_dialog(qtbot, desk)
    print_and_answer(qtbot, dialog)
    sheet = confirm(qtbot, dialog)
    back_to(qtbot, window)
    return sheet


def licence_issued(qtbot: QtBot, window_factory: WindowFactory
                   ) -> tuple[MainWindow, CertificateDeskView]:
    """The desk with a shift of ten licence sheets open and the demo licence issued on
    the first of them."""
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, LICENCE_PACK)
    issue(qtbot, window, desk, LICENCE)
    return window, desk


def sheets_of(qtbot: QtBot, window: MainWindow, desk: CertificateDeskView,
              case_number: str) -> list[Sheet]:
    core = desk.desk
    assert core is not None
    cert_id = DEMO[case_number]["certificate_id"]
    return on_ops(qtbot, window, lambda: core.sheets(cert_id))


def printed_files(window: MainWindow) -> list[Path]:
    assert window.ws is not None
    folder = window.ws.printed_folder
    return sorted(folder.glob("*.pdf")) if folder.is_dir() else []


def pdf_text(pdf: bytes | Path, tmp_path: Path) -> str:
    require(bool(shutil.which("pdftotext")), "poppler-utils is not installed")
    path = pdf if isinstance(pdf, Path) else tmp_path / "document.pdf"
    if isinstance(pdf, bytes):
        path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def counts(desk: CertificateDeskView, stock_type: str) -> tuple[int, int, int, int]:
    assert desk.snapshot is not None
    count = next(c for c in desk.snapshot.counts if c.stock_type.code == stock_type)
    return count.loaded, count.issued, count.voided, count.remaining


# -- the tests ------------------------------------------------------------------------------------

def test_issue_a_certificate_end_to_end(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    assert desk.waiting.rowCount() == len(DEMO)
    shown = {desk.waiting.item(r, 0).text(): desk.waiting.item(r, 3).text()
             for r in range(desk.waiting.rowCount())}
    assert shown[LICENCE] != "周明远" and shown[LICENCE].startswith("周")  # masked
    id_number = DEMO[LICENCE]["applicant"]["id_number"]
    assert all(id_number not in desk.waiting.item(r, 4).text()
               for r in range(desk.waiting.rowCount()))
    # Issuing needs a shift: it records the stock taken over.
    select_waiting(qtbot, desk, LICENCE)
    qtbot.keyClick(desk.waiting, Qt.Key.Key_Return)
    assert "Start your shift" in desk.message.text() and desk.dialog is None
    assert desk.start_shift_button.isVisible() and not desk.end_shift_button.isVisible()
    start_shift(qtbot, window, desk, {LICENCE_STOCK: ("sf2026000001", "SF2026000010")})
    assert desk.end_shift_button.isVisible()
    assert counts(desk, LICENCE_STOCK) == (10, 0, 0, 10)
    assert "王晓梅" in desk.shift_state.text()

    select_waiting(qtbot, desk, LICENCE)
    dialog = sheet_dialog(qtbot, desk)
    assert LICENCE in dialog.windowTitle()
    # The serial is the lowest one left in the shift, selected: a scanner types over it.
    assert dialog.serial.text() == "SF2026000001"
    assert dialog.serial.selectedText() == "SF2026000001" and dialog.serial.hasFocus()
    assert [dialog.stock.itemData(i) for i in range(dialog.stock.count())] == [LICENCE_STOCK]
    assert dialog.problems == [] and dialog.layout_label.text() == ""
    assert dialog.preview.page_count() == 1
    print_and_answer(qtbot, dialog)
    # A printed sheet must be answered for: Esc does not close the dialog.
    qtbot.keyClick(dialog.yes_button, Qt.Key.Key_Escape)
    assert dialog.isVisible() and "did the sheet come out right" in dialog.message.text()
    (written,) = printed_files(window)
    text = pdf_text(written, tmp_path)
    assert DEMO[LICENCE]["fields"]["统一社会信用代码"] in text
    assert all(c in text for c in "培训专用无效")  # sandbox: the training mark
    sheet = confirm(qtbot, dialog)
    assert (sheet.serial, sheet.state, sheet.printer) == ("SF2026000001", "issued",
                                                          SANDBOX_PRINTER)
    assert desk.message.text() == f"Case {LICENCE} issued on sheet SF2026000001."
    (recorded,) = sheets_of(qtbot, window, desk, LICENCE)
    assert recorded.serial == "SF2026000001" and recorded.clerk == "demo"
    qtbot.waitUntil(lambda: LICENCE not in [c.certificate.case_number
                                            for c in desk.snapshot.pending], timeout=10000)
    assert counts(desk, LICENCE_STOCK) == (10, 1, 0, 9)
    select_issued(qtbot, desk, LICENCE)
    row = [desk.issued.item(desk.issued.currentRow(), c).text() for c in range(7)]
    assert row[3] == "SF2026000001" and row[5] == "Waiting for the applicant"
    assert row[6] == "waiting"  # to be sent

    # After a sync the server holds the issuance.
    sync(qtbot, window)
    with admin(window) as back_office:
        answer = back_office.get(f"/v1/admin/certificates/{DEMO[LICENCE]['certificate_id']}")
        answer.raise_for_status()
        held = CertificateRecord.model_validate_json(answer.content)
    assert [(i.serial, i.stock_type, i.printer) for i in held.issuances] == [
        ("SF2026000001", LICENCE_STOCK, SANDBOX_PRINTER)]
    assert not held.pending
    qtbot.waitUntil(lambda: desk.issued.item(0, 6).text() == "✓", timeout=10000)
    settle(qtbot, window)


def test_a_wrong_serial_format_names_the_expected_one_and_prints_nothing_until_scanned_right(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, {PERMIT_STOCK: ("XK-2026-000001", "XK-2026-000020")})
    select_waiting(qtbot, desk, PERMIT)
    dialog = sheet_dialog(qtbot, desk)
    assert dialog.serial.text() == "XK-2026-000001"
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        qtbot.keyClicks(dialog.serial, "XK2026-17")  # replaces the selected serial
    assert "Expected like: XK-2026-000123" in dialog.problem_label.text()
    assert not dialog.print_button.isEnabled()
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    qtbot.keyClick(dialog.serial, Qt.Key.Key_P, CTRL)
    assert dialog.step == dialog.PREPARE and printed_files(window) == []
    # A sheet outside the shift's stock is a warning the clerk confirms.
    dialog.serial.selectAll()
    with qtbot.waitSignal(dialog.checked, timeout=10000):
        qtbot.keyClicks(dialog.serial, "xk-2026-000500")
    assert "not in the stock loaded for the shift" in dialog.problem_label.text()
    assert dialog.confirm_outside.isVisible() and not dialog.print_button.isEnabled()
    dialog.confirm_outside.setChecked(True)
    assert dialog.print_button.isEnabled()
    assert printed_files(window) == [] and sheets_of(qtbot, window, desk, PERMIT) == []
    # A scanner types the right serial and Enter at once: it prints once the checks pass.
    dialog.serial.selectAll()
    with qtbot.waitSignal(dialog.printed, timeout=20000):
        qtbot.keyClicks(dialog.serial, "XK-2026-000003")
        qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert not dialog.confirm_outside.isVisible()
    assert len(printed_files(window)) == 1
    sheet = confirm(qtbot, dialog)
    assert sheet.serial == "XK-2026-000003"
    settle(qtbot, window)


def test_a_spoiled_sheet_is_voided_with_a_reason_and_the_next_one_offered(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, {PERMIT_STOCK: ("XK-2026-000001", "XK-2026-000020")})
    select_waiting(qtbot, desk, PERMIT)
    dialog = sheet_dialog(qtbot, desk)
    print_and_answer(qtbot, dialog)
    qtbot.keyClick(dialog.yes_button, Qt.Key.Key_D, CTRL)
    assert dialog.step == dialog.SPOILED and dialog.void_reason.hasFocus()
    qtbot.keyClick(dialog.void_reason, Qt.Key.Key_Return)  # no reason: refused
    assert dialog.step == dialog.SPOILED and "why" in dialog.message.text()
    type_text(qtbot, dialog.void_reason, "卡纸，套印错位")
    with qtbot.waitSignal(dialog.voided, timeout=10000):
        qtbot.keyClick(dialog.void_reason, Qt.Key.Key_Return)
    # The next sheet is offered: Enter prints again.
    assert dialog.step == dialog.PREPARE
    assert dialog.serial.text() == "XK-2026-000002"
    assert "XK-2026-000001 is voided" in dialog.message.text()
    print_and_answer(qtbot, dialog)
    confirm(qtbot, dialog)
    back_to(qtbot, window)
    spoiled, issued = sorted(sheets_of(qtbot, window, desk, PERMIT), key=lambda s: s.serial)
    assert (spoiled.serial, spoiled.state, spoiled.void_reason) == (
        "XK-2026-000001", "voided", "卡纸，套印错位")
    assert (issued.serial, issued.state) == ("XK-2026-000002", "issued")
    assert len(printed_files(window)) == 2
    qtbot.waitUntil(lambda: counts(desk, PERMIT_STOCK) == (20, 1, 1, 18), timeout=10000)
    settle(qtbot, window)


def test_a_spoiled_sheet_is_voided_from_the_desk(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, {PERMIT_STOCK: ("XK-2026-000001", "XK-2026-000020")})
    dialog = dialog_of(qtbot, desk, desk.waiting, Qt.Key.Key_D, CTRL)
    assert isinstance(dialog, VoidDialog)
    # The stock types by their names; the one whose format the serial has is chosen.
    names = [dialog.stock.itemText(i) for i in range(dialog.stock.count())]
    assert "许可证正本证书纸（A4 横向）" in names and not any("_" in n for n in names)
    assert dialog.stock_type != PERMIT_STOCK
    qtbot.keyClicks(dialog.serial, "xk-2026-000007")
    assert dialog.stock_type == PERMIT_STOCK and dialog.serial.hasFocus()
    dialog.serial.clear()
    qtbot.keyClicks(dialog.serial, "XK-2026-000007")
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert dialog.reason.hasFocus()
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.isVisible() and "why" in dialog.message.text()
    type_text(qtbot, dialog.reason, "纸张破损")
    with qtbot.waitSignal(dialog.voided, timeout=10000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert desk.message.text() == "Sheet XK-2026-000007 voided."
    qtbot.waitUntil(lambda: counts(desk, PERMIT_STOCK) == (20, 0, 1, 19), timeout=10000)
    # The same sheet cannot be voided (or used) again.
    back_to(qtbot, window)
    again = dialog_of(qtbot, desk, desk.waiting, Qt.Key.Key_D, CTRL)
    again.stock.setCurrentIndex(again.stock.findData(PERMIT_STOCK))
    qtbot.keyClicks(again.serial, "XK-2026-000007")
    type_text(qtbot, again.reason, "再次作废")
    qtbot.keyClick(again.reason, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "never used again" in again.message.text(), timeout=10000)
    assert again.isVisible()
    again.reject()
    settle(qtbot, window)


def test_a_reprint_needs_a_reason_and_voids_the_earlier_sheet(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = licence_issued(qtbot, window_factory)
    select_issued(qtbot, desk, LICENCE)
    dialog = sheet_dialog(qtbot, desk, reprint=True)
    assert dialog.serial.text() == "SF2026000002" and dialog.reason.isVisible()
    # The reason comes first: the serial offered is right for the sheet in the printer.
    assert dialog.reason.hasFocus()
    assert not dialog.print_button.isEnabled()
    assert "A reprint needs a reason." in dialog.blocking()
    # Print is not possible: the dialog says why, and Enter goes where it is missing.
    assert "A reprint needs a reason." in dialog.blocked_label.text()
    assert dialog.blocked_label.isVisible()
    dialog.serial.setFocus()
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert dialog.reason.hasFocus() and dialog.step == dialog.PREPARE
    type_text(qtbot, dialog.reason, "申请人领取前污损")
    assert dialog.blocked_label.text() == ""
    dialog.serial.setFocus()
    print_and_answer(qtbot, dialog)
    assert dialog.yes_button.text() == "&Yes, record the reprint (Enter)"
    sheet = confirm(qtbot, dialog)
    assert (sheet.serial, sheet.reprint_of, sheet.issue_reason) == (
        "SF2026000002", "SF2026000001", "申请人领取前污损")
    assert "reprinted on sheet SF2026000002" in desk.message.text()
    first, second = sorted(sheets_of(qtbot, window, desk, LICENCE), key=lambda s: s.serial)
    assert (first.state, second.state) == ("voided", "issued")
    qtbot.waitUntil(lambda: counts(desk, LICENCE_STOCK) == (10, 1, 1, 8), timeout=10000)
    # The waiting list's Enter does not issue it twice: it is no longer waiting.
    assert LICENCE not in [c.certificate.case_number for c in desk.snapshot.pending]
    settle(qtbot, window)


def test_a_hand_over_by_post_needs_the_tracking_number(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = licence_issued(qtbot, window_factory)
    select_issued(qtbot, desk, LICENCE)
    dialog = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_H, CTRL)
    assert isinstance(dialog, HandoverDialog) and dialog.recipient.hasFocus()
    assert "SF2026000001" in dialog.header.text()
    assert dialog.in_person.isChecked() and not dialog.tracking.isVisible()
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Backtab)
    assert dialog.by_post.hasFocus()
    qtbot.keyClick(dialog.by_post, Qt.Key.Key_Space)
    assert dialog.by_post.isChecked() and dialog.tracking.isVisible()
    dialog.recipient.setFocus()
    type_text(qtbot, dialog.recipient, "周明远")
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.message.text() == "Posting needs the tracking number.",
                    timeout=10000)
    assert dialog.isVisible() and dialog.tracking.hasFocus()
    qtbot.keyClicks(dialog.tracking, "1180212345678")
    with qtbot.waitSignal(dialog.handed_over, timeout=10000):
        qtbot.keyClick(dialog.tracking, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert desk.message.text() == f"Case {LICENCE} handed over."
    qtbot.waitUntil(lambda: desk.issued.item(0, 5).text().startswith("Handed over"),
                    timeout=10000)
    sync(qtbot, window)
    with admin(window) as back_office:
        answer = back_office.get(f"/v1/admin/certificates/{DEMO[LICENCE]['certificate_id']}")
        held = CertificateRecord.model_validate_json(answer.content)
    assert [(h.handover.method.value, h.handover.tracking_number) for h in held.handovers] == [
        ("post", "1180212345678")]
    settle(qtbot, window)


def put_card(qtbot: QtBot, window: MainWindow, label: str) -> None:
    """A demo card on the simulated reader (as the 设备 menu does); waits for its read."""
    readers = window.card_reader
    assert readers is not None and readers.simulated is not None
    simulated = readers.simulated
    index = next(i for i, c in enumerate(simulated.cards) if c.label == label)
    with qtbot.waitSignal(window.card_bridge.happened, timeout=10000,
                          check_params_cb=lambda e: type(e).__name__ == "IdentityRead"):
        simulated.insert(index)


def signed_handover(qtbot: QtBot, window: MainWindow, desk: CertificateDeskView
                    ) -> bytes:
    """In person: the recipient's card read, signed on the customer screen, recorded.
    Returns the signature."""
    select_issued(qtbot, desk, LICENCE)
    dialog = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_H, CTRL)
    assert isinstance(dialog, HandoverDialog) and dialog.in_person.isChecked()
    assert "Put the recipient's ID card on the reader" in dialog.identity_state.text()
    # An expired card proves nothing: said, and nothing filled in.
    put_card(qtbot, window, "居民身份证（已过期）")
    qtbot.waitUntil(lambda: "expired on 2025-09-01" in dialog.message.text())
    assert dialog.recipient.text() == "" and dialog.identity() == (None, None)
    # 林晓静 collects for the applicant 周明远: her card fills the name, masked on screen.
    put_card(qtbot, window, "居民身份证（有效）")
    qtbot.waitUntil(lambda: dialog.recipient.text() == "林晓静")
    state = dialog.identity_state.text()
    assert "110101********8523" in state and "110101199003078523" not in state
    assert "not the applicant" in state and not dialog.by_eye.isEnabled()
    assert dialog.identity() == ("card_reader", "110101199003078523")
    dialog.signature.setChecked(True)
    with qtbot.waitSignal(dialog.handed_over, timeout=10000, raising=False) as early:
        qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: "not signed on the customer screen" in dialog.message.text(),
                    timeout=10000)
    assert not early.signal_triggered
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_G, CTRL)
    pad_window = dialog._signature_window
    assert pad_window is not None and pad_window.isVisible()
    qtbot.waitUntil(pad_window.isActiveWindow)
    # The customer screen names the certificate and its holder; the pad has the focus.
    heading = pad_window.findChild(QLabel, "signatureHeading")
    assert heading is not None
    assert "营业执照（正本） of " + DEMO[LICENCE]["fields"]["名称"] in heading.text()
    assert pad_window.pad.hasFocus()
    assert "signs on the customer screen" in dialog.message.text()
    stroke(pad_window.pad, [(60, 80), (120, 40), (180, 100), (260, 50), (320, 90)])
    with qtbot.waitSignal(pad_window.signed, timeout=5000) as signed:
        qtbot.keyClick(pad_window, Qt.Key.Key_Return, CTRL)
    assert dialog.signature_state.text() == "Signed."
    assert dialog.signature_preview.pixmap() is not None
    assert dialog.message.text() == ""  # signed: nothing left to wait for
    qtbot.waitUntil(dialog.isActiveWindow)  # back to the clerk's side by itself
    with qtbot.waitSignal(dialog.handed_over, timeout=10000):
        qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    back_to(qtbot, window)
    png = signed.args[0]
    assert isinstance(png, bytes)
    return png


def test_a_hand_over_in_person_checks_the_card_and_keeps_the_signature(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = licence_issued(qtbot, window_factory)
    signature = signed_handover(qtbot, window, desk)
    assert desk.message.text() == f"Case {LICENCE} handed over."
    sync(qtbot, window)
    with admin(window) as back_office:
        answer = back_office.get(f"/v1/admin/certificates/{DEMO[LICENCE]['certificate_id']}")
        held = CertificateRecord.model_validate_json(answer.content)
    (handover,) = [h.handover for h in held.handovers]
    assert (handover.recipient_name, handover.identity_check, handover.recipient_id_number,
            handover.receipt, handover.signature_png) == (
        "林晓静", "card_reader", "110101199003078523", "signature", signature)
    # Ctrl+H on a certificate handed over shows its receipt, the signature printed in.
    select_issued(qtbot, desk, LICENCE)
    receipt = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_H, CTRL)
    assert isinstance(receipt, ReceiptDialog)
    qtbot.waitUntil(lambda: receipt.pdf is not None, timeout=15000)
    assert receipt.pdf is not None
    text = pdf_text(receipt.pdf, tmp_path)
    for wanted in ("证照领取回执", "林晓静", "110101********8523", "已通过身份证阅读器核验",
                   "签名已在窗口签名屏采集", "SF2026000001"):
        assert wanted in text, wanted
    assert "handed over on" in desk.message.text()
    receipt.reject()
    settle(qtbot, window)


def test_a_paper_receipt_is_printed_and_signed_before_the_hand_over(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = licence_issued(qtbot, window_factory)
    select_issued(qtbot, desk, LICENCE)
    dialog = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_H, CTRL)
    assert isinstance(dialog, HandoverDialog)
    dialog.paper.setChecked(True)
    type_text(qtbot, dialog.recipient, "周明远")
    dialog.by_eye.setFocus()
    qtbot.keyClick(dialog.by_eye, Qt.Key.Key_Space)
    assert dialog.identity() == ("by_eye", None)
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return, CTRL)
    assert dialog.message.text() == ("Print the receipt (Ctrl+P) and let the recipient sign "
                                     "it first.")
    qtbot.keyClick(dialog.recipient, Qt.Key.Key_P, CTRL)
    receipt = dialog._receipt_dialog
    assert isinstance(receipt, ReceiptDialog)
    qtbot.waitUntil(lambda: receipt.pdf is not None and receipt.output.printer.isEnabled(),
                    timeout=15000)
    output = receipt.output
    output.printer.setCurrentIndex(output.printer.findData(SANDBOX_PRINTER))
    before = printed_files(window)
    with qtbot.waitSignal(output.printed, timeout=20000):
        output.print_button.click()
    (new,) = set(printed_files(window)) - set(before)
    text = pdf_text(new, tmp_path)
    assert "证照领取回执" in text and "已人工核对身份证件" in text and "周明远" in text
    assert dialog.paper_state.text() == "Printed: hand it over to sign."
    receipt.reject()
    # Another name than the one printed needs the receipt printed again.
    type_text(qtbot, dialog.recipient, "周明远")
    assert dialog.paper_state.text() == "Not printed yet."
    dialog.recipient.setText("周明远")
    with qtbot.waitSignal(dialog.handed_over, timeout=10000):
        qtbot.keyClick(dialog.recipient, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, window)


def test_the_shift_summary_lists_the_issued_and_voided_serials(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = licence_issued(qtbot, window_factory)
    void = dialog_of(qtbot, desk, desk.waiting, Qt.Key.Key_D, CTRL)
    void.stock.setCurrentIndex(void.stock.findData(LICENCE_STOCK))
    qtbot.keyClicks(void.serial, "SF2026000002")
    type_text(qtbot, void.reason, "打印机卡纸")
    with qtbot.waitSignal(void.voided, timeout=10000):
        qtbot.keyClick(void.reason, Qt.Key.Key_Return)
    back_to(qtbot, window)
    qtbot.waitUntil(lambda: counts(desk, LICENCE_STOCK) == (10, 1, 1, 8), timeout=10000)

    with qtbot.waitSignal(desk.dialog_opened, timeout=10000) as opened:
        qtbot.keyClick(desk.waiting, Qt.Key.Key_E, CTRL | SHIFT)
    dialog = opened.args[0]
    assert isinstance(dialog, ShiftSummaryDialog)
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=20000)
    with qtbot.waitSignal(dialog.ended, timeout=10000):
        qtbot.keyClick(dialog.end_button, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: dialog.pdf is not None and dialog.summary is not None,
                    timeout=20000)
    assert dialog.output.print_button.isEnabled() or dialog.output.save_button.isEnabled()
    text = pdf_text(dialog.pdf, tmp_path)
    assert "SF2026000001" in text and LICENCE in text  # issued, with its case number
    assert "SF2026000002" in text and "打印机卡纸" in text  # voided, with the reason
    assert "SF2026000003" in text  # the remaining range starts there
    dialog.close()
    back_to(qtbot, window)
    qtbot.waitUntil(lambda: desk.snapshot is not None and desk.snapshot.shift is None,
                    timeout=10000)
    assert desk.start_shift_button.isVisible()
    # The next shift is offered what this one left.
    following = dialog_of(qtbot, desk, desk.waiting, Qt.Key.Key_S, CTRL | SHIFT)
    first, last = following.rows[LICENCE_STOCK][0]
    assert (first.text(), last.text()) == ("SF2026000003", "SF2026000010")
    following.reject()
    settle(qtbot, window)


def test_layout_problems_block_or_warn_before_printing(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, LICENCE_PACK)
    # The back office approves a licence whose name no box can hold; F5 pulls it in.
    overlong = {**DEMO[LICENCE], "certificate_id": str(uuid.uuid4()),
                "case_uuid": str(uuid.uuid4()), "case_number": OVERLONG,
                "fields": {**DEMO[LICENCE]["fields"], "名称": "示范区超长名称" * 100}}
    with admin(window) as back_office:
        back_office.post("/v1/admin/certificates",
                         json=json.loads(json.dumps([overlong], default=str))).raise_for_status()
    with qtbot.waitSignal(desk.loaded, timeout=20000) as loaded:
        qtbot.keyClick(desk.waiting, Qt.Key.Key_F5)
    assert loaded.args[0] == len(DEMO) + 1
    select_waiting(qtbot, desk, OVERLONG)
    dialog = sheet_dialog(qtbot, desk)
    assert "“名称” does not fit its box" in dialog.layout_label.text()
    assert "The certificate cannot be printed as it is." in dialog.blocking()
    assert not dialog.print_button.isEnabled()
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert dialog.step == dialog.PREPARE and printed_files(window) == []
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    back_to(qtbot, window)
    # A character only the fallback font has is a warning naming it.
    select_waiting(qtbot, desk, RARE)
    dialog = sheet_dialog(qtbot, desk)
    assert "𠀾 (U+2003E)" in dialog.layout_label.text()
    assert "fallback font" in dialog.layout_label.text()
    assert dialog.print_button.isEnabled()  # a warning: the clerk checks the preview
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    settle(qtbot, window)


def test_a_printer_that_fails_records_nothing(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    assert window.ws is not None
    start_shift(qtbot, window, desk, LICENCE_PACK)
    # The simulated printer cannot write its file (a file where its folder should be).
    window.ws.printed_folder.write_text("not a folder")
    select_waiting(qtbot, desk, LICENCE)
    dialog = sheet_dialog(qtbot, desk)
    with qtbot.waitSignal(dialog.print_failed, timeout=20000) as failed:
        qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert failed.args == ["printing.job_failed"]
    assert "Nothing was recorded." in dialog.message.text()
    assert dialog.step == dialog.PREPARE
    dialog.reject()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert sheets_of(qtbot, window, desk, LICENCE) == []
    assert LICENCE in [c.certificate.case_number for c in desk.snapshot.pending]
    settle(qtbot, window)


def test_search_filters_and_f5_refresh(qtbot: QtBot, window_factory: WindowFactory) -> None:
    window, desk = open_desk(qtbot, window_factory)
    # F5 on the desk refreshes it (not only the window's sync).
    with qtbot.waitSignal(desk.refreshed, timeout=10000):
        qtbot.keyClick(desk.waiting, Qt.Key.Key_F5)
    qtbot.keyClick(desk.waiting, Qt.Key.Key_F, CTRL)
    assert desk.search.hasFocus()
    with qtbot.waitSignal(desk.loaded, timeout=10000) as loaded:
        qtbot.keyClicks(desk.search, "0302000101")
    assert loaded.args[0] == 1 and desk.waiting.item(0, 0).text() == LICENCE
    # The ID number finds its certificates only when entered whole.
    id_number = DEMO[RARE]["applicant"]["id_number"]
    desk.search.clear()
    with qtbot.waitSignal(desk.loaded, timeout=10000) as loaded:
        qtbot.keyClicks(desk.search, id_number[:-2])
    assert loaded.args[0] == 0
    with qtbot.waitSignal(desk.loaded, timeout=10000) as loaded:
        qtbot.keyClicks(desk.search, id_number[-2:])
    assert loaded.args[0] == 2  # 陈𠀾's licence and permit
    with qtbot.waitSignal(desk.loaded, timeout=10000):
        desk.search.clear()
    # Item and department from the facets.
    permits = desk.item.findData(DEMO[PERMIT]["item_code"])
    assert permits > 0 and "（2）" in desk.item.itemText(permits)  # two food permits
    with qtbot.waitSignal(desk.loaded, timeout=10000) as loaded:
        desk.item.setCurrentIndex(permits)
    assert loaded.args[0] == 2
    with qtbot.waitSignal(desk.loaded, timeout=10000):
        desk.item.setCurrentIndex(0)
    health = desk.department.findData("示范区卫生健康局")
    with qtbot.waitSignal(desk.loaded, timeout=10000) as loaded:
        desk.department.setCurrentIndex(health)
    assert loaded.args[0] == 2
    with qtbot.waitSignal(desk.loaded, timeout=10000):
        desk.department.setCurrentIndex(0)
    # Approved from 18 March: the three newest.
    from PySide6.QtCore import QDate

    with qtbot.waitSignal(desk.loaded, timeout=10000) as loaded:
        desk.approved_from.setDate(QDate(2026, 3, 18))
    assert loaded.args[0] == 3
    with qtbot.waitSignal(desk.loaded, timeout=10000) as loaded:
        desk.approved_to.setDate(QDate(2026, 3, 19))
    assert loaded.args[0] == 2
    settle(qtbot, window)


def colleague_issues(window: MainWindow, tmp_path: Path, case_number: str,
                     serial: str) -> None:
    """Another desk (its own workstation, the same server) issues a certificate."""
    assert window.ws is not None and window.ws.embedded is not None
    other = Workstation(paths_for(Mode.PRODUCTION, tmp_path / "other"),
                        server_url=window.ws.embedded.url,
                        vault=FileVault(tmp_path / "other-vault.json"))
    try:
        other.login("desk", "desk1234")
        colleague = other.certificate_desk()
        colleague.refresh()
        colleague.start_shift({LICENCE_STOCK: [SerialRange("SF2026000001", "SF2026000009")]})
        colleague.record_issue(str(DEMO[case_number]["certificate_id"]),
                               LICENCE_STOCK, serial, "desk-2-laser")
        assert push(other).pushed == 1
    finally:
        other.close()


def refused_dialog(qtbot: QtBot, window: MainWindow, desk: CertificateDeskView
                   ) -> RefusalDialog:
    """This desk, not knowing yet, issues the demo licence on SF2026000001 and syncs; the
    server refuses the issuance; Ctrl+Shift+F opens the remedy."""
    start_shift(qtbot, window, desk, LICENCE_PACK)
    issue(qtbot, window, desk, LICENCE)
    sync(qtbot, window)
    qtbot.waitUntil(desk.refusal_label.isVisible, timeout=10000)
    assert desk.resolve_button.isVisible()
    desk.issued.setFocus()
    dialog = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_F, CTRL | SHIFT)
    assert isinstance(dialog, RefusalDialog)
    return dialog


def server_sheet(window: MainWindow, serial: str) -> dict[str, Any]:
    with admin(window) as back_office:
        answer = back_office.get(f"/v1/admin/stock/{LICENCE_STOCK}/{serial}")
        answer.raise_for_status()
        return dict(answer.json())


def test_a_serial_another_desk_used_is_refused_and_corrected_from_the_sheet(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    colleague_issues(window, tmp_path, OTHER_LICENCE, "SF2026000001")  # the same sheet
    dialog = refused_dialog(qtbot, window, desk)
    text = desk.refusal_label.text()
    assert "The server refused sheet SF2026000001: another desk (统一出证窗口)" in text
    assert "typed wrong" in dialog.explanation.text() and dialog.serial.hasFocus()
    qtbot.keyClicks(dialog.serial, "SF20260002")  # a digit short
    qtbot.keyClick(dialog.serial, Qt.Key.Key_Return)
    assert dialog.reason.hasFocus() and dialog.reason.text() == "Serial typed wrong"
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: dialog.message.text() == (
        "The serial does not have this stock's format. Expected like: SF2026000001"),
        timeout=10000)
    assert dialog.isVisible() and dialog.serial.hasFocus()  # the expected format is named
    dialog.serial.clear()
    qtbot.keyClicks(dialog.serial, "SF2026000002")
    with qtbot.waitSignal(dialog.resolved, timeout=10000):
        qtbot.keyClick(dialog.serial, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert desk.message.text() == ("Sheet SF2026000001 corrected to SF2026000002; it is sent "
                                   "again.")
    # The serial the other desk used is not this desk's: not left, not offered next.
    qtbot.waitUntil(lambda: counts(desk, LICENCE_STOCK) == (10, 1, 0, 8), timeout=10000)
    row = [desk.counts.item(0, c).text() for c in range(desk.counts.columnCount())]
    assert row[5] == "SF2026000003–SF2026000010"
    assert "SF2026000001" in desk.counts.item(0, 5).toolTip()
    sync(qtbot, window)
    qtbot.waitUntil(lambda: not desk.refusal_label.isVisible(), timeout=10000)
    assert not desk.resolve_button.isVisible()
    held = server_sheet(window, "SF2026000002")
    assert (held["state"], held["certificate_id"]) == (
        "issued", str(DEMO[LICENCE]["certificate_id"]))
    settle(qtbot, window)


def test_a_certificate_another_desk_issued_first_is_given_up_from_the_desk(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    colleague_issues(window, tmp_path, LICENCE, "SF2026000009")  # the same certificate
    dialog = refused_dialog(qtbot, window, desk)
    assert "issued the certificate printed on sheet SF2026000001 first" in \
        desk.refusal_label.text()
    assert f"issued case {LICENCE} first" in dialog.explanation.text()
    assert not dialog.serial.isVisible() and dialog.reason.hasFocus()
    with qtbot.waitSignal(dialog.resolved, timeout=10000):
        qtbot.keyClick(dialog.reason, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert desk.message.text() == "Given up; sheets voided: SF2026000001."
    qtbot.waitUntil(lambda: desk.snapshot is not None and not desk.snapshot.issued
                    and not desk.refusal_label.isVisible(), timeout=10000)
    assert counts(desk, LICENCE_STOCK) == (10, 0, 1, 9)
    sync(qtbot, window)
    held = server_sheet(window, "SF2026000001")
    assert (held["state"], held["reason"]) == ("voided", "Issued by another desk first")
    settle(qtbot, window)


def test_the_desk_is_only_for_clerks_with_its_role(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(sandbox=True)
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window, "trainer", "trainer1234")
    qtbot.waitUntil(window.isActiveWindow)
    assert not window.tabs.isTabVisible(window.tabs.indexOf(window.desk))
    qtbot.keyClick(window.kb.search, Qt.Key.Key_4, CTRL)
    assert window.tabs.currentWidget() is window.kb
    qtbot.keyClick(window.kb.search, Qt.Key.Key_3, CTRL)
    assert window.tabs.currentWidget() is window.my_cases
    settle(qtbot, window)


def test_the_printer_calibration_is_applied_when_printing(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    from printing import certificates as printing_certificates
    from printing.calibration import Calibration
    from workstation.calibrations import save_calibration

    window, desk = open_desk(qtbot, window_factory)
    ws = window.ws
    assert ws is not None
    saved = Calibration(SANDBOX_PRINTER, LICENCE_STOCK, dx_mm=1.5, dy_mm=-0.8, sx=1.002,
                        sy=0.998)
    on_ops(qtbot, window, lambda: save_calibration(ws, saved))
    start_shift(qtbot, window, desk, LICENCE_PACK)
    select_waiting(qtbot, desk, LICENCE)
    dialog = sheet_dialog(qtbot, desk)
    assert dialog.layout_result is not None and dialog.layout_result.calibration == saved
    print_and_answer(qtbot, dialog)
    confirm(qtbot, dialog)
    # The file the simulated printer wrote is the certificate drawn with that calibration.
    body = DEMO[LICENCE]
    template = printing_certificates.load_templates().templates["business_licence"]
    values = printing_certificates.certificate_values(
        body["fields"], certificate_id=str(body["certificate_id"]),
        case_number=body["case_number"])
    expected = printing_certificates.render(
        printing_certificates.layout(template, values, calibration=saved), training=True)
    uncalibrated = printing_certificates.render(
        printing_certificates.layout(template, values), training=True)
    (written,) = printed_files(window)
    assert written.read_bytes() == expected != uncalibrated
    settle(qtbot, window)


def test_the_calibration_dialog_opens_from_the_desk(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    from ui.calibration_dialog import CalibrationDialog

    window, desk = open_desk(qtbot, window_factory)
    assert window.ws is not None
    before = dict(window.ws.settings.certificate_calibrations)
    with qtbot.waitSignal(desk.dialog_opened, timeout=10000) as opened:
        qtbot.keyClick(desk.waiting, Qt.Key.Key_K, CTRL | Qt.KeyboardModifier.ShiftModifier)
    dialog = opened.args[0]
    assert isinstance(dialog, CalibrationDialog)
    qtbot.waitUntil(lambda: dialog.printer.findData(SANDBOX_PRINTER) >= 0, timeout=10000)
    # The sandbox's simulated printer is offered, with the desk's stock types.
    assert dialog.printer.findData(SANDBOX_PRINTER) >= 0
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.ws.settings.certificate_calibrations == before  # nothing saved
    settle(qtbot, window)


# -- the review of the desk (issue #8) ------------------------------------------------------------

def test_a_certificate_handed_over_shows_its_receipt_and_is_not_reprinted(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = licence_issued(qtbot, window_factory)
    select_issued(qtbot, desk, LICENCE)
    assert desk.handover_button.text() == "Hand over… (Ctrl+H)"
    assert desk.reprint_button.isEnabled()
    dialog = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_H, CTRL)
    assert isinstance(dialog, HandoverDialog)
    assert dialog.recipient_label.text() == "&Recipient"
    dialog.by_post.setChecked(True)  # posted: the recipient is the addressee
    assert dialog.recipient_label.text() == "Add&ressee"
    type_text(qtbot, dialog.recipient, "周明远")
    qtbot.keyClicks(dialog.tracking, "1180212345678")
    with qtbot.waitSignal(dialog.handed_over, timeout=10000):
        qtbot.keyClick(dialog.tracking, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    back_to(qtbot, window)
    select_issued(qtbot, desk, LICENCE)
    qtbot.waitUntil(lambda: desk.handover_button.text() == "Receipt… (Ctrl+H)", timeout=10000)
    # It left the desk: no reprint here (a replacement comes as a new case).
    assert desk.handover_button.isEnabled() and not desk.reprint_button.isEnabled()
    with qtbot.assertNotEmitted(desk.dialog_opened):
        qtbot.keyClick(desk.issued, Qt.Key.Key_R, CTRL)
    assert f"Case {LICENCE} was handed over on" in desk.message.text()
    assert "not reprinted here" in desk.message.text()
    assert [(s.serial, s.state) for s in sheets_of(qtbot, window, desk, LICENCE)] == [
        ("SF2026000001", "issued")]
    # The button shows the receipt, as Ctrl+H does; it names the addressee.
    with qtbot.waitSignal(desk.dialog_opened, timeout=10000) as opened:
        desk.handover_button.click()
    receipt = opened.args[0]
    assert isinstance(receipt, ReceiptDialog)
    qtbot.waitUntil(lambda: receipt.pdf is not None, timeout=15000)
    assert receipt.pdf is not None
    text = pdf_text(receipt.pdf, tmp_path)
    for wanted in ("证照邮寄回执", "收件人", "周明远", "SF2026000001", "1180212345678"):
        assert wanted in text, wanted
    receipt.reject()
    settle(qtbot, window)


def test_actions_act_on_the_list_in_use_and_an_issue_clears_the_search(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    start_shift(qtbot, window, desk, LICENCE_PACK)
    # Search, Enter, Enter: the case found is the one issued.
    qtbot.keyClick(desk.waiting, Qt.Key.Key_F, CTRL)
    with qtbot.waitSignal(desk.loaded, timeout=10000):
        qtbot.keyClicks(desk.search, "0302000101")
    qtbot.keyClick(desk.search, Qt.Key.Key_Return)
    assert desk.waiting.hasFocus()
    found = desk.current_waiting()
    assert found is not None and found.certificate.case_number == LICENCE
    dialog = sheet_dialog(qtbot, desk)
    print_and_answer(qtbot, dialog)
    confirm(qtbot, dialog)
    back_to(qtbot, window)
    # The search is done with: both lists show everything again.
    assert desk.search.text() == ""
    qtbot.waitUntil(lambda: desk.waiting.rowCount() == len(DEMO) - 1
                    and desk.issued.rowCount() == 1, timeout=10000)
    # Only the list in use has a selected row: Enter issues the next waiting one.
    assert desk.waiting.hasFocus() and desk.current_waiting() is not None
    assert desk.current_issued() is None
    assert not desk.reprint_button.isEnabled() and not desk.handover_button.isEnabled()
    # Ctrl+R from the waiting list does not reach into the other list: it goes there.
    with qtbot.assertNotEmitted(desk.dialog_opened):
        qtbot.keyClick(desk.waiting, Qt.Key.Key_R, CTRL)
    assert desk.issued.hasFocus() and "then press Ctrl+R again" in desk.message.text()
    chosen = desk.current_issued()
    assert chosen is not None and chosen.certificate.case_number == LICENCE
    assert desk.current_waiting() is None and not desk.issue_button.isEnabled()
    reprint = sheet_dialog(qtbot, desk, reprint=True)
    assert LICENCE in reprint.windowTitle()
    qtbot.keyClick(reprint.reason, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not reprint.isVisible())
    back_to(qtbot, window)
    # Back in the waiting list, on the row it was on; Ctrl+H from there goes over too.
    qtbot.keyClick(desk.issued, Qt.Key.Key_Backtab)
    assert desk.waiting.hasFocus() and desk.current_issued() is None
    assert desk.current_waiting() is not None
    with qtbot.assertNotEmitted(desk.dialog_opened):
        qtbot.keyClick(desk.waiting, Qt.Key.Key_H, CTRL)
    assert desk.issued.hasFocus() and "then press Ctrl+H again" in desk.message.text()
    handover = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_H, CTRL)
    assert isinstance(handover, HandoverDialog) and LICENCE in handover.windowTitle()
    handover.reject()
    settle(qtbot, window)


def test_a_refused_issuance_is_put_right_before_a_reprint_or_a_hand_over(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    colleague_issues(window, tmp_path, OTHER_LICENCE, "SF2026000001")
    start_shift(qtbot, window, desk, LICENCE_PACK)
    issue(qtbot, window, desk, LICENCE)
    sync(qtbot, window)
    qtbot.waitUntil(desk.refusal_label.isVisible, timeout=10000)
    select_issued(qtbot, desk, LICENCE)
    row = [desk.issued.item(desk.issued.currentRow(), c).text() for c in range(7)]
    assert row[6] == "refused"
    # Said before any dialog opens, pointing at the remedy.
    for key in (Qt.Key.Key_R, Qt.Key.Key_H):
        desk.message.clear()
        with qtbot.assertNotEmitted(desk.dialog_opened):
            qtbot.keyClick(desk.issued, key, CTRL)
        assert desk.message.text() == (f"The server refused the issuance of case {LICENCE} on "
                                       "sheet SF2026000001. Put it right first (Ctrl+Shift+F).")
    # Ctrl+Shift+F on it puts right its refusal.
    dialog = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_F, CTRL | SHIFT)
    assert isinstance(dialog, RefusalDialog) and dialog.refusal.serial == "SF2026000001"
    dialog.reject()
    settle(qtbot, window)


def test_every_check_and_refusal_of_the_desk_has_a_sentence(qtbot: QtBot) -> None:
    from ui.certificate_dialogs import describe_desk, problem_text
    from workstation.certificates import IssuanceRefusedError, Problem, ProblemCode

    for code in ProblemCode:
        text = problem_text(Problem(code, example="SF2026000001", serial="SF2026000001"))
        assert text != code.value and "." in text, code
    refused = describe_desk(IssuanceRefusedError(None, "some-uuid"))
    assert "Ctrl+Shift+F" in refused and "some-uuid" not in refused


@pytest.mark.qt_log_ignore(r"^This plugin does not support (raise\(\)|grabbing the keyboard)")
def test_the_approval_dates_are_typed_stepped_and_cleared_from_the_keyboard(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window, desk = open_desk(qtbot, window_factory)
    every = len(DEMO)
    start, end = desk.approved_from, desk.approved_to
    for edit in (start, end):
        edit.today = lambda: dt.date(2026, 3, 19)
        assert edit.text() == "any date"
    # Typed on "any date": approved from 18 March, the three newest.
    start.setFocus()
    with qtbot.waitSignal(desk.loaded, timeout=10000, check_params_cb=lambda n, _: n == 3):
        qtbot.keyClicks(start, "2026-03-18")
    assert start.text() == "2026-03-18"
    # Tab leaves the field (not its parts).
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    assert not start.hasFocus()
    # Delete goes back to "any date".
    start.setFocus()
    with qtbot.waitSignal(desk.loaded, timeout=10000,
                          check_params_cb=lambda n, _: n == every):
        qtbot.keyClick(start, Qt.Key.Key_Delete)
    assert start.text() == "any date"
    # Up on "any date" starts from today, not from the year 2001.
    end.setFocus()
    qtbot.keyClick(end, Qt.Key.Key_Up)
    assert end.date() == QDate(2026, 3, 19)
    qtbot.keyClick(end, Qt.Key.Key_Backspace)
    assert end.text() == "any date"
    # The calendar opens on today's month, and choosing nothing keeps "any date".
    qtbot.mouseClick(end, Qt.MouseButton.LeftButton,
                     pos=QPoint(end.width() - 4, end.height() // 2))
    calendar = end.calendarWidget()
    qtbot.waitUntil(calendar.isVisible)
    assert (calendar.yearShown(), calendar.monthShown()) == (2026, 3)
    qtbot.keyClick(calendar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert end.text() == "any date"
    settle(qtbot, window)


@contextmanager
def chinese() -> Iterator[None]:
    """The zh_CN translation installed, as the app installs it, for widgets made inside."""
    from PySide6.QtWidgets import QApplication

    from ui.app import install_translators

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = install_translators(app, "zh_CN")
    try:
        yield
    finally:
        for translator in installed:
            app.removeTranslator(translator)


def headers(table: QTableWidget) -> list[str]:
    return [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]


def test_the_shift_counts_and_the_issued_list_name_their_columns_apart(
    qtbot: QtBot, ops: Operations
) -> None:
    with chinese():
        view = CertificateDeskView(ops)
        qtbot.addWidget(view)
    assert headers(view.counts)[2] == "已出证"  # sheets issued in the shift
    assert headers(view.issued)[4] == "出证时间"  # when this one was issued


def mnemonics(widget: QWidget) -> list[str]:
    """The Alt+letter of every button and labelled field in a widget."""
    texts = [b.text() for b in widget.findChildren(QAbstractButton)]
    texts += [label.text() for label in widget.findChildren(QLabel) if label.buddy()]
    return [m.group(1).upper() for t in texts
            if (m := re.search(r"&([^&\s])", t.replace("&&", "")))]


def test_no_two_controls_of_a_dialog_share_a_mnemonic(qtbot: QtBot, ops: Operations) -> None:
    from server.contract import PendingCertificate
    from ui.output_bar import OutputBar
    from workstation.certificates import DeskCertificate

    cert = DeskCertificate(PendingCertificate.model_validate(DEMO[LICENCE]), issued=True)
    for language in ("en", "zh_CN"):
        with chinese() if language == "zh_CN" else nullcontext():
            handover = HandoverDialog(ops, None, cert, "SF2026000001")  # type: ignore[arg-type]
            bar = OutputBar(ops, document_name=lambda: "证照领取回执")
        for widget in (handover, bar):
            qtbot.addWidget(widget)
            found = mnemonics(widget)
            assert len(found) == len(set(found)), (language, type(widget).__name__, found)
        assert "份数(&C)：" in [label.text() for label in bar.findChildren(QLabel)] \
            or language == "en"
    qtbot.waitUntil(lambda: not ops.busy, timeout=10000)  # the printers listed
