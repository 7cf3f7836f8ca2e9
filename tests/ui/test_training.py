"""Training mode in the real main window (sandbox): a trainer starts a practice run, the
trainee works three applicants through the normal knowledge base and intake (one right,
two with mistakes), each is assessed with its explanations, the report opens, and the
trainer compares trainees."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from server.contract.cases import CaseStatus
from tests.system.services import require
from tests.ui.helpers import WindowFactory, ready, type_text
from ui.intake_view import CaseDocumentDialog, IntakeView
from ui.main_window import MainWindow
from ui.training import AssessmentDialog, PracticeDialog, ReportDialog, ResultsDialog
from workstation.core import SANDBOX_PRINTER
from workstation.training import load_scenarios

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SCENARIOS = load_scenarios().scenarios
PLAYED = ["id-renewal-complete", "id-renewal-expired-no-photo", "unemployment-benefit-promise"]


def start_run(qtbot: QtBot, window: MainWindow, trainee: str) -> None:
    """The trainer: Ctrl+Shift+T, the trainee's name, the three scenarios, Ctrl+Return."""
    practice = window.practice
    qtbot.keyClick(window.kb.search, Qt.Key.Key_T, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(practice.dialog, PracticeDialog), timeout=10000)
    dialog = practice.dialog
    assert isinstance(dialog, PracticeDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert dialog.trainee.hasFocus() and not dialog.broken.isVisible()
    for row in range(dialog.scenarios.count()):  # only the three, in this order
        entry = dialog.scenarios.item(row)
        if entry.data(Qt.ItemDataRole.UserRole) not in PLAYED:
            entry.setCheckState(Qt.CheckState.Unchecked)
    qtbot.keyClick(dialog.trainee, Qt.Key.Key_Return, CTRL)
    assert dialog.message.text() == "Enter the trainee's name."
    type_text(qtbot, dialog.trainee, trainee)
    qtbot.keyClick(dialog.trainee, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: practice.panel.isVisible(), timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def open_case(qtbot: QtBot, window: MainWindow, item_code: str) -> IntakeView:
    kb = window.kb
    qtbot.keyClick(window.tabs, Qt.Key.Key_1, CTRL)  # back to the knowledge base
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is kb)
    kb.search.setFocus()
    kb.search.clear()
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        type_text(qtbot, kb.search, item_code)
    with qtbot.waitSignal(kb.item_opened, timeout=5000):
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kb.case_button.isEnabled())
    qtbot.keyClick(kb.detail, Qt.Key.Key_N, CTRL)
    view = window.intake
    qtbot.waitUntil(lambda: window.tabs.currentWidget() is view and view.draft is not None
                    and view.draft.item.code == item_code, timeout=10000)
    return view


def card_on_reader(qtbot: QtBot, window: MainWindow, view: IntakeView, number: str) -> None:
    """F8: the scenario's applicant puts their card on the simulated reader."""
    qtbot.keyClick(view.applicant.name, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: view.draft is not None
                    and view.draft.applicant.id_number == number, timeout=10000)


def tick(qtbot: QtBot, view: IntakeView, *, leave: tuple[str, ...] = ()) -> None:
    for row, (material, _) in enumerate(view.rows):
        if material.code not in leave:
            view.cell(row, "received").setChecked(True)


def decide_and_print(qtbot: QtBot, window: MainWindow, view: IntakeView,
                     notice: bool = False) -> None:
    modifiers = CTRL | SHIFT if notice else CTRL
    with qtbot.waitSignal(view.decided, timeout=10000) as decided:
        qtbot.keyClick(view.table, Qt.Key.Key_Return, modifiers)
    assert decided.args[0].status is (CaseStatus.NOTIFIED if notice else CaseStatus.ACCEPTED)
    qtbot.waitUntil(lambda: isinstance(view.document_dialog, CaseDocumentDialog))
    dialog = view.document_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pdf is not None and dialog.output.printer.isEnabled(),
                    timeout=15000)
    output = dialog.output
    output.printer.setCurrentIndex(output.printer.findData(SANDBOX_PRINTER))
    with qtbot.waitSignal(output.printed, timeout=20000):
        output.print_button.click()
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=10000)  # the print is recorded
    dialog.close()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def done(qtbot: QtBot, window: MainWindow) -> AssessmentDialog:
    """Ctrl+Shift+D: the trainee is done with the applicant; the assessment shows."""
    practice = window.practice
    qtbot.keyClick(window.tabs, Qt.Key.Key_D, CTRL | SHIFT)
    qtbot.waitUntil(lambda: isinstance(practice.dialog, AssessmentDialog), timeout=10000)
    dialog = practice.dialog
    assert isinstance(dialog, AssessmentDialog)
    qtbot.waitUntil(dialog.isActiveWindow)
    return dialog


def next_applicant(qtbot: QtBot, window: MainWindow, dialog: AssessmentDialog,
                   title: str) -> None:
    qtbot.keyClick(dialog.next_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.practice.panel.title.text() == title, timeout=10000)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    require(bool(shutil.which("pdftotext")), "poppler-utils is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], check=True,
                         capture_output=True, text=True).stdout
    return re.sub(r"[ \t]+", "", out)


