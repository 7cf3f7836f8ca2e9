"""Training mode's practice runs (sandbox only), in the Training menu.

The trainer starts a run (Ctrl+Shift+T): the trainee's name and the scenarios to play
(workstation.training). The scenario panel, docked beside the normal application, is the
counter's other side: who has come, what they say, the papers they hand over, the card
they put on the simulated reader (one key), the time against the limit, and hints at a
cost. The trainee works the applicant through the normal knowledge base and intake, then
says they are done (Ctrl+Shift+D): the case they decided is assessed, the score and
each mistake are shown with what a good clerk does, and the next applicant arrives. At the
end the trainee report (PDF) opens to print. "Trainees' results" compares trainees and
opens any run's report again.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDockWidget,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.document_dialog import DocumentDialog
from ui.messages import describe
from ui.ops import Operations

if TYPE_CHECKING:
    from server.contract import ServiceItem
    from ui.main_window import MainWindow
    from workstation.core import Workstation
    from workstation.training import (
        Assessment,
        Mistake,
        Party,
        PracticeRun,
        Scenario,
        TraineeSummary,
        Training,
    )

log = logging.getLogger("ui.training")

REPORT_TITLE = "培训练习报告"
TICK_MS = 1000


def outcome_text(outcome: str) -> str:
    texts = {
        "accepted": QCoreApplication.translate("Training", "accept"),
        "notified": QCoreApplication.translate("Training", "one-time notice"),
        "refused": QCoreApplication.translate("Training", "refuse"),
    }
    return texts.get(outcome, outcome)


def document_text(document: str) -> str:
    texts = {
        "receipt": QCoreApplication.translate("Training", "the acceptance receipt"),
        "notice": QCoreApplication.translate("Training", "the one-time notice"),
        "refusal": QCoreApplication.translate("Training", "the refusal"),
    }
    return texts.get(document, document)


def mistake_text(mistake: Mistake) -> str:
    """The trainee's sentence for a mistake (workstation.training.Mistake)."""
    d = dict(mistake.detail)
    for key in ("expected", "chosen"):
        if key in d and mistake.code == "wrong_outcome":
            d[key] = outcome_text(d[key])
    if "document" in d:
        d["document"] = document_text(d["document"])
    texts = {
        "no_case": QCoreApplication.translate(
            "Training", "No case was decided for this applicant (not accepted, notified or "
            "refused)."),
        "wrong_item": QCoreApplication.translate(
            "Training", "The wrong service item: the case was taken in as “{chosen}”."),
        "wrong_applicant": QCoreApplication.translate(
            "Training", "The applicant is wrong: “{recorded}” was entered, it should be "
            "“{expected}”."),
        "agent_missing": QCoreApplication.translate(
            "Training", "The agent “{expected}” was not recorded."),
        "agent_unexpected": QCoreApplication.translate(
            "Training", "The applicant came in person, but an agent “{recorded}” was recorded."),
        "wrong_agent": QCoreApplication.translate(
            "Training", "The agent is wrong: “{recorded}” was entered, it should be “{expected}”."),
        "wrong_answer": QCoreApplication.translate(
            "Training", "“{question}”: the answer is “{expected}”, “{chosen}” was chosen."),
        "material_not_recorded": QCoreApplication.translate(
            "Training", "“{material}” was handed in but not ticked as received."),
        "material_wrongly_flagged": QCoreApplication.translate(
            "Training", "“{material}” is fine, but was marked defective, promised or as a "
            "licence."),
        "material_not_brought": QCoreApplication.translate(
            "Training", "“{material}” was not handed in, but was recorded as received."),
        "defect_missed": QCoreApplication.translate(
            "Training", "“{material}” has a problem ({note}) but was taken as fine."),
        "licence_not_used": QCoreApplication.translate(
            "Training", "“{material}”: an electronic licence could stand in (Ctrl+L); it was not "
            "used."),
        "tolerance_not_used": QCoreApplication.translate(
            "Training", "“{material}” may be promised (容缺): tick it and enter the date it "
            "is due."),
        "wrong_outcome": QCoreApplication.translate(
            "Training", "The decision should be “{expected}”, it was “{chosen}”."),
        "notice_omits": QCoreApplication.translate(
            "Training", "The one-time notice leaves out “{material}”."),
        "notice_extra": QCoreApplication.translate(
            "Training", "The one-time notice lists “{material}”, which is not lacking."),
        "refusal_reason": QCoreApplication.translate(
            "Training", "The refusal's reason misses the point ({keywords})."),
        "document_not_printed": QCoreApplication.translate(
            "Training", "Not printed for the applicant: {document}."),
        "hints_used": QCoreApplication.translate(
            "Training", "{count} hint(s) used."),
        "over_time": QCoreApplication.translate(
            "Training", "About {minutes} minutes: over the {limit}-minute limit."),
    }
    text = texts.get(mistake.code)
    if text is None:
        return mistake.code
    d.setdefault("note", "")
    try:
        return text.format(**d)
    except (KeyError, IndexError):
        return text


