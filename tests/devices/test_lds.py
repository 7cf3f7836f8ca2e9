"""The chip's files: EF.COM, DG1, DG2, EF.SOD hashes — and garbage from a card."""

from __future__ import annotations

import contextlib
import random

import cv2
import numpy as np
import pytest

from devices.cards import lds
from devices.cards.emulator import chip_files as build
from devices.cards.mrz import MrzError

TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\n"
       "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


def face_jpeg() -> tuple[bytes, int, int]:
    image = np.full((60, 48, 3), 200, np.uint8)
    cv2.circle(image, (24, 30), 15, (40, 80, 160), -1)
    ok, encoded = cv2.imencode(".jpg", image)
    assert ok
    return encoded.tobytes(), 48, 60


def files() -> dict[str, bytes]:
    jpeg, width, height = face_jpeg()
    dg1, dg2 = build.dg1(TD3), build.dg2(jpeg, width, height)
    return {"com": build.ef_com([1, 2]), "dg1": dg1, "dg2": dg2,
            "sod": build.ef_sod({1: dg1, 2: dg2}), "jpeg": jpeg}


def test_com_lists_the_data_groups() -> None:
    com = lds.parse_com(files()["com"])
    assert com.data_groups == (1, 2) and com.lds_version == "0107"


def test_dg1_is_the_verified_mrz() -> None:
    mrz = lds.parse_dg1(files()["dg1"])
    assert mrz.document_number == "L898902C3" and mrz.surname == "ERIKSSON"


def test_dg2_yields_a_decodable_face() -> None:
    f = files()
    face = lds.parse_dg2(f["dg2"])
    assert face.media_type == "image/jpeg" and face.data == f["jpeg"]
    assert (face.width, face.height) == (48, 60)
    decoded = cv2.imdecode(np.frombuffer(face.data, np.uint8), cv2.IMREAD_COLOR)
    assert decoded is not None and decoded.shape[:2] == (60, 48)


@pytest.mark.parametrize("algorithm", ["sha1", "sha256"])
def test_sod_hashes_vouch_for_the_groups(algorithm: str) -> None:
    f = files()
    sod = lds.parse_sod(build.ef_sod({1: f["dg1"], 2: f["dg2"]}, algorithm))
    assert sod.hash_algorithm == algorithm and set(sod.hashes) == {1, 2}
    lds.check_hashes(sod, {1: f["dg1"], 2: f["dg2"]})
    altered = f["dg1"].replace(b"ERIKSSON", b"ERIKSSEN")
    with pytest.raises(lds.LdsError, match="DG1 does not match"):
        lds.check_hashes(sod, {1: altered, 2: f["dg2"]})
    with pytest.raises(lds.LdsError, match="DG3 has no hash"):
        lds.check_hashes(sod, {3: b"\x63\x00"})


def test_garbage_from_a_card_is_an_lds_error_never_a_crash() -> None:
    rng = random.Random(3)
    f = files()
    parsers = {"com": lds.parse_com, "dg1": lds.parse_dg1, "dg2": lds.parse_dg2,
               "sod": lds.parse_sod}
    for name, parse in parsers.items():
        good = f[name]
        candidates = [good[:n] for n in range(0, len(good), max(1, len(good) // 40))]
        for _ in range(150):
            corrupt = bytearray(good)
            for _ in range(rng.randint(1, 4)):
                corrupt[rng.randrange(len(corrupt))] = rng.randrange(256)
            candidates.append(bytes(corrupt))
        candidates += [bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
                       for _ in range(100)]
        # DG1 may also fail its MRZ check digits, which name the field; nothing else may
        # escape (an IndexError or UnicodeDecodeError would fail the test).
        allowed: tuple[type[Exception], ...] = (
            (lds.LdsError, MrzError) if name == "dg1" else (lds.LdsError,))
        for data in candidates:
            with contextlib.suppress(*allowed):
                parse(data)
