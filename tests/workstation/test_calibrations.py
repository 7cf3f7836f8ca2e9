"""Where the certificate desk keeps its calibrations: in the workstation's settings file,
one per printer and stock type, written through Workstation.save_settings."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from printing.calibration import Calibration
from workstation import settings as settings_io
from workstation.calibrations import (
    calibration_for,
    calibration_key,
    save_calibration,
    saved_calibrations,
    stored_calibration,
    with_calibration,
)
from workstation.core import Workstation
from workstation.errors import ConfigError
from workstation.settings import Settings

PERMIT, LICENCE = "permit_a4_landscape", "business_licence_a3"


@pytest.fixture
def ws(workstation_factory: Callable[..., Workstation]) -> Workstation:
    return workstation_factory("")  # no server: calibrations are local


def test_a_pair_without_a_calibration_prints_as_the_template_says() -> None:
    settings = Settings()
    assert stored_calibration(settings, "Desk-HP", PERMIT) is None
    found = calibration_for(settings, "Desk-HP", PERMIT)
    assert found == Calibration.identity("Desk-HP", PERMIT) and found.is_identity
    assert saved_calibrations(settings) == []


def test_saved_calibrations_are_kept_per_printer_and_stock(ws: Workstation) -> None:
    first = Calibration("Desk-HP", PERMIT, dx_mm=1.5, dy_mm=-0.8, sx=1.01)
    other_stock = Calibration("Desk-HP", LICENCE, dy_mm=2.25, sy=0.996)
    other_printer = Calibration("3号窗口", PERMIT, dx_mm=-0.5)
    for calibration in (first, other_stock, other_printer):
        save_calibration(ws, calibration)

    assert calibration_for(ws.settings, "Desk-HP", PERMIT) == first
    assert calibration_for(ws.settings, "Desk-HP", LICENCE) == other_stock
    assert calibration_for(ws.settings, "3号窗口", PERMIT) == other_printer
    assert calibration_for(ws.settings, "3号窗口", LICENCE).is_identity
    assert saved_calibrations(ws.settings) == [other_printer, other_stock, first]
    assert set(ws.settings.certificate_calibrations) == {
        "Desk-HP|permit_a4_landscape", "Desk-HP|business_licence_a3",
        "3号窗口|permit_a4_landscape"}

    # Saving again for a pair replaces its calibration, and nothing else.
    corrected = first.moved(right_mm=0.5)
    save_calibration(ws, corrected)
    assert calibration_for(ws.settings, "Desk-HP", PERMIT).dx_mm == pytest.approx(1.0)
    assert len(saved_calibrations(ws.settings)) == 3


def test_calibrations_survive_a_restart(
    ws: Workstation, workstation_factory: Callable[..., Workstation]
) -> None:
    calibration = Calibration("Desk-HP", PERMIT, dx_mm=1.5, dy_mm=-0.8, sx=1.01, sy=0.997)
    returned = save_calibration(ws, calibration)
    assert returned == ws.settings

    on_disk = json.loads(ws.paths.settings.read_text("utf-8"))
    assert on_disk["certificate_calibrations"] == {
        "Desk-HP|permit_a4_landscape": calibration.to_dict()}
    assert calibration_for(settings_io.load(ws.paths.settings), "Desk-HP", PERMIT) == calibration
    ws.close()
    again = workstation_factory("")  # the same data directory, opened anew
    assert calibration_for(again.settings, "Desk-HP", PERMIT) == calibration


def test_a_calibration_for_a_name_cups_cannot_have_is_refused_and_nothing_is_written(
    ws: Workstation
) -> None:
    with pytest.raises(ConfigError) as refused:
        save_calibration(ws, Calibration("Desk HP", PERMIT, dx_mm=1.0))
    assert str(refused.value) == "certificate_calibrations"
    assert ws.settings.certificate_calibrations == {}
    assert not ws.paths.settings.exists()


def test_with_calibration_leaves_the_given_settings_alone() -> None:
    before = Settings(language="en")
    after = with_calibration(before, Calibration("Desk-HP", PERMIT, sx=1.002))
    assert before.certificate_calibrations == {}
    assert after.language == "en"
    assert after.certificate_calibrations[calibration_key("Desk-HP", PERMIT)]["sx"] == 1.002
