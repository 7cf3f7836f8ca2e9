"""Where the certificate desk keeps its printer calibrations (套打校准): in the settings.

Each (printer, stock type) has at most one :class:`printing.calibration.Calibration`, stored
as its ``to_dict()`` under ``Settings.certificate_calibrations["printer|stock_type"]``. A pair
without one prints as the template says (the identity calibration).

Reading works on any :class:`Settings`; saving goes through the owner's ``save_settings``
(the Workstation's: validate, write atomically, then take the new settings), so it writes a
file: call it off the UI thread. Printer names are CUPS queue names, matched exactly as
CUPS lists them.
"""

from __future__ import annotations

import dataclasses
from typing import Protocol

from printing.calibration import Calibration
from workstation.settings import Settings, calibration_key

__all__ = [
    "SettingsOwner",
    "calibration_for",
    "calibration_key",
    "save_calibration",
    "saved_calibrations",
    "stored_calibration",
    "with_calibration",
]


class SettingsOwner(Protocol):
    """What keeps the settings: :class:`workstation.core.Workstation`."""

    settings: Settings

    def save_settings(self, new: Settings) -> None: ...


def stored_calibration(settings: Settings, printer: str, stock_type: str
                       ) -> Calibration | None:
    """The calibration saved for ``printer`` and ``stock_type``; None when there is none."""
    entry = settings.certificate_calibrations.get(calibration_key(printer, stock_type))
    if entry is None:
        return None
    return Calibration.from_dict(entry)  # valid: Settings.validated() checked it


def calibration_for(settings: Settings, printer: str, stock_type: str) -> Calibration:
    """The calibration to print with on ``printer`` on ``stock_type``: the saved one, or the
    identity (no correction) when none is saved."""
    found = stored_calibration(settings, printer, stock_type)
    return found if found is not None else Calibration.identity(printer, stock_type)


def saved_calibrations(settings: Settings) -> list[Calibration]:
    """Every saved calibration, by printer, then stock type."""
    found = [Calibration.from_dict(entry)
             for entry in settings.certificate_calibrations.values()]
    return sorted(found, key=lambda c: (c.printer.lower(), c.printer, c.stock_type))


def with_calibration(settings: Settings, calibration: Calibration) -> Settings:
    """``settings`` with ``calibration`` stored for its printer and stock type (replacing
    the one saved before). Raises ConfigError when the printer is not a CUPS queue name."""
    stored = {**settings.certificate_calibrations,
              calibration_key(calibration.printer, calibration.stock_type):
                  dict(calibration.to_dict())}
    return dataclasses.replace(settings, certificate_calibrations=stored).validated()


def save_calibration(owner: SettingsOwner, calibration: Calibration) -> Settings:
    """Store ``calibration`` for its printer and stock type and write the settings; returns
    the new settings. Writes a file: run it off the UI thread."""
    new = with_calibration(owner.settings, calibration)
    owner.save_settings(new)
    return new