def _minutes(seconds: float) -> str:
    minutes, rest = divmod(max(0, round(seconds)), 60)
    return f"{minutes}:{rest:02d}"


def _button(text: str, parent: QWidget, name: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    return button


# -- choosing a run -------------------------------------------------------------------------------

class PracticeDialog(QDialog):
    """The trainer picks the trainee and the scenarios."""

    def __init__(self, training: Training, problems: dict[str, list[str]],
                 trainees: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("practiceDialog")
        self.setWindowTitle(self.tr("Start a practice run"))
        self.trainee = QLineEdit(self)
        self.trainee.setObjectName("practiceTrainee")
        self.trainee.setPlaceholderText(self.tr("The trainee's name"))
        if trainees:
            from PySide6.QtWidgets import QCompleter

            self.trainee.setCompleter(QCompleter(list(trainees), self))
        self.scenarios = QListWidget(self)
        self.scenarios.setObjectName("practiceScenarios")
        for scenario in training.scenarios.scenarios.values():
            wrong = problems.get(scenario.id, [])
            label = self.tr("[level %1] %2").replace("%1", str(scenario.level)).replace(
                "%2", scenario.title)
            entry = QListWidgetItem(label if not wrong else label + " — " + self.tr(
                "does not fit the catalogue: %1").replace("%1", "; ".join(wrong)))
            entry.setData(Qt.ItemDataRole.UserRole, scenario.id)
            entry.setToolTip(scenario.summary)
            if wrong:
                entry.setFlags(entry.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                entry.setCheckState(Qt.CheckState.Unchecked)
            else:
                entry.setCheckState(Qt.CheckState.Checked)
            self.scenarios.addItem(entry)
        self.broken = QLabel(self)
        self.broken.setObjectName("practiceBroken")
        self.broken.setWordWrap(True)
        self.broken.setStyleSheet("QLabel#practiceBroken { color: #b3261e; }")
        broken = training.scenarios.problems
        self.broken.setText(self.tr("Scenario files that could not be loaded (%1):").replace(
            "%1", str(len({p.file for p in broken}))) + "\n" +
            "\n".join(str(p) for p in broken) if broken else "")
        self.broken.setVisible(bool(broken))
        self.message = QLabel(self)
        self.message.setObjectName("practiceMessage")
        self.start_button = _button(self.tr("&Start (Ctrl+Return)"), self, "practiceStart")
        self.start_button.setDefault(True)
        cancel = _button(self.tr("Cancel (Esc)"), self, "practiceCancel")
        form = QFormLayout()
        form.addRow(self.tr("&Trainee"), self.trainee)
        form.addRow(self.tr("S&cenarios (Space ticks)"), self.scenarios)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.broken)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        self.start_button.clicked.connect(self.start)
        cancel.clicked.connect(self.reject)
        self.trainee.returnPressed.connect(self.scenarios.setFocus)
        action = QAction(self)
        action.setShortcuts([QKeySequence("Ctrl+Return"), QKeySequence("Ctrl+Enter")])
        action.triggered.connect(self.start)
        self.addAction(action)
        self.resize(720, 520)
        self.trainee.setFocus()

    def chosen(self) -> list[str]:
        found = []
        for row in range(self.scenarios.count()):
            entry = self.scenarios.item(row)
            if entry.checkState() == Qt.CheckState.Checked and \
                    entry.flags() & Qt.ItemFlag.ItemIsEnabled:
                found.append(str(entry.data(Qt.ItemDataRole.UserRole)))
        return found

    def start(self) -> None:
        if not self.trainee.text().strip():
            self.message.setText(self.tr("Enter the trainee's name."))
            self.trainee.setFocus()
            return
        if not self.chosen():
            self.message.setText(self.tr("Tick at least one scenario."))
            self.scenarios.setFocus()
            return
        self.accept()


# -- the counter's other side -------------------------------------------------------------------

class ScenarioPanel(QDockWidget):
    """Who is at the counter in the practice run, and what they bring."""

    card_requested = Signal(str)  # a demo card's label
    hint_requested = Signal()
    done_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("At the counter (training)"), parent)
        self.setObjectName("scenarioPanel")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        body = QWidget(self)
        self.progress = QLabel(body)
        self.progress.setObjectName("scenarioProgress")
        self.title = QLabel(body)
        self.title.setObjectName("scenarioTitle")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.says = QLabel(body)
        self.says.setObjectName("scenarioSays")
        self.says.setWordWrap(True)
        self.people = QLabel(body)
        self.people.setObjectName("scenarioPeople")
        self.people.setWordWrap(True)
        self.people.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.papers = QLabel(body)
        self.papers.setObjectName("scenarioPapers")
        self.papers.setWordWrap(True)
        self.clock = QLabel(body)
        self.clock.setObjectName("scenarioClock")
        self.hints = QLabel(body)
        self.hints.setObjectName("scenarioHints")
        self.hints.setWordWrap(True)
        self.card_button = _button(self.tr("Applicant's card on the reader (F8)"), body,
                                   "scenarioCard")
        self.agent_card_button = _button(self.tr("Agent's card on the reader (Shift+F8)"), body,
                                         "scenarioAgentCard")
        self.hint_button = _button(self.tr("Hint (Ctrl+Shift+H, costs 5 points)"), body,
                                   "scenarioHint")
        self.done_button = _button(self.tr("Done with this applicant (Ctrl+Shift+D)"),
                                   body, "scenarioDone")
        layout = QVBoxLayout(body)
        for widget in (self.progress, self.title, self.says, self.people, self.papers,
                       self.clock, self.card_button, self.agent_card_button, self.hints,
                       self.hint_button, self.done_button):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(body)
        self._cards: tuple[str | None, str | None] = (None, None)
        self.card_button.clicked.connect(lambda: self._card(0))
        self.agent_card_button.clicked.connect(lambda: self._card(1))
        self.hint_button.clicked.connect(self.hint_requested.emit)
        self.done_button.clicked.connect(self.done_requested.emit)
        self._started: dt.datetime | None = None
        self._limit: int | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._tick)

    def _card(self, which: int) -> None:
        label = self._cards[which]
        if label:
            self.card_requested.emit(label)

    def _party(self, heading: str, party: Party) -> str:
        lines = [heading, f"{party.name}（{party.id_type} {party.id_number}）"]
        if party.kind == "organisation":
            lines.append(self.tr("Represented by %1").replace("%1", party.representative))
        if party.valid_until is not None:
            lines.append(self.tr("Document valid until %1").replace(
                "%1", party.valid_until.isoformat()))
        if party.phone:
            lines.append(self.tr("Phone %1").replace("%1", party.phone))
        if party.card:
            lines.append(self.tr("Has the card “%1” to put on the reader.").replace(
                "%1", party.card))
        return "\n".join(lines)

    def show_applicant(self, scenario: Scenario, item: ServiceItem | None, number: int,
                       total: int, started: dt.datetime) -> None:
        from workstation import checklist
        from workstation.training import PaperState

        self.progress.setText(self.tr("Applicant %1 of %2").replace("%1", str(number)).replace(
            "%2", str(total)))
        self.title.setText(scenario.title)
        self.says.setText("\n".join(f"“{line}”" for line in scenario.says))
        people = [self._party(self.tr("Applicant:"), scenario.applicant)]
        if scenario.agent is not None:
            people.append(self._party(self.tr("Agent (acting for the applicant):"),
                                      scenario.agent))
        self.people.setText("\n\n".join(people))
        handed: list[str] = []
        mentions: list[str] = []
        names = {} if item is None else {m.code: m.name for m in item.materials}
        answers = {**({} if item is None else checklist.default_answers(item)),
                   **scenario.expected.answers}
        applicable = ([] if item is None else
                      [m.code for m in checklist.applicable(item, answers)])
        listed = [p.material for p in scenario.papers]
        for code in applicable + [c for c in listed if c not in applicable]:
            paper = scenario.paper(code)
            name = names.get(code, code)
            if paper.state in (PaperState.BROUGHT, PaperState.DEFECTIVE, PaperState.EXPIRED):
                handed.append(f"• {name}" + (f"（{paper.note}）" if paper.note else ""))
            elif paper.note:
                mentions.append(f"• {name}：{paper.note}")
        text = self.tr("Hands over:") + "\n" + ("\n".join(handed) or "—")
        if mentions:
            text += "\n" + self.tr("Mentions:") + "\n" + "\n".join(mentions)
        self.papers.setText(text)
        self._cards = (scenario.applicant.card,
                       None if scenario.agent is None else scenario.agent.card)
        self.card_button.setVisible(bool(self._cards[0]))
        self.agent_card_button.setVisible(bool(self._cards[1]))
        self.hints.clear()
        self.hint_button.setEnabled(bool(scenario.hints))
        self._started = started
        self._limit = scenario.time_limit_minutes
        self._tick()
        self._timer.start()
        self.show()

    def add_hint(self, text: str | None) -> None:
        if text is None:
            self.hint_button.setEnabled(False)
            return
        current = self.hints.text()
        self.hints.setText((current + "\n" if current else "") + "💡 " + text)

    def _tick(self) -> None:
        if self._started is None:
            return
        seconds = (dt.datetime.now(dt.UTC) - self._started).total_seconds()
        if self._limit is None:
            self.clock.setText(self.tr("Time: %1").replace("%1", _minutes(seconds)))
        else:
            over = seconds > self._limit * 60
            self.clock.setText(self.tr("Time: %1 of %2 min").replace(
                "%1", _minutes(seconds)).replace("%2", str(self._limit))
                + (" " + self.tr("(over)") if over else ""))
            self.clock.setStyleSheet("color: #b3261e;" if over else "")

    def stop(self) -> None:
        self._timer.stop()
        self._started = None
        self.hide()


