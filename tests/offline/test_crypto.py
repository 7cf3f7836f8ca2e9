import pytest

from offline.crypto import FieldCipher, new_key
from offline.errors import DecryptionError


def test_seal_round_trip_and_randomised() -> None:
    cipher = FieldCipher(new_key())
    a = cipher.seal("张三".encode(), "cases.applicant:1")
    b = cipher.seal("张三".encode(), "cases.applicant:1")
    assert a != b
    assert cipher.open(a, "cases.applicant:1").decode() == "张三"
    assert "张三".encode() not in a


def test_ciphertext_moved_to_another_row_does_not_open() -> None:
    cipher = FieldCipher(new_key())
    sealed = cipher.seal(b"110101199003078515", "cases.applicant:1")
    with pytest.raises(DecryptionError):
        cipher.open(sealed, "cases.applicant:2")


def test_tampered_or_foreign_ciphertext_does_not_open() -> None:
    cipher = FieldCipher(new_key())
    sealed = bytearray(cipher.seal(b"secret", "c"))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionError):
        cipher.open(bytes(sealed), "c")
    with pytest.raises(DecryptionError):
        FieldCipher(new_key()).open(cipher.seal(b"secret", "c"), "c")
    with pytest.raises(DecryptionError):
        cipher.open(b"short", "c")


def test_refs_are_keyed_and_normalised() -> None:
    key = new_key()
    assert FieldCipher(key).ref("11010119900307851x") == FieldCipher(key).ref(
        " 11010119900307851X")
    assert FieldCipher(key).ref("1") != FieldCipher(new_key()).ref("1")


def test_key_length_is_checked() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        FieldCipher(b"short")
