"""Fixtures that start real services; see tests/system/services.py."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from devices.cards.emulator import pcscd as private_pcscd
from tests.conftest import PCSC_ROOT
from tests.system.services import (
    CupsServer,
    KeyringSession,
    XvfbDisplay,
    private_cups_dir,
    require,
    require_cups,
    start_cupsd,
    start_session_bus_with_keyring,
    start_xvfb,
)


@pytest.fixture(scope="session")
def keyring_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KeyringSession]:
    """A private D-Bus session bus with an unlocked gnome-keyring (Secret Service) on it."""
    require(
        bool(shutil.which("gnome-keyring-daemon") and shutil.which("dbus-daemon")),
        "gnome-keyring-daemon and dbus-daemon are not installed "
        "(apt-get install gnome-keyring dbus, or use ./run test)",
    )
    with start_session_bus_with_keyring(tmp_path_factory.mktemp("keyring")) as session:
        yield session


@pytest.fixture(scope="session")
def xvfb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[XvfbDisplay]:
    """An Xvfb server with one 1366x768x24 screen."""
    require(
        shutil.which("Xvfb") is not None,
        "Xvfb is not installed (apt-get install xvfb xauth, or use ./run test)",
    )
    with start_xvfb(tmp_path_factory.mktemp("xvfb")) as display:
        yield display


@pytest.fixture(scope="session")
def cups() -> Iterator[CupsServer]:
    """A private cupsd with the queues TestPDF (cups-pdf, where it can run) and Spare."""
    require_cups()
    with private_cups_dir() as root, start_cupsd(root) as server:
        yield server


@pytest.fixture
def pcscd() -> Iterator[private_pcscd.PrivatePcscd]:
    """A private pcscd with one vpcd reader ("Counter Reader", slots 00 00 and 00 01), on
    the socket every test process points PC/SC at (tests/conftest.py)."""
    reason = private_pcscd.unavailable_reason()
    require(not reason, f"no private pcscd: {reason}")
    shutil.rmtree(PCSC_ROOT, ignore_errors=True)
    daemon = private_pcscd.PrivatePcscd(PCSC_ROOT)
    daemon.add_reader("Counter Reader")
    try:
        with daemon:
            yield daemon
    finally:
        shutil.rmtree(PCSC_ROOT, ignore_errors=True)
