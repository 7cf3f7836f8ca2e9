"""The sync panel in the real main window (sandbox server): what waits, what failed and
why, sending again, letting a refused record go (audited)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from offline import audit, outbox
from server.contract.cases import CaseStatus
from tests.ui.helpers import WindowFactory, on_ops, ready, sync
from tests.workstation.test_cases import filled
from ui.main_window import MainWindow
from ui.sync_panel import SyncPanel
from workstation import capture
from workstation.core import Workstation
from workstation.sync import SyncProgress


def case_with_page(qtbot: QtBot, window: MainWindow) -> tuple[str, str]:
    """A decided case with a 300 KB page, not yet sent: (case uuid, page hash)."""
    ws = window.ws
    assert ws is not None

    def make() -> tuple[str, str]:
        draft = filled(ws)
        page = ws.store_page(os.urandom(300 * 1024), "image/jpeg", width=1654, height=2339,
                             dpi=200)
        capture.attach(draft, draft.item.materials[0].code, [page])
        ws.decide(draft, CaseStatus.ACCEPTED)
        return str(draft.case_uuid), page.sha256

    return on_ops(qtbot, window, make)


def open_panel(qtbot: QtBot, window: MainWindow) -> SyncPanel:
    qtbot.keyClick(window, Qt.Key.Key_Y,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    panel = window.sync_panel
    assert panel is not None
    qtbot.waitUntil(lambda: panel.details is not None, timeout=5000)
    return panel


def test_a_refused_case_is_explained_sent_again_or_let_go(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    window = ready(qtbot, window_factory)
    ws = window.ws
    assert ws is not None
    first, first_page = case_with_page(qtbot, window)
    second, second_page = case_with_page(qtbot, window)
    # Both pages vanish from the disk (a careless cleanup); one is found again later.
    kept = tmp_path / "kept"
    shutil.copy(ws.store.attachments.path(first_page), kept)
    for sha in (first_page, second_page):
        ws.store.attachments.path(sha).unlink()
    sync(qtbot, window)
    panel = open_panel(qtbot, window)
    assert panel.table.rowCount() == 4  # two pages, two cases: refused, with the reason
    texts = [[panel.table.item(r, c).text() for c in range(5)] for r in range(4)]
    assert all(row[2] == "Refused" for row in texts)
    assert sum("missing on this workstation" in row[3] for row in texts) == 2
    assert sum("could not be sent" in row[3] for row in texts) == 2
    assert all("Ask support" in row[4] for row in texts)
    numbers = {row[0] for row in texts}
    assert len(numbers) == 2 and "—" not in numbers  # each row names its case
    assert "4 refused by the server" in window.sync_label.text()

    # The first page is put back: its case is sent again, and takes the page along.
    shutil.copy(kept, ws.store.attachments.path(first_page))
    row = next(r for r, t in enumerate(panel.details.troubles)  # type: ignore[union-attr]
               if t.op == "case.put" and t.target == first)
    panel.table.selectRow(row)
    with qtbot.waitSignal(window.bridge.report, timeout=30000):  # type: ignore[union-attr]
        qtbot.keyClick(panel.table, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10000)
    assert {t.target for t in panel.details.troubles  # type: ignore[union-attr]
            } == {second, second_page}

    # The second is let go: no longer counted, kept as history, audited.
    row = next(r for r, t in enumerate(panel.details.troubles)  # type: ignore[union-attr]
               if t.op == "case.put")
    panel.table.selectRow(row)
    panel.confirm_let_go = lambda _: True
    with qtbot.waitSignal(panel.acted, timeout=5000):
        qtbot.keyClick(panel.table, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=5000)
    events = on_ops(qtbot, window, lambda: audit.of_target(ws.store.conn, ws.store.cipher,
                                                           second))
    assert [e.action for e in events][-1] == "sync.let_go"
    assert events[-1].actor == "demo"
    counts = on_ops(qtbot, window, lambda: outbox.counts(ws.store.conn))
    assert counts.rejected == 1  # the page of the case let go is still shown
    panel.close()


def test_waiting_records_and_their_age_are_shown_with_a_warning(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    ws = window.ws
    assert ws is not None
    ws.save_settings(dataclasses.replace(ws.settings, pending_warn_hours=1))
    window.stop_sync()
    case_with_page(qtbot, window)

    def backdate(workstation: Workstation) -> None:
        old = (dt.datetime.now(dt.UTC) - dt.timedelta(hours=30)).isoformat()
        with workstation.store.conn:
            workstation.store.conn.execute("UPDATE outbox SET created_at = ?", (old,))

    on_ops(qtbot, window, lambda: backdate(ws))
    panel = open_panel(qtbot, window)
    assert panel.waiting.text() == "Waiting to be sent: 2 records, 300 KB of scanned pages"
    assert panel.warning.isVisible() and "30 h" in panel.warning.text()
    assert panel.empty.isVisible()  # nothing failed
    window._refresh_overview()
    qtbot.waitUntil(lambda: "⚠" in window.sync_label.text(), timeout=5000)
    assert "(300 KB)" in window.sync_label.text()
    panel.show_progress(SyncProgress("upload", 64 * 1024))
    panel.show_progress(SyncProgress("upload", 128 * 1024))
    assert panel.transfer.text().startswith("Sending a scanned page: 128 KB sent at ")
    panel.sync_finished()
    assert panel.transfer.text() == "Nothing is being sent right now."
    panel.close()


def test_the_network_coming_back_starts_a_sync_at_once(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    from PySide6.QtNetwork import QNetworkInformation

    window = ready(qtbot, window_factory)
    assert window.bridge is not None
    qtbot.waitUntil(lambda: not window.stop_sync_action.isEnabled(), timeout=20000)
    with qtbot.assertNotEmitted(window.bridge.report, wait=300):
        window.network_changed(QNetworkInformation.Reachability.Disconnected)
    with qtbot.waitSignal(window.bridge.report, timeout=20000):
        window.network_changed(QNetworkInformation.Reachability.Online)


def test_a_damaged_store_is_explained_before_login(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    from offline import backup
    from workstation.paths import Mode, paths_for
    from workstation.secrets import FileVault

    paths = paths_for(Mode.SANDBOX, tmp_path / "data")
    first = Workstation(paths, server_url="", vault=FileVault(tmp_path / "vault.json"))
    backup.make(first.store.conn, first.store.path)
    first.close()
    with paths.database.open("r+b") as handle:
        handle.truncate(paths.database.stat().st_size // 2)
    window = window_factory(sandbox=True)
    qtbot.waitUntil(lambda: isinstance(getattr(window, "recovery_box", None), QMessageBox),
                    timeout=20000)
    box = window.recovery_box
    text = box.text()
    assert "was damaged" in text and "restored from the automatic backup" in text
    assert "nothing was deleted" in text
    assert getattr(window, "login_dialog", None) is None  # first the news, then the login
    box.accept()
    qtbot.waitUntil(lambda: getattr(window, "login_dialog", None) is not None, timeout=5000)


def test_large_pages_wait_for_the_upload_window_unless_the_clerk_sends_them(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    from PySide6.QtCore import QTime

    from ui.settings_dialog import SettingsDialog

    window = ready(qtbot, window_factory)
    ws = window.ws
    assert ws is not None
    # The clerk sets a window that is closed now, in the settings dialog.
    now = dt.datetime.now()
    dialog = SettingsDialog(ws.settings, sandbox=True, parent=window)
    qtbot.addWidget(dialog)
    assert not dialog.window_start.isEnabled()
    dialog.window_on.setChecked(True)
    assert dialog.window_on.isChecked() and dialog.window_start.isEnabled()
    opens, closes = now + dt.timedelta(hours=2), now + dt.timedelta(hours=3)
    dialog.window_start.setTime(QTime(opens.hour, opens.minute))
    dialog.window_end.setTime(QTime(closes.hour, closes.minute))
    dialog._save()
    assert dialog.result_settings is not None
    spec = f"{opens:%H:%M}-{closes:%H:%M}"
    assert dialog.result_settings.upload_window == spec
    assert dialog.result_settings.upload_window_min_kb == 256
    with qtbot.waitSignal(window.settings_applied, timeout=5000):
        window.apply_settings(dialog.result_settings)

    # The running sync holds the 300 KB page, and with it its case.
    case, page = case_with_page(qtbot, window)
    sync(qtbot, window)
    panel = open_panel(qtbot, window)
    assert panel.window_label.isVisible() and panel.window_button.isVisible()
    assert panel.window_label.text() == (
        f"1 large scanned pages (300 KB) wait for the upload window {spec.replace('-', '–')}; "
        f"it opens at {opens:%H:%M}. For an urgent case, send them now.")
    assert panel.empty.isVisible()  # held is not failed
    assert on_ops(qtbot, window, lambda: outbox.counts(ws.store.conn).pending) == 2

    # An urgent case: Ctrl+U sends what waits now (audited), the window stays for the rest.
    assert window.bridge is not None
    with qtbot.waitSignal(window.bridge.report, timeout=30000), \
            qtbot.waitSignal(panel.acted, timeout=5000) as acted:
        qtbot.keyClick(panel, Qt.Key.Key_U, Qt.KeyboardModifier.ControlModifier)
    assert acted.args == ["open_window", 2]
    qtbot.waitUntil(lambda: on_ops(qtbot, window, lambda: outbox.counts(
        ws.store.conn).pending) == 0, timeout=20000)
    events = on_ops(qtbot, window, lambda: audit.of_target(ws.store.conn, ws.store.cipher,
                                                           spec))
    assert [(e.action, e.actor) for e in events] == [("sync.window_opened", "demo")]
    panel.refresh()
    qtbot.waitUntil(lambda: not panel.window_button.isVisible(), timeout=5000)
    assert panel.window_label.text().startswith("Upload window ")
    assert case and page
    panel.close()
