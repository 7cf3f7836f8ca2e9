"""BAC and secure messaging against the worked example of ICAO 9303 part 11, appendix D."""

from __future__ import annotations

import datetime as dt

import pytest

from devices.cards.mrz import bac_keys
from devices.cards.secure_messaging import (
    CardAuthError,
    SecureMessagingError,
    Session,
    bac_challenge,
    bac_session,
    pad,
    retail_mac,
    unwrap,
    wrap,
)

H = bytes.fromhex
K_ENC, K_MAC = bac_keys("L898902C", dt.date(1969, 8, 6), dt.date(1994, 6, 23))
RND_ICC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
E_IFD_M_IFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F2"
                "5F1448EEA8AD90A7")
E_ICC_M_ICC = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F"
                "2F2D235D074D7449")


def session() -> Session:
    challenge = bac_challenge(RND_ICC, K_ENC, K_MAC, rnd_ifd=RND_IFD, k_ifd=K_IFD)
    return bac_session(E_ICC_M_ICC, RND_ICC, challenge, K_ENC, K_MAC)


def test_padding_and_retail_mac() -> None:
    assert pad(b"") == H("8000000000000000")
    assert pad(H("01020304050607")) == H("0102030405060780")
    assert retail_mac(K_MAC, pad(E_IFD_M_IFD[:32])) == H("5F1448EEA8AD90A7")


def test_mutual_authentication_of_the_worked_example() -> None:
    challenge = bac_challenge(RND_ICC, K_ENC, K_MAC, rnd_ifd=RND_IFD, k_ifd=K_IFD)
    assert challenge.command_data == E_IFD_M_IFD
    s = bac_session(E_ICC_M_ICC, RND_ICC, challenge, K_ENC, K_MAC)
    assert s.ks_enc.hex().upper() == "979EC13B1CBFE9DCD01AB0FED307EAE5"
    assert s.ks_mac.hex().upper() == "F1CB1F1FB5ADF208806B89DC579DC1F8"
    assert s.ssc.to_bytes(8, "big").hex().upper() == "887022120C06C226"


def test_a_chip_with_other_keys_is_refused() -> None:
    challenge = bac_challenge(RND_ICC, K_ENC, K_MAC, rnd_ifd=RND_IFD, k_ifd=K_IFD)
    forged = E_ICC_M_ICC[:-1] + bytes([E_ICC_M_ICC[-1] ^ 1])
    with pytest.raises(CardAuthError, match="MAC"):
        bac_session(forged, RND_ICC, challenge, K_ENC, K_MAC)
    with pytest.raises(CardAuthError, match="challenge"):
        bac_session(E_ICC_M_ICC, H("0000000000000000"), challenge, K_ENC, K_MAC)
    with pytest.raises(CardAuthError):
        bac_challenge(H("0102"), K_ENC, K_MAC)


def test_protected_select_and_reads_of_the_worked_example() -> None:
    s = session()
    select = wrap(s, 0x00, 0xA4, 0x02, 0x0C, H("011E"))
    assert select == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    data, sw = unwrap(s, H("990290008E08FA855A5D4C50A8ED9000"))
    assert (data, sw) == (b"", 0x9000)
    read = wrap(s, 0x00, 0xB0, 0x00, 0x00, le=4)
    assert read == H("0CB000000D9701048E08ED6705417E96BA5500")
    data, sw = unwrap(s, H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"))
    assert (data, sw) == (H("60145F01"), 0x9000)
    rest = wrap(s, 0x00, 0xB0, 0x00, 0x04, le=0x12)
    assert rest == H("0CB000040D9701128E082EA28A70F3C7B53500")
    data, sw = unwrap(s, H("871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A99"
                           "0290008E08C8B2787EAEA07D749000"))
    assert data == H("04303130365F36063034303030305C026175") and sw == 0x9000


def test_a_tampered_response_is_never_trusted() -> None:
    s = session()
    wrap(s, 0x00, 0xA4, 0x02, 0x0C, H("011E"))
    unwrap(s, H("990290008E08FA855A5D4C50A8ED9000"))
    wrap(s, 0x00, 0xB0, 0x00, 0x00, le=4)
    tampered = bytearray(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000"))
    tampered[5] ^= 0x01
    with pytest.raises(SecureMessagingError, match="MAC"):
        unwrap(s, bytes(tampered))
    for garbage in (b"\x90", H("8709019FF0EC9000"), H("99029000")):
        with pytest.raises(SecureMessagingError):
            unwrap(session(), garbage)


def test_only_errors_may_come_back_without_secure_messaging() -> None:
    session = Session(H("979EC13B1CBFE9DCD01AB0FED307EAE5"),
                      H("F1CB1F1FB5ADF208806B89DC579DC1F8"), 0x887022120C06C226)
    assert unwrap(session, H("6988")) == (b"", 0x6988)
    for status in ("9000", "6282"):  # a success (or warning) someone could have made up
        with pytest.raises(SecureMessagingError, match="without secure messaging"):
            unwrap(session, H(status))


def test_a_protected_response_must_carry_its_status() -> None:
    chip = Session(H("979EC13B1CBFE9DCD01AB0FED307EAE5"),
                   H("F1CB1F1FB5ADF208806B89DC579DC1F8"), 0x887022120C06C226)
    terminal = Session(chip.ks_enc, chip.ks_mac, chip.ssc)
    mac = chip.mac(pad(chip.next_ssc()))  # a MAC over nothing but the counter
    with pytest.raises(SecureMessagingError, match="DO'99'"):
        unwrap(terminal, bytes([0x8E, 0x08]) + mac + H("9000"))