class AssessmentDialog(QDialog):
    """The score of one applicant, each mistake, and what a good clerk does."""

    def __init__(self, scenario: Scenario, result: Assessment, last: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assessmentDialog")
        self.setWindowTitle(self.tr("How it went: %1").replace("%1", scenario.title))
        self.score = QLabel(self.tr("%1 of 100 points").replace("%1", str(result.score)), self)
        self.score.setObjectName("assessmentScore")
        font = self.score.font()
        font.setPointSizeF(font.pointSizeF() * 1.8)
        font.setBold(True)
        self.score.setFont(font)
        self.mistakes = QLabel(self)
        self.mistakes.setObjectName("assessmentMistakes")
        self.mistakes.setWordWrap(True)
        self.mistakes.setText("\n".join(
            "• " + mistake_text(m) + " " + self.tr("(−%1)").replace("%1", str(m.points))
            for m in result.mistakes) or self.tr("Everything right."))
        self.debrief = QLabel(self.tr("What a good clerk does: %1").replace(
            "%1", scenario.debrief), self)
        self.debrief.setObjectName("assessmentDebrief")
        self.debrief.setWordWrap(True)
        self.next_button = _button(self.tr("Show the report (Enter)") if last
                                   else self.tr("Next applicant (Enter)"), self,
                                   "assessmentNext")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        for widget in (self.score, self.mistakes, self.debrief, self.next_button):
            layout.addWidget(widget)
        self.resize(620, 380)
        self.next_button.setFocus()


class ReportDialog(DocumentDialog):
    """A practice run's report, to print."""

    def __init__(self, ops: Operations, training: Training, run: PracticeRun,
                 parent: QWidget | None = None) -> None:
        super().__init__(ops, document_name=lambda: REPORT_TITLE, parent=parent)
        self.setObjectName("trainingReportDialog")
        self.setWindowTitle(self.tr("Trainee report: %1").replace("%1", run.trainee))
        total = "—" if run.total is None else str(run.total)
        summary = QLabel(self.tr("%1: %2 of 100 points over %3 scenario(s).").replace(
            "%1", run.trainee).replace("%2", total).replace(
            "%3", str(len(run.scenario_ids))), self)
        summary.setWordWrap(True)
        self.assemble(summary)
        self.render_async(lambda: training.report_pdf(run))


class ResultsDialog(QDialog):
    """The trainer's view: trainees side by side, and every run with its report."""

    def __init__(self, ops: Operations, training: Training, runs: Sequence[PracticeRun],
                 lines: Sequence[TraineeSummary], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingResultsDialog")
        self.setWindowTitle(self.tr("Trainees' results"))
        self.ops = ops
        self.training = training
        self.runs = list(reversed(runs))  # newest first
        self.report: ReportDialog | None = None
        self.trainees = QTableWidget(len(lines), 7, self)
        self.trainees.setObjectName("resultsTrainees")
        self.trainees.setHorizontalHeaderLabels([
            self.tr("Trainee"), self.tr("Runs"), self.tr("Applicants"), self.tr("Average"),
            self.tr("Best"), self.tr("Last run"), self.tr("Minutes per applicant")])
        for row, line in enumerate(lines):
            for column, value in enumerate([
                    line.trainee, str(line.runs), str(line.attempts),
                    "—" if line.average is None else str(line.average),
                    "—" if line.best is None else str(line.best),
                    "—" if line.last is None else str(line.last),
                    "—" if line.minutes_per_applicant is None
                    else f"{line.minutes_per_applicant:.1f}"]):
                self.trainees.setItem(row, column, QTableWidgetItem(value))
        self.run_table = QTableWidget(len(self.runs), 4, self)
        self.run_table.setObjectName("resultsRuns")
        self.run_table.setHorizontalHeaderLabels([
            self.tr("Started"), self.tr("Trainee"), self.tr("Scenarios"), self.tr("Total")])
        for row, run in enumerate(self.runs):
            for column, value in enumerate([
                    f"{run.started_at.astimezone():%Y-%m-%d %H:%M}", run.trainee,
                    f"{sum(1 for a in run.attempts if a.score is not None)}/"
                    f"{len(run.scenario_ids)}",
                    "—" if run.total is None else str(run.total)]):
                self.run_table.setItem(row, column, QTableWidgetItem(value))
        for table in (self.trainees, self.run_table):
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.verticalHeader().hide()
            table.horizontalHeader().setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents)
            table.horizontalHeader().setStretchLastSection(True)
        self.open_button = _button(self.tr("&Open the report (Enter)"), self, "resultsOpen")
        close = _button(self.tr("Close (Esc)"), self, "resultsClose")
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Trainees, best average first:"), self))
        layout.addWidget(self.trainees, 1)
        layout.addWidget(QLabel(self.tr("Practice runs, newest first:"), self))
        layout.addWidget(self.run_table, 2)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.open_report)
        self.run_table.activated.connect(lambda _: self.open_report())
        close.clicked.connect(self.reject)
        if self.runs:
            self.run_table.selectRow(0)
        self.run_table.setFocus()
        self.resize(820, 560)

    def open_report(self) -> None:
        row = self.run_table.currentRow()
        if not 0 <= row < len(self.runs):
            return
        self.report = ReportDialog(self.ops, self.training, self.runs[row], parent=self)
        self.report.open()


