"""Every document the workstation prints carries, in sandbox mode, the diagonal 培训专用 无效
mark on every page, and every case number on it the sandbox's prefix (PX) (#9).

Each document is made and printed the way a clerk does it, through the real windows, on
the sandbox's simulated printer; what lands in its folder is read back with pdftotext:
the material list, a blank form and a filled-in sample, the acceptance notice (受理通知书),
the one-time notice, the refusal, a certificate, the hand-over receipt and the shift
summary. (The scans PDF is saved to a file, never printed by the workstation; the
printer calibration pages carry no case or applicant and are not documents; the trainee
report is checked in tests/workstation/test_training.py.)
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from server.seed.demo import demo_items
from tests.system.services import require
from tests.ui.helpers import WindowFactory, ready, type_text
from tests.ui.test_certificate_desk import (
    CTRL,
    LICENCE,
    LICENCE_PACK,
    SHIFT,
    back_to,
    dialog_of,
    issue,
    select_issued,
    settle,
    start_shift,
)
from tests.ui.test_intake_view import (
    ITEM,
    decide,
    enter_applicant,
    one_material_in,
    open_case,
    tick_all_received,
)
from ui.certificate_dialogs import ShiftSummaryDialog
from ui.forms_dialog import FormsDialog
from ui.handover_dialog import HandoverDialog, ReceiptDialog
from ui.intake_view import CaseDocumentDialog, IntakeView
from ui.main_window import MainWindow
from ui.material_list_dialog import MaterialListDialog
from ui.output_bar import OutputBar
from workstation.core import SANDBOX_PRINTER
from workstation.sandbox import SANDBOX_PREFIX_BASE

MARK = re.compile(r"培\s*训\s*专\s*用\s*无\s*效")
# prefix base, device, date, sequence: PX0001 20261123 000001
CASE_NUMBER = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{18}(?!\d)")
WITH_FORMS = next(i for i in demo_items()
                  if sum(1 for m in i["materials"] if m.get("form")) >= 2
                  and any(m.get("sample") for m in i["materials"]))


def printed(window: MainWindow) -> set[Path]:
    assert window.ws is not None
    folder = window.ws.printed_folder
    return set(folder.glob("*.pdf")) if folder.is_dir() else set()


def print_on_training_printer(qtbot: QtBot, window: MainWindow, output: OutputBar) -> Path:
    """The document as the output bar has it, printed on the simulated printer."""
    before = printed(window)
    qtbot.waitUntil(lambda: output.pdf is not None and output.printer.isEnabled(),
                    timeout=15000)
    output.printer.setCurrentIndex(output.printer.findData(SANDBOX_PRINTER))
    with qtbot.waitSignal(output.printed, timeout=20000):
        output.print_button.click()
    (new,) = printed(window) - before
    return new


def open_item(qtbot: QtBot, window: MainWindow, code: str) -> None:
    back_to(qtbot, window)
    window.tabs.setCurrentWidget(window.kb)
    kb = window.kb
    if kb.search.text():
        with qtbot.waitSignal(kb.list_loaded, timeout=5000):
            kb.search.clear()
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        type_text(qtbot, kb.search, code)
    with qtbot.waitSignal(kb.item_opened, timeout=5000):
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)


def case_document(qtbot: QtBot, window: MainWindow, view: IntakeView) -> Path:
    qtbot.waitUntil(lambda: isinstance(view.document_dialog, CaseDocumentDialog))
    dialog = view.document_dialog
    assert dialog is not None
    path = print_on_training_printer(qtbot, window, dialog.output)
    dialog.close()
    return path


def intake_ready(qtbot: QtBot, window: MainWindow) -> None:
    """Back in the knowledge base with an empty search box, the window active."""
    back_to(qtbot, window)
    window.tabs.setCurrentWidget(window.kb)
    if window.kb.search.text():
        with qtbot.waitSignal(window.kb.list_loaded, timeout=5000):
            window.kb.search.clear()


def pages_of(path: Path) -> list[str]:
    """Each page's text in the order it is drawn (-raw): the diagonal mark comes out whole,
    a glyph a line, where the layout order would scatter its rotated glyphs."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    return [page for page in text.split("\f") if page.strip()]


