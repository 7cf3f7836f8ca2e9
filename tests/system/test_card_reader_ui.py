"""A passport on a real PC/SC reader fills the intake applicant panel.

The whole path: our eMRTD emulator on a vpcd reader of a private pcscd, libpcsclite,
pyscard, the reader manager's thread, the queued signal, the dialog asking for the
data-page details, BAC and secure messaging, and the applicant panel with the photo.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate
from pytestqt.qtbot import QtBot

from devices.cards.emulator.emrtd import ATR, EmrtdChip
from devices.cards.emulator.pcscd import PrivatePcscd
from devices.cards.emulator.vpcd import VirtualCard
from tests.devices.test_passport import KEY, chip_files
from tests.ui.conftest import errors, ops, window_factory  # noqa: F401 - shared fixtures
from tests.ui.helpers import WindowFactory, ready
from tests.ui.test_intake_view import open_case
from ui.card_reader import AccessKeyDialog

pytestmark = pytest.mark.system


@pytest.fixture
def passport(pcscd: PrivatePcscd) -> Iterator[VirtualCard]:
    card = VirtualCard(EmrtdChip(chip_files(), KEY.information),
                       pcscd.readers["Counter Reader"].port, atr=ATR)
    yield card
    card.remove()


def test_a_passport_on_the_pcsc_reader_fills_the_applicant_panel(
    qtbot: QtBot, window_factory: WindowFactory, passport: VirtualCard,  # noqa: F811
) -> None:
    window = ready(qtbot, window_factory)
    qtbot.waitUntil(lambda: window.card_status.text() == "3 card readers ready",
                    timeout=10000)  # two vpcd slots and the simulated reader
    view = open_case(qtbot, window)
    view.applicant.id_type.setCurrentText("普通护照")
    view.applicant.id_number.setText("ej1234567")
    view.applicant.changed.emit()
    passport.insert()

    qtbot.waitUntil(lambda: window._access_dialog is not None, timeout=15000)
    dialog = window._access_dialog
    assert isinstance(dialog, AccessKeyDialog)
    assert dialog.number.text() == "EJ1234567"  # taken from the applicant as typed
    dialog.birth.setDate(QDate(1988, 12, 1))
    dialog.expiry.setDate(QDate(2031, 4, 1))
    dialog._accept()

    form = view.applicant
    qtbot.waitUntil(lambda: form.card is not None, timeout=20000)
    assert form.name.text() == "ZHOU MINGYUAN" and form.id_type.currentText() == "普通护照"
    assert "*" in form.id_number.text() and form.id_number.text().endswith("567")
    info = form.card_panel.info.text()
    # Intact but not authenticated (no CSCA signature check): the clerk compares by eye.
    assert "✔" not in info and "by eye" in info and "2031-04-01" in info
    assert "1988-12-01" not in info and "age" in info  # the birth date goes with the number
    assert not form.card_panel.photo.pixmap().isNull()
    qtbot.waitUntil(lambda: view.draft is not None and view.draft.applicant.card is not None)
    assert view.draft is not None and view.draft.applicant.card_matches()
    assert not view.draft.applicant.verified_by_card()
    assert view.draft.applicant.card is not None
    assert view.draft.applicant.card.birth_date == dt.date(1988, 12, 1)
    passport.remove()
    qtbot.waitUntil(lambda: window.card_status.text() == "3 card readers ready",
                    timeout=10000)
