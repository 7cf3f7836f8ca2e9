"""A copied database file shows no readable personal data, and needs the keyring's key."""

import datetime as dt
import shutil
import uuid
from pathlib import Path

import pytest

from offline import outbox
from offline.errors import KeyUnavailableError
from offline.outbox import NewCase
from offline.store import open_store
from workstation.secrets import FileVault

NAME = "欧阳明月"
ID_NUMBER = "110101199003078515"
ADDRESS = "示范区幸福路88号3单元"


def _case() -> NewCase:
    return NewCase(
        uuid=uuid.uuid4(), item_code="X1", item_version=1, status="accepted",
        applicant_kind="person",
        applicant={"name": NAME, "id_number": ID_NUMBER, "address": ADDRESS,
                   "phone": "13800138000"},
        details={"note": f"{NAME} 带来了户口簿"}, clerk="demo", window="3号窗口",
        created_at=dt.datetime(2026, 11, 23, 9, 30, tzinfo=dt.UTC), due_date=None,
    )


def test_copied_files_reveal_no_personal_data(tmp_path: Path) -> None:
    vault = FileVault(tmp_path / "vault.json")
    store = open_store(tmp_path / "live" / "w.db", vault)
    case = _case()
    number = outbox.create_case(store.conn, store.cipher, case, "SF0001",
                                {"applicant": case.applicant, "uuid": str(case.uuid)})
    assert number == "SF000120261123000001"
    # Copy while open: the WAL holds the fresh rows, so copy it too.
    copy = tmp_path / "copy"
    shutil.copytree(tmp_path / "live", copy)
    store.close()
    for path in [*copy.iterdir(), *(tmp_path / "live").iterdir()]:
        data = path.read_bytes()
        for secret in (NAME, ID_NUMBER, ADDRESS, "13800138000"):
            assert secret.encode() not in data, f"{secret} readable in {path.name}"
            assert secret.encode("utf-16-le") not in data
    # Without the key the copy cannot be opened at all.
    with pytest.raises(KeyUnavailableError):
        open_store(copy / "w.db", FileVault(tmp_path / "other-vault.json"))


def test_personal_data_reads_back_with_the_key(tmp_path: Path) -> None:
    vault = FileVault(tmp_path / "vault.json")
    store = open_store(tmp_path / "w.db", vault)
    case = _case()
    outbox.create_case(store.conn, store.cipher, case, "SF0001", {"uuid": str(case.uuid)})
    store.close()
    store = open_store(tmp_path / "w.db", vault)
    try:
        assert outbox.case_applicant(store.conn, store.cipher, str(case.uuid))["name"] == NAME
        ref = store.conn.execute("SELECT applicant_ref FROM cases").fetchone()[0]
        assert ref == store.cipher.ref(ID_NUMBER) and ID_NUMBER not in ref
    finally:
        store.close()


def test_a_different_key_under_the_same_name_is_refused(tmp_path: Path) -> None:
    vault = FileVault(tmp_path / "vault.json")
    open_store(tmp_path / "w.db", vault).close()
    store_id_entry = next(iter(vault._read()))
    vault.set(store_id_entry, "A" * 43 + "=")  # 32 bytes, but not this store's key
    with pytest.raises(KeyUnavailableError):
        open_store(tmp_path / "w.db", vault)


def test_case_and_outbox_row_are_written_together(tmp_path: Path) -> None:
    store = open_store(tmp_path / "w.db", FileVault(tmp_path / "vault.json"))
    try:
        first, second = _case(), _case()
        outbox.create_case(store.conn, store.cipher, first, "SF0001", {})
        outbox.create_case(store.conn, store.cipher, second, "SF0001", {})
        rows = store.conn.execute(
            "SELECT device_seq, target FROM outbox ORDER BY device_seq").fetchall()
        assert rows == [(1, str(first.uuid)), (2, str(second.uuid))]
        # A second first revision of the same case is refused as a whole: no outbox row.
        with pytest.raises(ValueError, match="already has revision 1"):
            outbox.create_case(store.conn, store.cipher, first, "SF0001", {})
        assert store.conn.execute("SELECT COUNT(*) FROM outbox").fetchone()[0] == 2
        assert store.conn.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == 2
    finally:
        store.close()
