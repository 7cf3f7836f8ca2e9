"""The fake vendor ID-card SDK (tests/devices/fake_sdt/fake_sdt.c), built with gcc once per
session, and its test-control functions through ctypes.

Import the fixtures into a test module (they are registered under the names `fake_sdk_build`
and `fake_sdt`):

    from tests.devices.sdk_fixtures import fake_sdk_build_fixture, fake_sdt_fixture  # noqa: F401
"""

from __future__ import annotations

import ctypes
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.system.services import require

SOURCE = Path(__file__).resolve().parent / "fake_sdt" / "fake_sdt.c"
GCC_FLAGS = ("-shared", "-fPIC", "-O1", "-Wall", "-Werror", "-pthread")


@dataclass(frozen=True)
class FakeSdkBuild:
    library: Path  # the five SDT_* functions, unpack and the fake_* controls
    without_select: Path  # the same without SDT_SelectIDCard
    without_unpack: Path  # the same without unpack


def _compile(gcc: str, target: Path, *defines: str) -> Path:
    result = subprocess.run(
        [gcc, *GCC_FLAGS, *defines, "-o", str(target), str(SOURCE)],
        capture_output=True, text=True, timeout=120, check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"the fake SDK does not compile:\n{result.stderr}", pytrace=False)
    return target


@pytest.fixture(scope="session", name="fake_sdk_build")
def fake_sdk_build_fixture(tmp_path_factory: pytest.TempPathFactory) -> FakeSdkBuild:
    gcc = shutil.which("gcc")
    require(gcc is not None, "gcc is not installed (apt-get install gcc): the vendor ID-card "
                             "SDK tests build a fake SDK with it")
    assert gcc is not None
    out = tmp_path_factory.mktemp("fake_sdt")
    return FakeSdkBuild(
        library=_compile(gcc, out / "libfake_sdt.so"),
        without_select=_compile(gcc, out / "libfake_sdt_no_select.so", "-DFAKE_OMIT_SELECT"),
        without_unpack=_compile(gcc, out / "libfake_sdt_no_unpack.so", "-DFAKE_OMIT_UNPACK"),
    )


class FakeSdt:
    """The fake's control functions. The library is loaded once per process (dlopen of the
    same path returns the same handle), so the reader under test and this object share the
    fake's state."""

    def __init__(self, library: Path) -> None:
        self.path = library
        lib = ctypes.CDLL(str(library))
        u8 = ctypes.POINTER(ctypes.c_ubyte)
        signatures: dict[str, tuple[list[type], type | None]] = {
            "fake_reset": ([], None),
            "fake_put_card": ([u8, ctypes.c_int, u8, ctypes.c_int], ctypes.c_int),
            "fake_take_card": ([], None),
            "fake_fail_next": ([ctypes.c_char_p, ctypes.c_int, ctypes.c_int], ctypes.c_int),
            "fake_set_port_ok": ([ctypes.c_int], None),
            "fake_set_find_answers_selected": ([ctypes.c_int], None),
            "fake_calls": ([ctypes.c_char_p], ctypes.c_int),
            "fake_if_open_violations": ([], ctypes.c_int),
            "fake_open_port": ([], ctypes.c_int),
        }
        for name, (argtypes, restype) in signatures.items():
            function = getattr(lib, name)
            function.argtypes = argtypes
            function.restype = restype
        self._lib = lib

    def reset(self) -> None:
        self._lib.fake_reset()

    def put_card(self, text: bytes, wlt: bytes) -> None:
        """Put a card on the reader (taking off any card there)."""
        text_buffer = (ctypes.c_ubyte * max(1, len(text))).from_buffer_copy(text or b"\0")
        wlt_buffer = (ctypes.c_ubyte * max(1, len(wlt))).from_buffer_copy(wlt or b"\0")
        assert self._lib.fake_put_card(text_buffer, len(text), wlt_buffer, len(wlt)) == 0

    def take_card(self) -> None:
        self._lib.fake_take_card()

    def fail_next(self, function: str, code: int, times: int = 1) -> None:
        """The next `times` calls of `function` return `code` and do nothing else."""
        assert self._lib.fake_fail_next(function.encode(), code, times) == 0, function

    def set_port_ok(self, ok: bool) -> None:
        """False unplugs the reader: the open port is lost, SDT_OpenPort fails."""
        self._lib.fake_set_port_ok(int(ok))

    def set_find_answers_selected(self, answers: bool) -> None:
        """True: a card already selected still answers SDT_StartFindIDCard with 0x9F."""
        self._lib.fake_set_find_answers_selected(int(answers))

    def calls(self, function: str) -> int:
        count = self._lib.fake_calls(function.encode())
        assert count >= 0, function
        return int(count)

    def if_open_violations(self) -> int:
        return int(self._lib.fake_if_open_violations())

    def open_port(self) -> int:
        return int(self._lib.fake_open_port())


@pytest.fixture(name="fake_sdt")
def fake_sdt_fixture(fake_sdk_build: FakeSdkBuild) -> Iterator[FakeSdt]:
    """The fake SDK, reset: reader plugged in, no card, no failures, counters at zero."""
    fake = FakeSdt(fake_sdk_build.library)
    fake.reset()
    yield fake
    fake.reset()
