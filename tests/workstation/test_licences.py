"""Asking the server which electronic licences an applicant holds."""

from __future__ import annotations

import pytest

from server.contract import LicenceStatus
from tests.conftest import ServerProcess
from workstation.api.errors import MalformedResponseError, UnreachableError
from workstation.core import Workstation


def test_licences_of_a_demo_resident(ws: Workstation) -> None:
    ws.login("demo", "demo1234")
    assert ws.api is not None
    licences = ws.api.licences("居民身份证", "110101199003078523")
    by_type = {lic.licence_type: lic for lic in licences}
    assert {"居民户口簿", "结婚证", "不动产权证书"} <= set(by_type)
    assert all(lic.holder == "林晓静" and lic.status is LicenceStatus.VALID
               for lic in licences)
    assert by_type["居民户口簿"].valid_until is None  # 长期有效


@pytest.mark.parametrize("mode", ["malformed", "schema"])
def test_a_bad_licence_answer_is_malformed_not_a_crash(
    ws: Workstation, server: ServerProcess, mode: str
) -> None:
    ws.login("demo", "demo1234")
    assert ws.api is not None
    with server.admin() as admin:
        admin.post("/v1/admin/faults", json={"path_prefix": "/v1/licences", "mode": mode,
                                             "count": 1}).raise_for_status()
    with pytest.raises(MalformedResponseError):
        ws.api.licences("居民身份证", "110101199003078523")
    assert ws.api.licences("居民身份证", "110101199003078523")  # the next answer is fine


def test_offline_the_question_fails_as_unreachable(ws: Workstation,
                                                   server: ServerProcess) -> None:
    ws.login("demo", "demo1234")
    assert ws.api is not None
    server.stop()
    with pytest.raises(UnreachableError):
        ws.api.licences("居民身份证", "110101199003078523")