def test_every_printout_in_sandbox_mode_is_marked_and_numbered_for_training(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    require(bool(shutil.which("pdftotext")), "poppler-utils is not installed")
    window = ready(qtbot, window_factory)
    kb = window.kb
    documents: dict[str, Path] = {}
    numbers: dict[str, str] = {}  # document: the case number it must show

    # The guide: the material list (Ctrl+P), a blank form and its sample (Ctrl+B).
    open_item(qtbot, window, ITEM["code"])
    qtbot.keyClick(window, Qt.Key.Key_P, CTRL)
    qtbot.waitUntil(lambda: isinstance(kb.list_dialog, MaterialListDialog))
    assert kb.list_dialog is not None
    documents["material list"] = print_on_training_printer(qtbot, window, kb.list_dialog.output)
    kb.list_dialog.close()
    open_item(qtbot, window, WITH_FORMS["code"])
    qtbot.keyClick(window, Qt.Key.Key_B, CTRL)
    qtbot.waitUntil(lambda: isinstance(kb.forms_dialog, FormsDialog))
    forms = kb.forms_dialog
    assert forms is not None
    documents["blank form"] = print_on_training_printer(qtbot, window, forms.output)
    with qtbot.waitSignal(forms.rendered, timeout=10000):
        qtbot.keyClick(forms.list, Qt.Key.Key_Down)
    documents["sample form"] = print_on_training_printer(qtbot, window, forms.output)
    forms.close()

    # Intake: an acceptance, a one-time notice, a refusal, each printed for the applicant.
    intake_ready(qtbot, window)
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    tick_all_received(qtbot, view)
    numbers["receipt"] = decide(qtbot, view).case_number
    documents["receipt"] = case_document(qtbot, window, view)
    intake_ready(qtbot, window)
    view = one_material_in(qtbot, window)
    numbers["notice"] = decide(qtbot, view, notice=True).case_number
    documents["notice"] = case_document(qtbot, window, view)
    intake_ready(qtbot, window)
    view = open_case(qtbot, window)
    enter_applicant(qtbot, view, "110101199003078523")
    qtbot.keyClick(view.table, Qt.Key.Key_R, CTRL | SHIFT)
    qtbot.waitUntil(lambda: getattr(view, "refusal_dialog", None) is not None
                    and view.refusal_dialog.isVisible())
    refusal = view.refusal_dialog
    type_text(qtbot, refusal.reason, "申请人不符合换领条件")
    type_text(qtbot, refusal.basis, "《中华人民共和国居民身份证法》第十一条")
    with qtbot.waitSignal(view.decided, timeout=10000) as decided:
        refusal.accept()
    numbers["refusal"] = decided.args[0].case_number
    documents["refusal"] = case_document(qtbot, window, view)

    # The certificate desk: a certificate, the hand-over receipt, the shift summary.
    back_to(qtbot, window)
    desk = window.desk
    with qtbot.waitSignal(desk.loaded, timeout=20000):
        window.tabs.setCurrentWidget(desk)
    qtbot.waitUntil(desk.waiting.hasFocus)
    start_shift(qtbot, window, desk, LICENCE_PACK)
    before = printed(window)
    issue(qtbot, window, desk, LICENCE)
    (documents["certificate"],) = printed(window) - before
    select_issued(qtbot, desk, LICENCE)
    handover = dialog_of(qtbot, desk, desk.issued, Qt.Key.Key_H, CTRL)
    assert isinstance(handover, HandoverDialog)
    handover.paper.setChecked(True)
    type_text(qtbot, handover.recipient, "周明远")
    handover.by_eye.setChecked(True)
    qtbot.keyClick(handover.recipient, Qt.Key.Key_P, CTRL)
    receipt = handover._receipt_dialog
    assert isinstance(receipt, ReceiptDialog)
    documents["hand-over receipt"] = print_on_training_printer(qtbot, window, receipt.output)
    numbers["hand-over receipt"] = LICENCE
    receipt.reject()
    handover.reject()
    back_to(qtbot, window)
    summary = dialog_of(qtbot, desk, desk.waiting, Qt.Key.Key_E, CTRL | SHIFT)
    assert isinstance(summary, ShiftSummaryDialog)
    documents["shift summary"] = print_on_training_printer(qtbot, window, summary.output)
    numbers["shift summary"] = LICENCE
    summary.close()

    # What the printer's folder holds: these documents, each page marked for training.
    assert printed(window) == set(documents.values())
    for document, path in documents.items():
        pages = pages_of(path)
        assert pages, document
        for n, page in enumerate(pages, start=1):
            assert MARK.search(page), f"{document}, page {n}: no training mark"
            for found in CASE_NUMBER.findall(page):
                assert found.startswith(SANDBOX_PREFIX_BASE), f"{document}: {found}"
        if document in numbers:
            assert numbers[document].startswith(SANDBOX_PREFIX_BASE)
            assert numbers[document] in "".join(pages), document
    settle(qtbot, window)
