"""The main window driven from the keyboard, against the real core and server."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from server.seed.demo import demo_items
from tests.conftest import ServerProcess
from tests.ui.helpers import (
    WindowFactory,
    all_items_shown,
    login,
    on_ops,
    ready,
    type_text,
)
from ui.main_window import MainWindow
from ui.ops import Operations
from workstation.core import Workstation
from workstation.paths import Mode, paths_for
from workstation.secrets import FileVault


def test_sandbox_login_sync_and_read_a_guide_by_keyboard(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(sandbox=True)
    assert window.banner.isVisible() and "培训" in window.banner.text()
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    assert window.connection_label.text() == "Online"
    assert "王晓梅" in window.session_label.text()
    qtbot.waitUntil(lambda: all_items_shown(window), timeout=20000)
    kb = window.kb
    qtbot.waitUntil(window.isActiveWindow)
    assert kb.search.hasFocus()  # login leaves the clerk in the search box
    kb.items.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert kb.search.hasFocus()
    # Pinyin initials, results as you type, Enter opens the first, guide shows.
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        qtbot.keyClicks(kb.search, "hzqf")
    first = kb.model.row(0)
    assert first.name == "普通护照签发" and first.spans == ((2, 6),)
    with qtbot.waitSignal(kb.item_opened, timeout=5000):
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)
    target = next(i for i in demo_items() if i["name"] == "普通护照签发")
    text = kb.detail.toPlainText()
    assert target["materials"][0]["name"] in text and target["legal_basis"][0] in text
    # Esc clears the box and brings the browse list back.
    kb.search.setFocus()
    qtbot.keyClick(kb.search, Qt.Key.Key_Escape)
    assert kb.search.text() == ""
    qtbot.waitUntil(lambda: all_items_shown(window))


def test_arrows_move_through_results_without_leaving_the_box(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    kb = window.kb
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        type_text(qtbot, kb.search, "登记")
    assert kb.model.rowCount() > 3
    qtbot.keyClick(kb.search, Qt.Key.Key_Down)
    qtbot.keyClick(kb.search, Qt.Key.Key_Down)
    assert kb.items.currentIndex().row() == 2 and kb.search.hasFocus()
    qtbot.keyClick(kb.search, Qt.Key.Key_Up)
    assert kb.items.currentIndex().row() == 1
    chosen = kb.model.row(1)
    with qtbot.waitSignal(kb.item_opened, timeout=5000) as shown:
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)
    assert shown.args == [chosen.code]


def test_favourites_and_recent_items_per_clerk(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    kb = window.kb
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        qtbot.keyClicks(kb.search, "lihun")
    code = kb.model.row(0).code
    with qtbot.waitSignal(kb.item_opened, timeout=5000):
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)
    assert not kb.favourite_button.isChecked()
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(kb.favourite_button.isChecked)
    # The navigation shows one favourite and one recent item, and lists them.
    qtbot.waitUntil(lambda: "(1)" in kb.nav.item(0).text() and "(1)" in kb.nav.item(1).text())
    with qtbot.waitSignal(kb.list_loaded, timeout=5000):
        kb.search.clear()  # back to browsing: the current list loads first
    for row in (0, 1):
        with qtbot.waitSignal(kb.list_loaded, timeout=5000):
            kb.nav.setCurrentRow(row)
        assert kb.model.rowCount() == 1 and kb.model.row(0).code == code
    assert kb.model.row(0).favourite
    # Ctrl+D again removes it.
    qtbot.keyClick(window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not kb.favourite_button.isChecked())
    qtbot.waitUntil(lambda: "(0)" in kb.nav.item(0).text())


def test_browse_by_department_and_by_item_type(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = ready(qtbot, window_factory)
    kb = window.kb
    rows = {kb.nav.item(r).data(Qt.ItemDataRole.UserRole): r for r in range(kb.nav.count())}
    assert {"favourites", "recent", "all", "department", "type"} <= set(rows)
    for kind, field in (("department", "department"), ("type", "item_type")):
        row = next(r for r in range(kb.nav.count())
                   if kb.nav.item(r).data(Qt.ItemDataRole.UserRole) == kind)
        value = kb.nav.item(row).data(Qt.ItemDataRole.UserRole + 1)
        with qtbot.waitSignal(kb.list_loaded, timeout=5000):
            kb.nav.setCurrentRow(row)
        expected = sum(1 for i in demo_items() if i[field] == value)
        assert kb.model.rowCount() == expected > 0


def test_wrong_password_shows_message_and_keeps_dialog(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(sandbox=True)
    dialog = login(qtbot, window, password="wrong-password")
    qtbot.waitUntil(lambda: "Wrong user name or password" in dialog.message.text())
    assert dialog.isVisible() and window.session is None
    assert dialog.password.text() == "" and dialog.username.isEnabled()


def test_server_down_at_start_works_offline_from_cache(
    qtbot: QtBot, window_factory: WindowFactory, server: ServerProcess
) -> None:
    first = ready(qtbot, window_factory, server.url)
    assert first.ws is not None
    first.close()
    first.bridge = None
    first.ws.close()
    first.ws = None
    server.stop()

    again = window_factory(url=server.url)
    with qtbot.waitSignal(again.logged_in, timeout=20000):
        login(qtbot, again)
    assert again.connection_label.text() == "Offline"
    qtbot.waitUntil(lambda: all_items_shown(again))
    qtbot.waitUntil(lambda: "server cannot be reached" in again.sync_label.text(),
                    timeout=20000)


def test_no_server_and_no_previous_login_explains_why(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(url="")
    dialog = login(qtbot, window)
    qtbot.waitUntil(lambda: "never logged in on this workstation" in dialog.message.text())
    assert window.session is None


def test_f5_syncs_now(qtbot: QtBot, window_factory: WindowFactory) -> None:
    window = window_factory(sandbox=True)
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    qtbot.waitUntil(lambda: "Last sync" in window.sync_label.text(), timeout=20000)
    assert window.bridge is not None
    with qtbot.waitSignal(window.bridge.report, timeout=20000):
        qtbot.keyClick(window, Qt.Key.Key_F5)


def test_sandbox_card_reader_shows_masked_identity(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    window = window_factory(sandbox=True)
    assert window.card_reader is not None
    simulated = window.card_reader.simulated
    assert simulated is not None
    assert window.devices_menu.menuAction().isVisible()
    qtbot.waitUntil(lambda: window.card_status.text() == "Card reader ready")
    simulated.insert(0)
    person = simulated.cards[0].identity
    assert person is not None
    qtbot.waitUntil(lambda: "valid until" in window.card_status.text(), timeout=5000)
    text = window.card_status.text()
    assert person.name not in text and person.id_number not in text
    assert text.startswith(person.name[0] + "**") and person.id_number[-4:] in text
    expired = next(i for i, c in enumerate(simulated.cards)
                   if c.identity and c.identity.valid_until
                   and c.identity.valid_until.year < 2026)
    simulated.insert(expired)
    qtbot.waitUntil(lambda: "EXPIRED" in window.card_status.text(), timeout=5000)
    damaged = next(i for i, c in enumerate(simulated.cards) if c.identity is None)
    simulated.insert(damaged)
    qtbot.waitUntil(lambda: "cannot be read" in window.card_status.text(), timeout=5000)


def test_production_has_no_simulated_devices(qtbot: QtBot, window_factory: WindowFactory,
                                             server: ServerProcess) -> None:
    window = window_factory(url=server.url)
    readers = window.card_reader
    assert readers is not None and readers.simulated is None
    simulated_actions = [a for a in window.devices_menu.actions() if a.menu() is not None]
    assert simulated_actions == []  # no "put a demo card" menu
    # No PC/SC service in this test: said once, calmly, and the window works on.
    qtbot.waitUntil(lambda: "smart-card service" in window.card_status.text(), timeout=5000)
    assert readers.diagnostics().pcsc_service == "unavailable"


def test_settings_validate_and_save(qtbot: QtBot, window_factory: WindowFactory,
                                   server: ServerProcess, tmp_path: Path) -> None:
    from ui.settings_dialog import SettingsDialog
    from workstation import settings as settings_io

    window = window_factory(url=server.url)
    assert window.ws is not None
    dialog = SettingsDialog(window.ws.settings, sandbox=False, parent=window)
    qtbot.addWidget(dialog)
    dialog.server_url.setText("ftp://nowhere")
    dialog._save()
    assert dialog.result_settings is None and "Server URL" in dialog.message.text()
    dialog.server_url.setText("https://zwfw.example.gov.cn/")
    dialog.ca_bundle.setText(str(tmp_path / "missing.pem"))
    dialog._save()
    assert dialog.result_settings is None and "CA bundle" in dialog.message.text()
    bundle = tmp_path / "ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    dialog.ca_bundle.setText(str(bundle))
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    dialog._save()
    assert dialog.result_settings is not None
    window.ws.save_settings(dialog.result_settings)
    saved = settings_io.load(window.ws.paths.settings)
    assert (saved.server_url, saved.ca_bundle, saved.language) == (
        "https://zwfw.example.gov.cn/", str(bundle), "en")


def test_card_reader_settings_and_diagnostics(qtbot: QtBot, window_factory: WindowFactory
                                             ) -> None:
    from ui.card_reader import DiagnosticsDialog
    from ui.settings_dialog import SettingsDialog

    window = window_factory(sandbox=True)
    assert window.ws is not None and window.card_reader is not None
    readers = window.card_reader
    dialog = SettingsDialog(window.ws.settings, sandbox=True, readers=readers, parent=window)
    qtbot.addWidget(dialog)
    assert dialog.card_reader.currentData() == ""  # automatic
    dialog.id_library.setText("libsdtapi.so")  # a bare name: the loader's search is no path
    dialog._save()
    assert dialog.result_settings is None and "ID-card reader library" in dialog.message.text()
    dialog.id_library.setText("/opt/vendor/libsdtapi.so")
    dialog.id_port.setCurrentIndex(dialog.id_port.findData(3))  # serial port 3
    dialog._save()
    assert dialog.result_settings is not None
    assert (dialog.result_settings.id_card_library, dialog.result_settings.id_card_port) == (
        "/opt/vendor/libsdtapi.so", 3)
    # Document capture: the demo papers unless a camera is chosen; the choices saved.
    assert dialog.camera.currentData() == "" and dialog.camera.currentText() == \
        "Training demo papers"
    dialog.camera_size.setCurrentIndex(dialog.camera_size.findData("4208x3120"))
    dialog.scanner.setText("test:0")
    dialog.scanner_source.setCurrentIndex(dialog.scanner_source.findData("adf"))
    dialog.capture_dpi.setCurrentIndex(dialog.capture_dpi.findData(300))
    dialog.enhancement.setCurrentIndex(dialog.enhancement.findData("colour"))
    dialog._save()
    saved = dialog.result_settings
    assert saved is not None
    assert (saved.camera_width, saved.camera_height, saved.scanner_device, saved.scanner_source,
            saved.capture_dpi, saved.capture_enhancement) == (4208, 3120, "test:0", "adf", 300,
                                                              "colour")
    # Slow lines: a rate cap below 8 KB/s is refused (it would never drain), 0 is no cap.
    dialog.sending["kbps"].setValue(4)
    dialog._save()
    assert dialog.result_settings is None and "Upload at most" in dialog.message.text()
    dialog.sending["kbps"].setValue(64)
    dialog.sending["retention"].setValue(90)
    dialog._save()
    assert dialog.result_settings is not None
    assert (dialog.result_settings.upload_kbps, dialog.result_settings.retention_days) == (
        64, 90)

    diagnostics = DiagnosticsDialog(readers.diagnostics, window)
    qtbot.addWidget(diagnostics)
    qtbot.waitUntil(lambda: "not running" in diagnostics.summary.text(), timeout=5000)
    diagnostics.refresh()
    names = [diagnostics.readers.item(row, 0).text()
             for row in range(diagnostics.readers.rowCount())]
    assert "Simulated reader" in names
    assert "ID-card reader: not configured" in diagnostics.summary.text()
    diagnostics.copy()
    from PySide6.QtGui import QGuiApplication

    assert "Smart-card service (PC/SC)" in QGuiApplication.clipboard().text()


def test_sandbox_settings_cannot_point_at_a_server(qtbot: QtBot,
                                                   window_factory: WindowFactory) -> None:
    from ui.settings_dialog import SettingsDialog

    window = window_factory(sandbox=True)
    assert window.ws is not None
    dialog = SettingsDialog(window.ws.settings, sandbox=True, parent=window)
    qtbot.addWidget(dialog)
    assert not dialog.server_url.isEnabled() and not dialog.ca_bundle.isEnabled()


def test_newer_database_is_refused_with_a_message(qtbot: QtBot, ops: Operations,
                                                  tmp_path: Path) -> None:
    import sqlite3

    from offline.db import latest_version

    paths = paths_for(Mode.PRODUCTION, tmp_path / "data")
    paths.root.mkdir(parents=True)
    raw = sqlite3.connect(paths.database)
    raw.execute(f"PRAGMA user_version = {latest_version() + 1}")
    raw.close()
    before = paths.database.read_bytes()
    window = MainWindow(ops, sandbox=False)
    qtbot.addWidget(window)
    window.show()
    ops.run(lambda: Workstation(paths, server_url="", vault=FileVault(tmp_path / "v.json")),
            window.attach, window.open_failed)
    qtbot.waitUntil(lambda: getattr(window, "open_error", None) is not None)
    assert "newer version" in window.open_error.text()
    assert paths.database.read_bytes() == before
    window.open_error.done(0)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_material_list_for_the_chosen_situation(
    qtbot: QtBot, window_factory: WindowFactory, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ui.material_list_dialog import MaterialListDialog

    window = ready(qtbot, window_factory)
    kb = window.kb
    raw = next(i for i in demo_items() if i["situations"] and any(m["when"] for m in
                                                                   i["materials"]))
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        type_text(qtbot, kb.search, raw["code"])
    with qtbot.waitSignal(kb.item_opened, timeout=5000):
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(kb.list_dialog, MaterialListDialog))
    dialog = kb.list_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=10000)
    first = dialog.pdf
    assert first is not None and first.startswith(b"%PDF")
    assert dialog.preview.page_count() == 1
    # Another answer switches other materials on: the count and the PDF change.
    situation = next(s for s in raw["situations"]
                     if any(o["code"] in m["when"] for o in s["options"][1:]
                            for m in raw["materials"]))
    from server.contract import ServiceItem
    from workstation import checklist

    item = ServiceItem.model_validate(raw)
    before = [m.name for m in checklist.applicable(item, dialog.answers())]
    code, button = dialog.groups[situation["code"]][1]
    with qtbot.waitSignal(dialog.rendered, timeout=10000):
        button.setChecked(True)
    assert code in dialog.answers()[situation["code"]]
    after = [m.name for m in checklist.applicable(item, dialog.answers())]
    assert after != before and dialog.pdf != first
    assert dialog.summary.text().startswith(f"{len(after)} materials")
    target = tmp_path / "list.pdf"
    from PySide6.QtWidgets import QFileDialog

    # The native save dialog is the platform's; answer it the way a clerk would.
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *a, **k: (str(target), "")))
    dialog.save()
    assert target.read_bytes() == dialog.pdf
    dialog.close()


def test_a_running_sync_can_be_stopped_and_keeps_what_it_received(
    qtbot: QtBot, window_factory: WindowFactory,
    server_factory: Callable[..., ServerProcess],
) -> None:
    from offline import catalogue, replica

    server = server_factory("--synthetic", "3000")
    with server.admin() as admin:  # every catalogue page takes 0.4 s from now on
        admin.post("/v1/admin/faults", json={"path_prefix": "/v1/catalogue/changes",
                                             "mode": "delay", "delay_ms": 400, "count": 50})
    window = window_factory(url=server.url)
    with qtbot.waitSignal(window.logged_in, timeout=20000):
        login(qtbot, window)
    qtbot.waitUntil(window.stop_sync_action.isEnabled, timeout=20000)  # pages are coming
    assert window.bridge is not None
    with qtbot.waitSignal(window.bridge.report, timeout=20000) as stopped:
        window.stop_sync_action.trigger()
    assert stopped.args[0].cancelled
    assert "stopped" in window.sync_label.text()
    assert not window.stop_sync_action.isEnabled()
    ws = window.ws
    assert ws is not None
    kept = catalogue.item_count(ws.store.conn)
    assert 0 < kept < 3000  # some pages arrived, not all
    assert replica.feed_state(ws.store.conn, replica.CATALOGUE).rows == kept


def test_expired_session_asks_the_same_clerk_to_log_in_again(
    qtbot: QtBot, window_factory: WindowFactory, server: ServerProcess
) -> None:
    window = ready(qtbot, window_factory, server.url)
    first = window.login_dialog
    with server.admin() as admin:  # the server forgets every token of this clerk
        admin.post("/v1/admin/tokens/expire", params={"kind": "refresh"})
        admin.post("/v1/admin/tokens/expire", params={"kind": "access"})
    assert window.bridge is not None
    with qtbot.waitSignal(window.bridge.report, timeout=20000) as failed:
        window.sync_now()
    assert failed.args[0].error_code == "api.session_expired"
    qtbot.waitUntil(lambda: window.login_dialog is not first
                    and window.login_dialog.isVisible())
    dialog = window.login_dialog
    assert dialog.username.text() == "demo" and dialog.username.isReadOnly()
    assert window.isVisible()  # the counter keeps working meanwhile
    with qtbot.waitSignal(window.bridge.report, timeout=20000) as resumed:
        qtbot.keyClicks(dialog.password, "demo1234")
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert resumed.args[0].ok


def test_blank_forms_and_samples_preview_from_the_guide_and_the_keyboard(
    qtbot: QtBot, window_factory: WindowFactory
) -> None:
    from PySide6.QtCore import QUrl

    from printing.forms import Variant
    from server.contract import ServiceItem
    from ui.forms_dialog import FormsDialog
    from workstation import checklist

    window = ready(qtbot, window_factory)
    kb = window.kb
    raw = next(i for i in demo_items()
               if sum(1 for m in i["materials"] if m.get("form")) >= 2
               and any(m.get("sample") for m in i["materials"]))
    documents = checklist.form_documents(ServiceItem.model_validate(raw))
    with qtbot.waitSignal(kb.search_done, timeout=5000):
        type_text(qtbot, kb.search, raw["code"])
    with qtbot.waitSignal(kb.item_opened, timeout=5000):
        qtbot.keyClick(kb.search, Qt.Key.Key_Return)
    assert kb.forms_button.isEnabled()
    # The guide names each form as a link.
    assert 'href="form:' in kb.detail.toHtml()
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: isinstance(kb.forms_dialog, FormsDialog))
    dialog = kb.forms_dialog
    assert dialog is not None
    assert dialog.list.count() == len(documents)
    qtbot.waitUntil(dialog.list.hasFocus)  # the clerk goes on with the arrow keys
    qtbot.waitUntil(lambda: dialog.pdf is not None, timeout=10000)
    first = dialog.pdf
    assert first is not None and first.startswith(b"%PDF")
    assert dialog.preview.page_count() >= 1 and dialog.output.pdf == first
    with qtbot.waitSignal(dialog.rendered, timeout=10000):
        qtbot.keyClick(dialog.list, Qt.Key.Key_Down)
    assert dialog.current() == documents[1] and dialog.pdf != first
    dialog.close()
    # A link in the guide opens the dialog on that very document.
    wanted = next(d for d in documents if d.variant is Variant.SAMPLE)
    kb.detail.anchorClicked.emit(QUrl(f"form:{wanted.material_code}/sample"))
    qtbot.waitUntil(lambda: kb.forms_dialog is not dialog)
    linked = kb.forms_dialog
    assert linked is not None and linked.current() == wanted
    qtbot.waitUntil(lambda: linked.pdf is not None, timeout=10000)
    linked.close()


def test_a_form_missing_from_the_replica_says_so(
    qtbot: QtBot, window_factory: WindowFactory, ops: Operations
) -> None:
    from ui.forms_dialog import FormsDialog

    window = ready(qtbot, window_factory)
    ws = window.ws
    assert ws is not None
    on_ops(qtbot, window, lambda: ws.store.conn.execute("DELETE FROM forms"))
    raw = next(i for i in demo_items() if any(m.get("form") for m in i["materials"]))
    item = on_ops(qtbot, window, lambda: ws.item(raw["code"]))
    assert item is not None
    dialog = FormsDialog(ops, ws, item, parent=window)
    qtbot.waitUntil(lambda: "not reached this workstation" in
                    " ".join(label.text() for label in dialog.preview.labels), timeout=10000)
    assert dialog.pdf is None and not dialog.output.print_button.isEnabled()
    assert not dialog.output.save_button.isEnabled()
    dialog.close()