def test_a_trainee_works_three_applicants_and_the_trainer_sees_the_report(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window = ready(qtbot, window_factory)
    assert window.training_menu.menuAction().isVisible()
    start_run(qtbot, window, "王小明")
    panel = window.practice.panel
    renewal, no_photo, benefit = (SCENARIOS[s] for s in PLAYED)

    # 1. Done right: the complete renewal, accepted, the receipt printed.
    assert panel.title.text() == renewal.title and panel.progress.text() == "Applicant 1 of 3"
    assert renewal.says[0] in panel.says.text() and "原居民身份证" in panel.papers.text()
    assert panel.card_button.isVisible() and not panel.agent_card_button.isVisible()
    view = open_case(qtbot, window, renewal.expected.item)
    card_on_reader(qtbot, window, view, "110101199003078523")
    tick(qtbot, view)
    decide_and_print(qtbot, window, view)
    first = done(qtbot, window)
    assert first.score.text() == "100 of 100 points"
    assert first.mistakes.text() == "Everything right."
    assert renewal.debrief in first.debrief.text()
    next_applicant(qtbot, window, first, no_photo.title)

    # 2. Mistakes: the expired card is fine, but the missing photo is ticked as received
    # and the case accepted (the receipt printed, not the notice); and a hint taken.
    handed, mentioned = panel.papers.text().split("Mentions:")
    assert "近期免冠数码照片" not in handed and "居民户口簿" in handed
    assert "没有带照相馆的数码照片回执" in mentioned
    qtbot.keyClick(window.tabs, Qt.Key.Key_H, CTRL | SHIFT)  # a hint, at a cost
    qtbot.waitUntil(lambda: no_photo.hints[0] in panel.hints.text(), timeout=5000)
    view = open_case(qtbot, window, no_photo.expected.item)
    card_on_reader(qtbot, window, view, "110101197511302318")
    view.applicant.card_panel.expired.click()  # the clerk accepts the expired card
    tick(qtbot, view)
    decide_and_print(qtbot, window, view)
    second = done(qtbot, window)
    assert second.score.text() == "65 of 100 points"
    assert second.mistakes.text().split("\n") == [
        "• 1 hint(s) used. (−5)",
        "• “近期免冠数码照片” was not handed in, but was recorded as received. (−5)",
        "• The decision should be “one-time notice”, it was “accept”. (−20)",
        "• Not printed for the applicant: the one-time notice. (−5)"]
    next_applicant(qtbot, window, second, benefit.title)

    # 3. A one-time notice where 容缺 acceptance was right.
    assert "外省经办机构下周寄出" in panel.papers.text()
    view = open_case(qtbot, window, benefit.expected.item)
    card_on_reader(qtbot, window, view, "110101199003078523")
    place = dict(view.situation_buttons["S_PLACE"])
    place["transfer"].click()
    qtbot.waitUntil(lambda: view.draft is not None
                    and view.draft.answers.get("S_PLACE") == ["transfer"])
    tick(qtbot, view, leave=("M05",))
    decide_and_print(qtbot, window, view, notice=True)
    third = done(qtbot, window)
    assert third.score.text() == "71 of 100 points"
    assert third.mistakes.text().split("\n") == [
        "• “失业保险关系转移凭证” may be promised (容缺): tick it and enter the date it is due. "
        "(−4)",
        "• The decision should be “accept”, it was “one-time notice”. (−20)",
        "• Not printed for the applicant: the acceptance receipt. (−5)"]
    assert third.next_button.text() == "Show the report (Enter)"

    # The run is over: its report opens, to print.
    practice = window.practice
    qtbot.keyClick(third.next_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: isinstance(practice.dialog, ReportDialog), timeout=10000)
    report = practice.dialog
    assert isinstance(report, ReportDialog) and not panel.isVisible()
    qtbot.waitUntil(lambda: report.pdf is not None, timeout=15000)
    assert report.pdf is not None
    text = pdf_text(report.pdf, tmp_path)
    for wanted in ("学员：王小明", "完成情景：3/3", "总分（按全部情景平均）：79分",
                   renewal.title, "全部正确",
                   "申请人没有提交“近期免冠数码照片”，却记为已收到。（扣5分）",
                   "未打印受理回执交给申请人。（扣5分）"):
        assert wanted in text, wanted
    report.reject()
    qtbot.waitUntil(lambda: practice.dialog is None)

    # The trainer's comparison lists the trainee with the run.
    practice.results_action.trigger()  # Training → Trainees' results…
    qtbot.waitUntil(lambda: isinstance(practice.dialog, ResultsDialog), timeout=10000)
    results = practice.dialog
    assert isinstance(results, ResultsDialog)
    row = [results.trainees.item(0, c).text() for c in range(6)]
    assert row == ["王小明", "1", "3", "79", "100", "79"]
    assert results.run_table.item(0, 3).text() == "79"
    results.reject()
    qtbot.waitUntil(lambda: not window.ops.busy, timeout=10000)
