"""Property-based tests of the card-data parsers: whatever a chip (or a clerk) hands them.

The contract, for lds, mrz and secure_messaging alike: on any input a parser returns a
well-formed value or raises its documented error (LdsError, MrzError, SecureMessagingError,
CardAuthError) — never an IndexError, UnicodeDecodeError, a ValueError from int() or any
other escape, never hangs (the deadline), and never reads a truncated file as complete.
Where an encoder exists (encode_tlv, the emulator's chip files, the chip's side of secure
messaging), what it builds reads back as what went in, and any change is refused.

Reproducible and quick for CI: derandomized, no example database, a deadline a slow two-core
machine meets, and few enough examples that the module runs in seconds.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hashlib
import string
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.cards import lds, mrz
from devices.cards.emulator import chip_files as build
from devices.cards.lds import LdsError, encode_tlv
from devices.cards.mrz import MrzError, MrzProblem
from devices.cards.secure_messaging import (
    BacChallenge,
    CardAuthError,
    SecureMessagingError,
    Session,
    bac_challenge,
    bac_session,
    pad,
    retail_mac,
    tdes_encrypt,
    unwrap,
)

CI = settings(derandomize=True, database=None, deadline=timedelta(seconds=1),
              max_examples=60)
FEW = settings(CI, max_examples=20)  # for properties that loop over every truncation
MANY = settings(CI, max_examples=300)  # for properties of microseconds

TODAY = dt.date(2026, 11, 23)

# -- strategies ------------------------------------------------------------------------------

LETTERS, DIGITS = string.ascii_uppercase, string.digits
MRZ_ALPHABET = LETTERS + DIGITS + "<"
# Characters str methods treat specially: Unicode digits str.isdigit() accepts (some of which
# int() refuses), case mappings that change the length, line breaks splitlines() splits on.
BEYOND = "²³¹½①٣۴१１Ａａzßﬁİıſé-/ \t\r\x0b\x0c\x1c\x85\u2028"
mrz_chars = st.one_of(st.sampled_from(MRZ_ALPHABET), st.sampled_from(BEYOND), st.characters())


def _pattern(n: int) -> bytes:
    return (bytes(range(256)) * (n // 256 + 1))[:n]


# Values up to the largest encode_length writes, without making hypothesis draw 64 KiB.
values = st.one_of(st.binary(max_size=300), st.integers(0, 0xFFFF).map(_pattern))
single_byte_tags = st.integers(0, 0xFF).filter(lambda t: t & 0x1F != 0x1F)


@st.composite
def multi_byte_tags(draw: st.DrawFn) -> int:
    """ISO/IEC 7816-4 tags of two or three bytes (0x5F1F, 0x7F61, …)."""
    first = draw(st.integers(0, 0xFF)) | 0x1F
    middle = draw(st.lists(st.integers(0x80, 0xFF), max_size=1))
    last = draw(st.integers(0, 0x7F))
    return int.from_bytes(bytes([first, *middle, last]), "big")


tags = st.one_of(single_byte_tags, multi_byte_tags())
# Objects a reader of a sequence can tell from the 0x00/0xFF padding between objects.
sequence_tags = tags.filter(lambda t: t.to_bytes((t.bit_length() + 7) // 8 or 1, "big")[0]
                            not in (0x00, 0xFF))


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """`data` after one to four random edits: bit flips, overwritten, inserted and deleted
    bytes."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "overwrite", "insert", "delete"]))
        if kind == "insert" or not out:
            at = draw(st.integers(0, len(out)))
            out[at:at] = draw(st.binary(min_size=1, max_size=4))
        elif kind == "flip":
            bit = draw(st.integers(0, 8 * len(out) - 1))
            out[bit // 8] ^= 1 << (bit % 8)
        elif kind == "overwrite":
            out[draw(st.integers(0, len(out) - 1))] = draw(st.integers(0, 0xFF))
        else:
            at = draw(st.integers(0, len(out) - 1))
            del out[at:at + draw(st.integers(1, 4))]
    return bytes(out)


def _names_field(surname: list[str], given: list[str], width: int) -> str:
    return ("<".join(surname) + "<<" + "<".join(given)).ljust(width, "<")


def _fill(text: str, width: int) -> str:
    return text.ljust(width, "<")


@dataclasses.dataclass(frozen=True)
class MrzCase:
    lines: tuple[str, ...]
    expected: mrz.Mrz
    protected: tuple[int, ...]  # offsets (lines run together) covered by a check digit

    @property
    def flat(self) -> str:
        return "".join(self.lines)


words = st.text(LETTERS, min_size=1, max_size=6)


@st.composite
def mrz_cases(draw: st.DrawFn) -> MrzCase:
    """A valid TD1, TD2 or TD3 with every check digit right, and what it must parse to."""
    cd = mrz.check_digit
    layout = draw(st.sampled_from(["TD1", "TD2", "TD3"]))
    code = draw(st.sampled_from(LETTERS)) + draw(st.sampled_from(LETTERS + "<"))
    state = "".join(draw(st.lists(st.sampled_from(LETTERS + "<"), min_size=3, max_size=3)))
    nationality = "".join(draw(st.lists(st.sampled_from(LETTERS + "<"), min_size=3,
                                        max_size=3)))
    surname = draw(st.lists(words, min_size=1, max_size=2))
    given = draw(st.lists(words, max_size=2))
    birth = draw(st.dates(dt.date(TODAY.year - 99, 1, 1), dt.date(TODAY.year, 12, 31)))
    expiry = draw(st.dates(dt.date(TODAY.year - 49, 1, 1), dt.date(TODAY.year + 49, 12, 31)))
    born, expires = birth.strftime("%y%m%d"), expiry.strftime("%y%m%d")
    sex = draw(st.sampled_from("MF<"))
    longest = 12 if layout == "TD1" else 9
    number = draw(st.text(LETTERS + DIGITS, min_size=1, max_size=longest))
    if layout == "TD1":
        if len(number) > 9:  # the rest of a long number and its check digit open the optional
            head, rest = number[:9], number[9:] + cd(number) + "<"
            number_part = head + "<"
        else:
            number_part, rest = _fill(number, 9) + cd(_fill(number, 9)), ""
        optional1 = draw(st.text(LETTERS + DIGITS, max_size=15 - len(rest)))
        optional2 = draw(st.text(LETTERS + DIGITS, max_size=11))
        first = code + state + number_part + _fill(rest + optional1, 15)
        second = born + cd(born) + sex + expires + cd(expires) + nationality \
            + _fill(optional2, 11)
        second += cd(first[5:30] + second[0:7] + second[8:15] + second[18:29])
        lines: tuple[str, ...] = (first, second, _names_field(surname, given, 30))
        optional = (_fill(optional1, 15 - len(rest)) + _fill(optional2, 11)).strip("<")
        protected = [*range(5, 14), *(30 + i for i in (*range(0, 7), *range(8, 15), 29))]
        if len(number) <= 9:
            protected.append(14)
    else:
        width, optional_width = (44, 14) if layout == "TD3" else (36, 7)
        optional = draw(st.text(LETTERS + DIGITS, max_size=optional_width))
        field = _fill(number, 9)
        second = field + cd(field) + nationality + born + cd(born) + sex + expires \
            + cd(expires) + _fill(optional, optional_width)
        if layout == "TD3":
            second += cd(_fill(optional, 14)) if optional else draw(st.sampled_from("<0"))
            second += cd(second[0:10] + second[13:20] + second[21:43])
        else:
            second += cd(second[0:10] + second[13:20] + second[21:35])
        lines = (code + state + _names_field(surname, given, width - 5), second)
        protected = [width + i for i in (*range(0, 10), *range(13, 20), *range(21, 28),
                                         width - 1)]
        if layout == "TD3":
            protected.append(width + 42)
    expected = mrz.Mrz(layout, code.strip("<"), state, " ".join(surname), " ".join(given),
                       number, nationality, birth, sex, expiry, optional)
    return MrzCase(lines, expected, tuple(protected))


@st.composite
def sod_groups(draw: st.DrawFn) -> tuple[dict[int, bytes], str]:
    groups = draw(st.dictionaries(st.integers(1, 16), st.binary(max_size=120), min_size=1,
                                  max_size=4))
    return groups, draw(st.sampled_from(["sha1", "sha256"]))


def _jpeg(body: bytes) -> bytes:
    return b"\xff\xd8" + body


@st.composite
def chip_file_cases(draw: st.DrawFn) -> tuple[str, bytes]:
    """One valid file of each kind the emulator builds."""
    kind = draw(st.sampled_from(["com", "dg1", "dg2", "sod"]))
    if kind == "com":
        return kind, build.ef_com(draw(st.lists(st.sampled_from([1, 2, 3, 14, 15]),
                                                unique=True)))
    if kind == "dg1":
        return kind, build.dg1("\n".join(draw(mrz_cases()).lines))
    if kind == "dg2":
        return kind, build.dg2(_jpeg(draw(st.binary(max_size=150))),
                               draw(st.integers(0, 0xFFFF)), draw(st.integers(0, 0xFFFF)))
    groups, algorithm = draw(sod_groups())
    return kind, build.ef_sod(groups, algorithm)


# -- what a well-formed answer looks like --------------------------------------------------

def check_tlv(item: lds.Tlv, data: bytes, offset: int) -> None:
    assert offset < item.end <= len(data)
    assert data[item.end - len(item.value):item.end] == item.value
    repr(item)  # a value that cannot even be logged is no value


def check_com(com: lds.Com) -> None:
    assert isinstance(com.lds_version, str) and isinstance(com.unicode_version, str)
    assert list(com.data_groups) == sorted(com.data_groups)
    assert all(1 <= n <= 16 for n in com.data_groups)
    repr(com)


MRZ_OUTPUT = set(MRZ_ALPHABET + " ")


def check_mrz(m: mrz.Mrz) -> None:
    assert m.layout in ("TD1", "TD2", "TD3")
    for text in (m.document_code, m.issuing_state, m.surname, m.given_names,
                 m.document_number, m.nationality, m.sex, m.optional_data):
        assert set(text) <= MRZ_OUTPUT, text
    assert len(m.issuing_state) == len(m.nationality) == 3 and len(m.sex) == 1
    assert isinstance(m.birth_date, dt.date) and isinstance(m.expiry_date, dt.date)
    # What the reader does next with it: the BAC keys of this document.
    k_enc, k_mac = mrz.bac_keys(m.document_number, m.birth_date, m.expiry_date)
    assert len(k_enc) == len(k_mac) == 16
    repr(m)


def check_face(face: lds.Face, data: bytes) -> None:
    assert face.media_type in ("image/jpeg", "image/jp2")
    assert face.data in data  # the image is the file's own bytes, not made up
    if face.media_type == "image/jpeg":
        assert face.data.startswith(b"\xff\xd8")
    assert 0 <= face.width <= 0xFFFF and 0 <= face.height <= 0xFFFF
    repr(face)


def check_sod(sod: lds.SecurityObject) -> None:
    assert sod.hash_algorithm in lds.HASHES.values()
    assert all(1 <= n <= 16 and isinstance(h, bytes) for n, h in sod.hashes.items())
    repr(sod)


Parser = Callable[[bytes], Any]
PARSERS: dict[str, tuple[Parser, tuple[type[Exception], ...], Callable[[Any, bytes], None]]] = {
    "com": (lds.parse_com, (LdsError,), lambda v, _: check_com(v)),
    # DG1 may also fail its MRZ check digits, which name the field.
    "dg1": (lds.parse_dg1, (LdsError, MrzError), lambda v, _: check_mrz(v)),
    "dg2": (lds.parse_dg2, (LdsError,), check_face),
    "sod": (lds.parse_sod, (LdsError,), lambda v, _: check_sod(v)),
}


def parses(kind: str, data: bytes) -> bool:
    """Parse `data` as `kind`: True with a well-formed value, False on the documented error;
    anything else escapes and fails the test."""
    parse, errors, check = PARSERS[kind]
    try:
        value = parse(data)
    except errors:
        return False
    check(value, data)
    return True


# -- BER-TLV ---------------------------------------------------------------------------------

@CI
@given(tags, values, st.binary(max_size=8))
def test_tlv_round_trip(tag: int, value: bytes, trailing: bytes) -> None:
    encoded = encode_tlv(tag, value)
    item = lds.read_tlv(encoded + trailing)
    assert (item.tag, item.value, item.end) == (tag, value, len(encoded))


@CI
@given(tags, values, st.data())
def test_a_truncated_tlv_is_refused(tag: int, value: bytes, data: st.DataObject) -> None:
    encoded = encode_tlv(tag, value)
    cut = data.draw(st.integers(0, len(encoded) - 1))
    with pytest.raises(LdsError):
        lds.read_tlv(encoded[:cut])


@CI
@given(st.binary(max_size=400), st.data())
def test_read_tlv_on_any_bytes(data: bytes, draw: st.DataObject) -> None:
    offset = draw.draw(st.integers(0, len(data) + 1))
    try:
        item = lds.read_tlv(data, offset)
    except LdsError:
        return
    check_tlv(item, data, offset)


@CI
@given(tags, st.integers(1, 3), st.integers(0, 300), st.integers(1, 0xFFFFFF))
def test_a_length_claiming_more_than_the_data_is_refused(
        tag: int, width: int, size: int, extra: int) -> None:
    claimed = size + extra
    if claimed >= 1 << (8 * width):
        width = (claimed.bit_length() + 7) // 8
    header = tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big")
    length = bytes([0x80 | width]) + claimed.to_bytes(width, "big")
    with pytest.raises(LdsError):
        lds.read_tlv(header + length + _pattern(size))


@CI
@given(st.integers(0x84, 0xFF), st.binary(max_size=40))
def test_length_fields_longer_than_three_bytes_are_refused(first: int, rest: bytes) -> None:
    with pytest.raises(LdsError):
        lds.read_tlv(b"\x30" + bytes([first]) + rest)


@CI
@given(st.integers(0, 0xFF), st.integers(0, 3000), st.binary(max_size=4))
def test_a_tag_of_any_length(first: int, continued: int, value: bytes) -> None:
    tag = bytes([first | 0x1F]) + b"\xff" * continued + b"\x01"
    data = tag + bytes([len(value)]) + value
    try:
        item = lds.read_tlv(data)
    except LdsError:
        return
    check_tlv(item, data, 0)


@CI
@given(st.lists(st.tuples(sequence_tags, st.binary(max_size=60)), max_size=6),
       st.lists(st.sampled_from([b"", b"\x00", b"\xff", b"\x00\xff\x00"]), min_size=7,
                max_size=7))
def test_children_and_find_read_a_padded_sequence(objects: list[tuple[int, bytes]],
                                                  padding: list[bytes]) -> None:
    sequence = b"".join(pad_ + encode_tlv(tag, value)
                        for pad_, (tag, value) in zip(padding, objects, strict=False))
    sequence += padding[-1]
    assert [(c.tag, c.value) for c in lds.children(sequence)] == objects
    for tag, _ in objects:  # the first object with the tag
        assert lds.find(sequence, tag) == next(v for t, v in objects if t == tag)
    if all(t != 0x42 for t, _ in objects):
        with pytest.raises(LdsError):
            lds.find(sequence, 0x42)


@CI
@given(st.binary(max_size=400), tags)
def test_children_find_and_outer_on_any_bytes(data: bytes, tag: int) -> None:
    offset = 0
    with contextlib.suppress(LdsError):
        for item in lds.children(data):
            check_tlv(item, data, offset)  # always moves on: no endless loop
            offset = item.end
    for function in (lds.find, lds.outer):
        with contextlib.suppress(LdsError):
            assert isinstance(function(data, tag), bytes)


@CI
@given(st.integers(1, 2000), st.sampled_from([0x30, 0xA0, 0x77, 0x61, 0x7F61]))
def test_deep_nesting(depth: int, tag: int) -> None:
    data = b""
    for _ in range(depth):
        data = encode_tlv(tag, data)
    for kind in PARSERS:
        parses(kind, data)
    for _ in range(depth):  # every level reads back, without recursion
        data = lds.outer(data, tag)
    assert data == b""


# -- object identifiers ----------------------------------------------------------------------

@st.composite
def dotted_oids(draw: st.DrawFn) -> str:
    first = draw(st.integers(0, 2))
    second = draw(st.integers(0, 39 if first < 2 else 47))
    rest = draw(st.lists(st.one_of(st.integers(0, 0xFFFF), st.integers(0, 2**128 - 1)),
                         max_size=6))
    return ".".join(str(p) for p in (first, second, *rest))


@CI
@given(dotted_oids())
def test_oid_round_trip(dotted: str) -> None:
    assert lds._oid(lds.read_tlv(build.oid(dotted)).value) == dotted


# Bytes around the continuation bit, where BER decoders go wrong, among any others.
ber_bytes = st.lists(st.one_of(st.sampled_from([0x00, 0x01, 0x7F, 0x80, 0x81, 0xFF]),
                               st.integers(0, 0xFF)), max_size=40).map(bytes)


@MANY
@given(st.one_of(ber_bytes,
                 st.integers(0, 3000).map(lambda n: b"\x2a" + b"\xff" * n + b"\x7f"),
                 st.sampled_from([*lds.HASHES, lds.OID_SIGNED_DATA]).flatmap(
                     lambda dotted: mutated(lds.read_tlv(build.oid(dotted)).value))))
def test_an_oid_is_read_only_from_its_one_encoding(value: bytes) -> None:
    """Whatever _oid accepts is the canonical encoding of what it returns: no truncated last
    arc, no padded arc, nothing read two ways."""
    try:
        dotted = lds._oid(value)
    except LdsError:
        return
    assert build.oid(dotted) == encode_tlv(0x06, value)


# -- EF.COM, DG1, DG2, EF.SOD: valid files read back -------------------------------------------

@CI
@given(st.lists(st.sampled_from([1, 2, 3, 14, 15]), unique=True))
def test_com_round_trip(groups: list[int]) -> None:
    com = lds.parse_com(build.ef_com(groups))
    assert com.data_groups == tuple(sorted(groups))
    assert (com.lds_version, com.unicode_version) == ("0107", "040000")


@CI
@given(mrz_cases())
def test_dg1_round_trip(case: MrzCase) -> None:
    read = lds.parse_dg1(build.dg1("\n".join(case.lines)))
    # DG1 is read against today's date; the two-digit years are checked in mrz's own test.
    assert dataclasses.replace(read, birth_date=TODAY, expiry_date=TODAY) \
        == dataclasses.replace(case.expected, birth_date=TODAY, expiry_date=TODAY)
    assert read.birth_date.strftime("%y%m%d") == case.expected.birth_date.strftime("%y%m%d")
    assert read.expiry_date.strftime("%y%m%d") == case.expected.expiry_date.strftime("%y%m%d")


@CI
@given(st.binary(max_size=200), st.integers(0, 0xFFFF), st.integers(0, 0xFFFF))
def test_dg2_round_trip(body: bytes, width: int, height: int) -> None:
    jpeg = _jpeg(body)
    assert lds.parse_dg2(build.dg2(jpeg, width, height)) == lds.Face("image/jpeg", jpeg,
                                                                      width, height)


@CI
@given(sod_groups(), st.data())
def test_sod_vouches_for_its_groups_and_no_changed_one(
        case: tuple[dict[int, bytes], str], data: st.DataObject) -> None:
    groups, algorithm = case
    sod = lds.parse_sod(build.ef_sod(groups, algorithm))
    assert sod.hash_algorithm == algorithm
    assert dict(sod.hashes) == {n: hashlib.new(algorithm, c).digest() for n, c in groups.items()}
    lds.check_hashes(sod, groups)
    number = data.draw(st.sampled_from(sorted(groups)))
    lds.check_hashes(sod, {number: groups[number]})
    changed = data.draw(mutated(groups[number]).filter(lambda c: c != groups[number]))
    with pytest.raises(LdsError, match=f"DG{number} does not match"):
        lds.check_hashes(sod, {**groups, number: changed})
    absent = data.draw(st.integers(1, 16).filter(lambda n: n not in groups))
    with pytest.raises(LdsError, match=f"DG{absent} has no hash"):
        lds.check_hashes(sod, {**groups, absent: b""})


# -- chip files: garbage, edits, truncation ------------------------------------------------------

@CI
@given(st.sampled_from(sorted(PARSERS)), st.binary(max_size=600))
def test_parsers_on_random_bytes(kind: str, data: bytes) -> None:
    parses(kind, data)


@CI
@given(st.sampled_from(sorted(PARSERS)), st.sampled_from([0x60, 0x61, 0x75, 0x77]),
       st.binary(max_size=300))
def test_parsers_on_random_bytes_in_a_file_wrapper(kind: str, tag: int, body: bytes) -> None:
    parses(kind, encode_tlv(tag, body))


@CI
@given(chip_file_cases(), st.data())
def test_parsers_on_edited_files(case: tuple[str, bytes], data: st.DataObject) -> None:
    kind, good = case
    parses(kind, data.draw(mutated(good)))


@FEW
@given(chip_file_cases())
def test_a_file_cut_short_at_any_length_is_refused(case: tuple[str, bytes]) -> None:
    kind, good = case
    assert parses(kind, good)
    for n in range(len(good)):
        assert not parses(kind, good[:n]), f"{kind} cut to {n} of {len(good)} bytes was read"


def cut_inside(sequence: bytes, path: tuple[int, ...], keep: int) -> bytes:
    """`sequence` with the object at `path` (tags from the outside in, the first match at
    each level) cut to `keep` bytes, and the lengths of all that encloses it fixed up — as if
    whatever wrote the file had lost the end of that object but nothing else."""
    offset = 0
    while offset < len(sequence):
        item = lds.read_tlv(sequence, offset)
        if item.tag == path[0]:
            inner = item.value[:keep] if len(path) == 1 else cut_inside(item.value, path[1:],
                                                                      keep)
            return sequence[:offset] + encode_tlv(item.tag, inner) + sequence[item.end:]
        offset = item.end
    raise AssertionError(f"no object 0x{path[0]:X}")


def _value_at(sequence: bytes, path: tuple[int, ...]) -> bytes:
    for tag in path:
        sequence = lds.find(sequence, tag)
    return sequence


DG2_BLOCK = (0x75, 0x7F61, 0x7F60, 0x5F2E)
SOD_SECURITY_OBJECT = (0x77, 0x30, 0xA0, 0x30, 0x30, 0xA0, 0x04, 0x30)


@FEW
@given(st.binary(max_size=120), st.integers(0, 0xFFFF), st.integers(0, 0xFFFF))
def test_a_facial_record_cut_inside_consistent_tlvs_is_refused(
        body: bytes, width: int, height: int) -> None:
    good = build.dg2(_jpeg(body), width, height)
    block = _value_at(good, DG2_BLOCK)
    for keep in range(len(block)):
        assert not parses("dg2", cut_inside(good, DG2_BLOCK, keep)), keep


@CI
@given(st.binary(max_size=120), st.integers(1, 0xFFFF_FF00))
def test_a_facial_record_claiming_more_than_the_block_is_refused(body: bytes,
                                                                  extra: int) -> None:
    good = bytearray(build.dg2(_jpeg(body), 48, 60))
    at = good.index(b"FAC\x00") + 14  # the facial record's own length
    length = int.from_bytes(good[at:at + 4], "big") + extra
    good[at:at + 4] = length.to_bytes(4, "big")
    assert not parses("dg2", bytes(good))


@FEW
@given(sod_groups())
def test_a_security_object_cut_inside_consistent_tlvs_never_vouches(
        case: tuple[dict[int, bytes], str]) -> None:
    groups, algorithm = case
    good = build.ef_sod(groups, algorithm)
    security = _value_at(good, SOD_SECURITY_OBJECT[:-1])
    security = lds.read_tlv(security).value
    for keep in range(len(security)):
        cut = cut_inside(good, SOD_SECURITY_OBJECT, keep)
        if parses("sod", cut):
            with pytest.raises(LdsError):
                lds.check_hashes(lds.parse_sod(cut), groups)


@FEW
@given(mrz_cases())
def test_an_mrz_cut_inside_dg1_is_never_the_same_document(case: MrzCase) -> None:
    good = build.dg1(case.flat)
    for keep in range(len(case.flat)):
        cut = cut_inside(good, (0x61, 0x5F1F), keep)
        if parses("dg1", cut):  # only as another layout, with other check digits
            assert lds.parse_dg1(cut).layout != case.expected.layout


@CI
@given(sod_groups(), st.data())
def test_an_edited_security_object_never_vouches_for_other_data(
        case: tuple[dict[int, bytes], str], data: st.DataObject) -> None:
    groups, algorithm = case
    edited = data.draw(mutated(build.ef_sod(groups, algorithm)))
    if parses("sod", edited):
        sod = lds.parse_sod(edited)
        changed = {n: c + b"\x00" for n, c in groups.items()}
        with pytest.raises(LdsError):
            lds.check_hashes(sod, changed)


# -- MRZ -------------------------------------------------------------------------------------

def mrz_parses(text: str) -> bool:
    try:
        value = mrz.parse(text, TODAY)
    except MrzError:
        return False
    check_mrz(value)
    return True


@CI
@given(mrz_cases(), st.sampled_from(["\n", "\r\n", "", "\n\n"]), st.booleans(),
       st.sampled_from(["", " ", "\n", " \t\n"]))
def test_mrz_round_trip(case: MrzCase, separator: str, lower: bool, around: str) -> None:
    text = separator.join(case.lines)
    text = around + (text.lower() if lower else text) + around
    assert mrz.parse(text, TODAY) == case.expected


@CI
@given(st.text(MRZ_ALPHABET + "\n", max_size=100))
def test_mrz_on_random_text_over_its_alphabet(text: str) -> None:
    mrz_parses(text)


@CI
@given(st.lists(st.text(MRZ_ALPHABET, min_size=30, max_size=30), min_size=3, max_size=3)
       | st.lists(st.text(MRZ_ALPHABET, min_size=36, max_size=36), min_size=2, max_size=2)
       | st.lists(st.text(MRZ_ALPHABET, min_size=44, max_size=44), min_size=2, max_size=2))
def test_mrz_on_random_lines_of_the_right_shape(lines: list[str]) -> None:
    mrz_parses("\n".join(lines))


@CI
@given(st.one_of(st.text(mrz_chars, max_size=100),
                 st.sampled_from([30, 36, 44, 72, 88, 90]).flatmap(
                     lambda n: st.text(mrz_chars, min_size=n, max_size=n))))
def test_mrz_on_any_text(text: str) -> None:
    mrz_parses(text)


@CI
@given(mrz_cases(), st.dates())
def test_two_digit_years_on_any_day(case: MrzCase, today: dt.date) -> None:
    """A birth date is within the hundred years up to today's year, an expiry within about
    fifty years either side of it — on any day the workstation's clock may show."""
    try:
        read = mrz.parse(case.flat, today)
    except MrzError as exc:  # 29 February of a year that is no leap year, or beyond 9999
        problem: MrzProblem | None = exc.problem
    else:
        problem = None
    if problem is not None:
        assert problem in (MrzProblem.BIRTH_DATE, MrzProblem.EXPIRY_DATE)
        return
    check_mrz(read)
    assert today.year - 100 < read.birth_date.year <= today.year
    assert abs(read.expiry_date.year - today.year) <= 50
    for parsed, written in ((read.birth_date, case.expected.birth_date),
                            (read.expiry_date, case.expected.expiry_date)):
        assert parsed.strftime("%m%d") == written.strftime("%m%d")
        assert parsed.year % 100 == written.year % 100


@CI
@given(mrz_cases(), st.data())
def test_mrz_with_one_character_changed(case: MrzCase, data: st.DataObject) -> None:
    flat = case.flat
    at = data.draw(st.integers(0, len(flat) - 1))
    new = data.draw(mrz_chars)
    changed = flat[:at] + new + flat[at + 1:]
    width = len(case.lines[0])
    as_lines = "\n".join(changed[i:i + width] for i in range(0, len(changed), width))
    for text in (changed, as_lines):
        mrz_parses(text)


@CI
@given(mrz_cases(), st.data())
def test_a_changed_digit_under_a_check_digit_is_always_found(case: MrzCase,
                                                             data: st.DataObject) -> None:
    flat = case.flat
    at = data.draw(st.sampled_from([i for i in case.protected if flat[i] in DIGITS]))
    new = data.draw(st.sampled_from(DIGITS).filter(lambda d: d != flat[at]))
    with pytest.raises(MrzError):
        mrz.parse(flat[:at] + new + flat[at + 1:], TODAY)


@CI
@given(mrz_cases(), st.data())
def test_wrong_line_counts_and_lengths_are_layout_errors(case: MrzCase,
                                                         data: st.DataObject) -> None:
    lines = list(case.lines)
    which = data.draw(st.integers(0, len(lines) - 1))
    edit = data.draw(st.sampled_from(["longer", "shorter", "extra line", "missing line"]))
    if edit == "longer":
        at = data.draw(st.integers(0, len(lines[which])))
        extra = data.draw(st.text(MRZ_ALPHABET, min_size=1, max_size=10))
        lines[which] = lines[which][:at] + extra + lines[which][at:]
    elif edit == "shorter":
        at = data.draw(st.integers(0, len(lines[which]) - 1))
        lines[which] = lines[which][:at] + lines[which][at + data.draw(st.integers(1, 10)):]
    elif edit == "extra line":
        lines.insert(which, data.draw(st.text(MRZ_ALPHABET, min_size=1, max_size=50)))
    else:
        del lines[which]
    with pytest.raises(MrzError) as raised:
        mrz.parse("\n".join(lines), TODAY)
    assert raised.value.problem is MrzProblem.LAYOUT


@CI
@given(st.one_of(st.text(MRZ_ALPHABET, max_size=40), st.text(mrz_chars, max_size=40)))
def test_check_digit_is_a_digit_or_a_character_error(field: str) -> None:
    if set(field) <= set(MRZ_ALPHABET):
        digit = mrz.check_digit(field)
        assert len(digit) == 1 and digit in DIGITS
    else:
        with pytest.raises(MrzError) as raised:
            mrz.check_digit(field)
        assert raised.value.problem is MrzProblem.CHARACTERS


@CI
@given(st.one_of(st.text(MRZ_ALPHABET + " ", max_size=20), st.text(mrz_chars, max_size=20)),
       st.dates(), st.dates())
def test_bac_keys_of_any_typed_document_number(number: str, birth: dt.date,
                                               expiry: dt.date) -> None:
    try:
        information = mrz.bac_information(number, birth, expiry)
        k_enc, k_mac = mrz.bac_keys(number, birth, expiry)
    except MrzError:
        return
    assert information.isascii() and len(information) >= 24
    assert mrz.check_digit(information[-7:-1]) == information[-1]
    for key in (k_enc, k_mac):  # two-key 3DES with odd parity in every byte
        assert len(key) == 16 and all(bin(b).count("1") % 2 == 1 for b in key)


@CI
@given(st.text(mrz_chars, max_size=40))
def test_key_seed_of_any_text(information: str) -> None:
    try:
        seed = mrz.key_seed(information)
    except MrzError:
        return
    assert len(seed) == 16


# -- secure messaging ----------------------------------------------------------------------------

keys = st.binary(min_size=16, max_size=16)
counters = st.integers(0, 2**64 - 1)


def card_response(card: Session, data: bytes, sw: int) -> bytes:
    """What a chip holding the same session keys answers (as the emulator does)."""
    objects = b""
    if data:
        objects += encode_tlv(0x87, b"\x01" + tdes_encrypt(card.ks_enc, pad(data)))
    objects += encode_tlv(0x99, sw.to_bytes(2, "big"))
    mac = retail_mac(card.ks_mac, pad(card.next_ssc() + objects))
    return objects + encode_tlv(0x8E, mac) + sw.to_bytes(2, "big")


def unwraps(session: Session, response: bytes) -> bool:
    try:
        data, sw = unwrap(session, response)
    except SecureMessagingError:
        return False
    assert isinstance(data, bytes) and 0 <= sw <= 0xFFFF
    return True


@CI
@given(keys, keys, counters, st.binary(max_size=240), st.integers(0, 0xFFFF))
def test_a_card_response_unwraps_to_what_the_card_sent(
        ks_enc: bytes, ks_mac: bytes, ssc: int, data: bytes, sw: int) -> None:
    card, terminal = Session(ks_enc, ks_mac, ssc), Session(ks_enc, ks_mac, ssc)
    assert unwrap(terminal, card_response(card, data, sw)) == (data, sw)
    assert terminal.ssc == card.ssc


@CI
@given(keys, keys, counters, st.binary(max_size=64), st.integers(0, 0xFFFF), st.data())
def test_any_bit_flip_in_a_protected_response_is_refused(
        ks_enc: bytes, ks_mac: bytes, ssc: int, data: bytes, sw: int,
        draw: st.DataObject) -> None:
    response = bytearray(card_response(Session(ks_enc, ks_mac, ssc), data, sw))
    bit = draw.draw(st.integers(0, 8 * len(response) - 1))
    response[bit // 8] ^= 1 << (bit % 8)
    terminal = Session(ks_enc, ks_mac, ssc)
    if bit // 8 < len(response) - 2:
        with pytest.raises(SecureMessagingError):
            unwrap(terminal, bytes(response))
    else:  # the unprotected status word: DO'99', under the MAC, is what counts
        assert unwrap(terminal, bytes(response)) == (data, sw)


@CI
@given(keys, keys, counters, st.binary(max_size=64), st.integers(0, 0xFFFF), st.data())
def test_a_response_for_another_counter_is_refused(
        ks_enc: bytes, ks_mac: bytes, ssc: int, data: bytes, sw: int,
        draw: st.DataObject) -> None:
    other = draw.draw(counters.filter(lambda c: c != ssc))
    response = card_response(Session(ks_enc, ks_mac, other), data, sw)
    with pytest.raises(SecureMessagingError):
        unwrap(Session(ks_enc, ks_mac, ssc), response)


@CI
@given(keys, keys, counters, st.binary(max_size=300))
def test_unwrap_of_any_bytes(ks_enc: bytes, ks_mac: bytes, ssc: int, response: bytes) -> None:
    unwraps(Session(ks_enc, ks_mac, ssc), response)


@st.composite
def keyed_responses(draw: st.DrawFn, session: Session) -> bytes:
    """What a chip that knows the keys but not the rules might send: any objects, correctly
    MACed."""
    cryptograms = st.one_of(
        st.binary(max_size=40),
        st.binary(max_size=40).map(lambda p: tdes_encrypt(session.ks_enc, pad(p))),
        st.binary(max_size=5).map(lambda p: tdes_encrypt(session.ks_enc, _pattern(8 * len(p)))))
    do87 = st.one_of(st.binary(max_size=40), cryptograms.map(lambda c: b"\x01" + c))
    objects = draw(st.lists(st.one_of(
        st.tuples(st.just(0x87), do87),
        st.tuples(st.just(0x85), cryptograms),
        st.tuples(st.just(0x99), st.binary(max_size=4)),
        st.tuples(tags, st.binary(max_size=8))), max_size=4))
    body = b"".join(encode_tlv(tag, value) for tag, value in objects)
    covered = b"".join(encode_tlv(tag, value) for tag, value in objects
                       if tag in (0x85, 0x87, 0x99))
    mac = retail_mac(session.ks_mac, pad(session.next_ssc() + covered))
    return body + encode_tlv(0x8E, mac) + draw(st.binary(min_size=2, max_size=2))


@CI
@given(keys, keys, counters, st.data())
def test_unwrap_of_a_keyed_but_malformed_response(ks_enc: bytes, ks_mac: bytes, ssc: int,
                                                  data: st.DataObject) -> None:
    response = data.draw(keyed_responses(Session(ks_enc, ks_mac, ssc)))
    unwraps(Session(ks_enc, ks_mac, ssc), response)


@dataclasses.dataclass(frozen=True)
class BacCase:
    k_enc: bytes
    k_mac: bytes
    rnd_icc: bytes
    rnd_ifd: bytes
    k_ifd: bytes
    k_icc: bytes

    def challenge(self) -> BacChallenge:
        return bac_challenge(self.rnd_icc, self.k_enc, self.k_mac, rnd_ifd=self.rnd_ifd,
                             k_ifd=self.k_ifd)

    def chip_answer(self) -> bytes:
        e_icc = tdes_encrypt(self.k_enc, self.rnd_icc + self.rnd_ifd + self.k_icc)
        return e_icc + retail_mac(self.k_mac, pad(e_icc))


bac_cases = st.builds(BacCase, keys, keys, st.binary(min_size=8, max_size=8),
                      st.binary(min_size=8, max_size=8), keys, keys)


@CI
@given(bac_cases)
def test_bac_session_of_a_chip_that_knows_the_keys(case: BacCase) -> None:
    session = bac_session(case.chip_answer(), case.rnd_icc, case.challenge(), case.k_enc,
                          case.k_mac)
    seed = bytes(a ^ b for a, b in zip(case.k_ifd, case.k_icc, strict=True))
    assert session == Session(mrz.derive_key(seed, 1), mrz.derive_key(seed, 2),
                              int.from_bytes(case.rnd_icc[4:] + case.rnd_ifd[4:], "big"))


@CI
@given(bac_cases, st.integers(0, 40 * 8 - 1))
def test_any_bit_flip_in_the_chips_bac_answer_is_refused(case: BacCase, bit: int) -> None:
    answer = bytearray(case.chip_answer())
    answer[bit // 8] ^= 1 << (bit % 8)
    with pytest.raises(CardAuthError):
        bac_session(bytes(answer), case.rnd_icc, case.challenge(), case.k_enc, case.k_mac)


@CI
@given(bac_cases, st.binary(max_size=80))
def test_bac_session_of_any_answer_is_refused(case: BacCase, answer: bytes) -> None:
    with pytest.raises(CardAuthError):
        bac_session(answer, case.rnd_icc, case.challenge(), case.k_enc, case.k_mac)