# -- wiring it into the main window ---------------------------------------------------------------

class PracticeController:
    """The Training menu's practice-run actions and the scenario panel of a main window."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.ops: Operations = window.ops
        self.training: Training | None = None
        self.dialog: QDialog | None = None
        self.panel = ScenarioPanel(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        menu = window.training_menu
        self.start_action = QAction(QCoreApplication.translate(
                "Training", "&Start a practice run…"), window)
        self.start_action.setShortcut(QKeySequence("Ctrl+Shift+T"))
        self.start_action.triggered.connect(self.choose)
        self.stop_action = QAction(QCoreApplication.translate(
                "Training", "S&top the practice run"), window)
        self.stop_action.setEnabled(False)
        self.stop_action.triggered.connect(self.stop)
        self.results_action = QAction(QCoreApplication.translate(
                "Training", "Trainees' &results…"), window)
        self.results_action.triggered.connect(self.results)
        for action in (self.start_action, self.stop_action, self.results_action):
            menu.addAction(action)
        self.card_action = QAction(window)
        self.card_action.setShortcut(QKeySequence(Qt.Key.Key_F8))
        self.card_action.triggered.connect(lambda: self.panel._card(0))
        self.agent_card_action = QAction(window)
        self.agent_card_action.setShortcut(QKeySequence("Shift+F8"))
        self.agent_card_action.triggered.connect(lambda: self.panel._card(1))
        self.hint_action = QAction(window)
        self.hint_action.setShortcut(QKeySequence("Ctrl+Shift+H"))
        self.hint_action.triggered.connect(self.hint)
        self.done_action = QAction(window)
        self.done_action.setShortcut(QKeySequence("Ctrl+Shift+D"))
        self.done_action.triggered.connect(self.finish)
        for action in (self.card_action, self.agent_card_action, self.hint_action,
                       self.done_action):
            action.setEnabled(False)
            window.addAction(action)
        self.panel.card_requested.connect(self.put_card)
        self.panel.hint_requested.connect(self.hint)
        self.panel.done_requested.connect(self.finish)

    @property
    def ws(self) -> Workstation | None:
        return self.window.ws

    def _running(self, running: bool) -> None:
        self.stop_action.setEnabled(running)
        for action in (self.card_action, self.agent_card_action, self.hint_action,
                       self.done_action):
            action.setEnabled(running)

    def _tell(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 8000)

    def choose(self) -> None:
        """Open the trainer's choice of trainee and scenarios (Ctrl+Shift+T)."""
        ws = self.ws
        if ws is None or ws.session is None:
            self._tell(QCoreApplication.translate("Training", "Log in first."))
            return
        if self.training is not None and self.training.attempt is not None:
            self._tell(QCoreApplication.translate(
                    "Training", "A practice run is under way; stop it first."))
            return

        def load() -> tuple[Training, dict[str, list[str]], list[str]]:
            training = ws.training()
            problems = {s: training.problems_of(s) for s in training.scenarios.scenarios}
            trainees = sorted({r.trainee for r in training.records.runs()})
            return training, problems, trainees

        def show(loaded: tuple[Training, dict[str, list[str]], list[str]]) -> None:
            training, problems, trainees = loaded
            dialog = PracticeDialog(training, problems, trainees, self.window)
            self.dialog = dialog

            def finished(result: int) -> None:
                self.dialog = None
                if result:
                    self.start(training, dialog.trainee.text(), dialog.chosen())
                dialog.deleteLater()

            dialog.finished.connect(finished)
            dialog.open()

        self.ops.run(load, show, lambda e: self._tell(describe(e)))

    def start(self, training: Training, trainee: str, scenario_ids: list[str]) -> None:
        self.training = training
        self.ops.run(lambda: training.start(trainee, scenario_ids),
                     lambda _: self._show_applicant(), lambda e: self._tell(describe(e)))

    def _show_applicant(self) -> None:
        training = self.training
        ws = self.ws
        if training is None or ws is None:
            return
        scenario, attempt, run = training.scenario(), training.attempt, training.run
        if scenario is None or attempt is None or run is None:
            return

        def item() -> ServiceItem | None:
            return ws.item(scenario.expected.item)

        def show(found: ServiceItem | None) -> None:
            self.panel.show_applicant(scenario, found, len(run.attempts),
                                      len(run.scenario_ids), attempt.started_at)
            self._running(True)

        self.ops.run(item, show, lambda e: self._tell(describe(e)))

    def put_card(self, label: str) -> None:
        readers = self.window.card_reader
        simulated = None if readers is None else readers.simulated
        if simulated is None:
            return
        index = next((i for i, card in enumerate(simulated.cards) if card.label == label),
                     None)
        if index is None:
            self._tell(QCoreApplication.translate(
                    "Training", "No demo card “%1”.").replace("%1", label))
            return
        simulated.insert(index)

    def hint(self) -> None:
        training = self.training
        if training is None or training.attempt is None:
            return
        self.ops.run(training.hint, self.panel.add_hint, lambda e: self._tell(describe(e)))

    def finish(self) -> None:
        """The trainee is done with the applicant (Ctrl+Shift+D): assess."""
        training = self.training
        if training is None or training.attempt is None or self.dialog is not None:
            return
        scenario = training.scenario()
        assert scenario is not None
        self._running(False)

        def assessed(result: Assessment) -> None:
            run = training.run
            last = run is not None and run.done
            dialog = AssessmentDialog(scenario, result, last, self.window)
            self.dialog = dialog

            def closed(_: int) -> None:
                self.dialog = None
                dialog.deleteLater()
                if last and run is not None:
                    self.panel.stop()
                    self.report(run)
                else:
                    self._show_applicant()

            dialog.finished.connect(closed)
            dialog.open()

        def failed(error: BaseException) -> None:
            self._running(True)
            self._tell(describe(error))

        self.ops.run(training.finish, assessed, failed)

    def report(self, run: PracticeRun) -> None:
        training = self.training
        if training is None:
            return
        dialog = ReportDialog(self.ops, training, run, self.window)
        self.dialog = dialog

        def closed(_: int) -> None:
            self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def stop(self) -> None:
        training = self.training
        if training is None:
            return
        self._running(False)
        self.panel.stop()

        def stopped(run: PracticeRun | None) -> None:
            if run is not None:
                self.report(run)

        self.ops.run(training.stop, stopped, lambda e: self._tell(describe(e)))

    def results(self) -> None:
        ws = self.ws
        if ws is None:
            return
        from workstation.training import compare

        def load() -> tuple[Training, list[PracticeRun], list[TraineeSummary]]:
            training = self.training or ws.training()
            runs = training.records.runs()
            return training, runs, compare(runs)

        def show(loaded: tuple[Training, list[PracticeRun], list[TraineeSummary]]) -> None:
            dialog = ResultsDialog(self.ops, *loaded, parent=self.window)
            self.dialog = dialog

            def closed(_: int) -> None:
                self.dialog = None
                dialog.deleteLater()

            dialog.finished.connect(closed)
            dialog.open()

        self.ops.run(load, show, lambda e: self._tell(describe(e)))


def install(window: MainWindow) -> PracticeController:
    """Add practice runs to the Training menu of a sandbox window."""
    return PracticeController(window)
