"""Sandbox mode never contacts the configured production server (#9).

A real TCP listener on 127.0.0.1 stands for the production server and records every
connection. Its URL is configured every way a clerk could: the production settings file,
`--server-url` on the command line, and a settings file copied into the sandbox's folder.
(No WORKSTATION_* variable names a server; WORKSTATION_HOME, the one that applies, points
both modes at this test's folder, where the production settings hold the URL.) The
application then starts in sandbox mode through its real start-up path, and a clerk logs
in, searches the knowledge base, looks up electronic licences, takes in and decides a
case, prints its receipt and syncs: all of it reaches the embedded training server, none
of it the listener.
"""

from __future__ import annotations

import dataclasses
import os
import select
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.ui.helpers import admin, all_items_shown, login, sync, type_text
from tests.ui.running import started
from tests.ui.test_intake_view import decide, enter_applicant, open_case, tick_all_received
from ui.intake_view import CaseDocumentDialog
from workstation import settings as settings_io
from workstation.core import SANDBOX_PRINTER
from workstation.paths import Mode, paths_for


class Listener:
    """Accepts and records every TCP connection to 127.0.0.1:port, then hangs up."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.connections: list[tuple[str, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="production-listener")
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self.sock], [], [], 0.05)
            if ready:
                conn, peer = self.sock.accept()
                self.connections.append(peer)
                conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self.sock.close()


@pytest.fixture
def production_server() -> Iterator[Listener]:
    listener = Listener()
    yield listener
    listener.close()


def test_sandbox_mode_never_contacts_the_production_server(
    qtbot: QtBot, production_server: Listener, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = production_server.url
    production = paths_for(Mode.PRODUCTION)
    assert production.root.parent == Path(os.environ["WORKSTATION_HOME"])  # this test's
    settings_io.save(production.settings, dataclasses.replace(
        settings_io.Settings(), server_url=url, status_query_url=f"{url}status"))
    configured = production.settings.read_bytes()
    sandbox = paths_for(Mode.SANDBOX)
    sandbox.root.mkdir(parents=True)
    sandbox.settings.write_bytes(configured)  # as if copied over by hand

    with started(["--sandbox", "--server-url", url, "--language", "en"],
                 monkeypatch) as running:
        window = running.window
        assert window.sandbox and window.banner.isVisible()
        with qtbot.waitSignal(window.logged_in, timeout=20000):
            login(qtbot, window)
        ws = window.ws
        assert ws is not None and ws.embedded is not None
        assert ws.server_url == ws.embedded.url != url.rstrip("/")
        qtbot.waitUntil(lambda: all_items_shown(window), timeout=20000)
        qtbot.waitUntil(window.isActiveWindow)

        # The knowledge base: a search and a guide.
        kb = window.kb
        with qtbot.waitSignal(kb.search_done, timeout=5000):
            type_text(qtbot, kb.search, "hzqf")
        with qtbot.waitSignal(kb.item_opened, timeout=5000):
            qtbot.keyClick(kb.search, Qt.Key.Key_Return)
        kb.search.clear()

        # A case: electronic licences asked of the server, accepted, the receipt printed.
        view = open_case(qtbot, window)
        enter_applicant(qtbot, view, "110101199003078523")
        tick_all_received(qtbot, view)
        with qtbot.waitSignal(view.licences_loaded, timeout=10000) as loaded:
            qtbot.keyClick(view.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
        assert loaded.args[0] > 0
        case = decide(qtbot, view)
        assert case.case_number.startswith("PX")
        qtbot.waitUntil(lambda: isinstance(view.document_dialog, CaseDocumentDialog))
        dialog = view.document_dialog
        assert dialog is not None
        output = dialog.output
        qtbot.waitUntil(lambda: dialog.pdf is not None and output.printer.isEnabled(),
                        timeout=15000)
        output.printer.setCurrentIndex(output.printer.findData(SANDBOX_PRINTER))
        with qtbot.waitSignal(output.printed, timeout=20000):
            output.print_button.click()
        dialog.close()
        assert [p.suffix for p in ws.printed_folder.iterdir()] == [".pdf"]

        # A sync now: the case reaches the training server.
        sync(qtbot, window)
        with admin(window) as back_office:
            assert back_office.get(f"/v1/admin/cases/{case.uuid}").status_code == 200

    assert production_server.connections == []
    # Nothing of production was read into the sandbox, or written: only its settings.
    assert production.settings.read_bytes() == configured
    assert {p.name for p in production.root.iterdir()} == {"settings.json"}
