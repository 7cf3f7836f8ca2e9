"""The logical data structure of an eMRTD chip (ICAO 9303 part 10): EF.COM, DG1 (the MRZ),
DG2 (the face), EF.SOD (the signed hashes of the data groups).

Bytes come from a card, so nothing here trusts a length or a tag: anything malformed is an
LdsError naming what was wrong, and the data groups read are checked against the hashes
in EF.SOD before the applicant panel shows them. (Checking the SOD's own signature against
the issuing state's certificates needs a CSCA list; that is a later step.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from devices.cards import mrz


class LdsError(ValueError):
    code = "card.lds"


# Tags of the elementary files (EF.COM lists the data groups by these).
TAG_COM, TAG_DG1, TAG_DG2, TAG_SOD = 0x60, 0x61, 0x75, 0x77
DG_OF_TAG = {0x61: 1, 0x75: 2, 0x63: 3, 0x76: 4, 0x65: 5, 0x66: 6, 0x67: 7, 0x68: 8,
             0x69: 9, 0x6A: 10, 0x6B: 11, 0x6C: 12, 0x6D: 13, 0x6E: 14, 0x6F: 15, 0x70: 16}
HASHES = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
OID_SIGNED_DATA = "1.2.840.113549.1.7.2"


@dataclass(frozen=True)
class Tlv:
    tag: int
    value: bytes
    end: int  # offset just past this object in the buffer it was read from


def read_header(data: bytes, offset: int = 0) -> tuple[int, int, int]:
    """The tag and length of the BER-TLV object at `offset`: (tag, offset of its value,
    length of its value). Only the header need be there (a file's first bytes)."""
    try:
        tag = data[offset]
        i = offset + 1
        if tag & 0x1F == 0x1F:
            while True:
                tag = (tag << 8) | data[i]
                i += 1
                if not data[i - 1] & 0x80:
                    break
                if i - offset >= 3:  # ISO/IEC 7816-4: tags of one to three bytes
                    raise LdsError("tag field too long")
        length = data[i]
        i += 1
        if length == 0x80:
            raise LdsError("indefinite lengths are not used in the LDS")
        if length > 0x80:
            count = length & 0x7F
            if count > 3:
                raise LdsError("length field too long")
            length = int.from_bytes(data[i:i + count], "big")
            if len(data[i:i + count]) != count:
                raise LdsError("truncated length")
            i += count
    except IndexError as exc:
        raise LdsError("truncated object") from exc
    return tag, i, length


def read_tlv(data: bytes, offset: int = 0) -> Tlv:
    """One BER-TLV object at `offset` (multi-byte tags, definite lengths only)."""
    tag, i, length = read_header(data, offset)
    if i + length > len(data):
        raise LdsError(f"object 0x{tag:X} runs past the data ({length} bytes)")
    return Tlv(tag, data[i:i + length], i + length)


def encode_length(n: int) -> bytes:
    """BER definite length: one byte below 128, else 0x81/0x82 and the length."""
    if n < 0x80:
        return bytes([n])
    if n < 0x100:
        return bytes([0x81, n])
    if n < 0x10000:
        return bytes([0x82]) + n.to_bytes(2, "big")
    raise ValueError(f"object of {n} bytes is too long for a chip")


def encode_tlv(tag: int, value: bytes) -> bytes:
    """One BER-TLV object; multi-byte tags (0x5F1F, 0x7F61) are written as given."""
    return tag.to_bytes((tag.bit_length() + 7) // 8 or 1, "big") + encode_length(len(value)) \
        + value


def children(data: bytes) -> Iterator[Tlv]:
    offset = 0
    while offset < len(data):
        if data[offset] in (0x00, 0xFF):  # padding between objects
            offset += 1
            continue
        item = read_tlv(data, offset)
        yield item
        offset = item.end


def find(data: bytes, tag: int) -> bytes:
    for item in children(data):
        if item.tag == tag:
            return item.value
    raise LdsError(f"no object 0x{tag:X}")


def outer(data: bytes, tag: int) -> bytes:
    item = read_tlv(data)
    if item.tag != tag:
        raise LdsError(f"expected file 0x{tag:X}, found 0x{item.tag:X}")
    return item.value


# -- EF.COM and DG1 --------------------------------------------------------------------------

@dataclass(frozen=True)
class Com:
    lds_version: str
    unicode_version: str
    data_groups: tuple[int, ...]


def parse_com(data: bytes) -> Com:
    body = outer(data, TAG_COM)
    tags = find(body, 0x5C)
    groups = tuple(sorted(DG_OF_TAG[t] for t in tags if t in DG_OF_TAG))
    return Com(find(body, 0x5F01).decode("ascii", "replace"),
               find(body, 0x5F36).decode("ascii", "replace"), groups)


def parse_dg1(data: bytes) -> mrz.Mrz:
    text = find(outer(data, TAG_DG1), 0x5F1F)
    try:
        return mrz.parse(text.decode("ascii"))
    except UnicodeDecodeError as exc:
        raise LdsError("the MRZ is not ASCII") from exc


# -- DG2: the face -----------------------------------------------------------------------------

@dataclass(frozen=True)
class Face:
    media_type: str  # image/jpeg or image/jp2
    data: bytes
    width: int
    height: int


def parse_dg2(data: bytes) -> Face:
    """The first face image of DG2 (biometric information template → ISO/IEC 19794-5)."""
    group = find(outer(data, TAG_DG2), 0x7F61)
    template = find(group, 0x7F60)
    block = next((item.value for item in children(template) if item.tag in (0x5F2E, 0x7F2E)),
                 None)
    if block is None:
        raise LdsError("no biometric data block")
    if block[:4] != b"FAC\x00":
        raise LdsError("not an ISO/IEC 19794-5 facial record")
    offset = 14  # format id, version, record length, number of faces
    if len(block) < offset + 20:
        raise LdsError("truncated facial record")
    record_length = int.from_bytes(block[offset:offset + 4], "big")
    points = int.from_bytes(block[offset + 4:offset + 6], "big")
    info = offset + 20 + 8 * points
    if len(block) < info + 12 or record_length < 20 + 8 * points + 12:
        raise LdsError("truncated facial record")
    if len(block) < offset + record_length:  # the facial record claims more than there is
        raise LdsError("truncated facial record")
    image_type = block[info + 1]
    width = int.from_bytes(block[info + 2:info + 4], "big")
    height = int.from_bytes(block[info + 4:info + 6], "big")
    image = block[info + 12:offset + record_length]
    media = {0: "image/jpeg", 1: "image/jp2"}.get(image_type)
    if media is None:
        raise LdsError(f"unknown image data type {image_type}")
    if media == "image/jpeg" and not image.startswith(b"\xff\xd8"):
        raise LdsError("the JPEG face image does not start with SOI")
    return Face(media, image, width, height)


# -- EF.SOD: data-group hashes -----------------------------------------------------------------

def _oid(value: bytes) -> str:
    if not value:
        raise LdsError("empty object identifier")
    if value[-1] & 0x80:
        raise LdsError("truncated object identifier")
    parts = [value[0] // 40, value[0] % 40]
    n = 0
    for byte in value[1:]:
        if byte == 0x80 and n == 0:  # X.690 8.19.2: an arc's first byte is never 0x80
            raise LdsError("padded object identifier")
        n = (n << 7) | (byte & 0x7F)
        if n >> 128:  # longer than any arc in use (UUIDs); str() of a huge one fails
            raise LdsError("object identifier arc too long")
        if not byte & 0x80:
            parts.append(n)
            n = 0
    return ".".join(str(p) for p in parts)


@dataclass(frozen=True)
class SecurityObject:
    hash_algorithm: str  # hashlib name
    hashes: Mapping[int, bytes]  # data group number → hash


def parse_sod(data: bytes) -> SecurityObject:
    """The LDSSecurityObject inside EF.SOD's CMS SignedData."""
    content_info = find(outer(data, TAG_SOD), 0x30)
    if _oid(find(content_info, 0x06)) != OID_SIGNED_DATA:
        raise LdsError("EF.SOD is not CMS SignedData")
    signed = find(find(content_info, 0xA0), 0x30)
    encapsulated = [item for item in children(signed) if item.tag == 0x30][0:2]
    econtent = None
    for item in encapsulated:
        try:
            econtent = find(find(item.value, 0xA0), 0x04)
            break
        except LdsError:
            continue
    if econtent is None:
        raise LdsError("no encapsulated LDS security object")
    security = find(econtent, 0x30)
    parts = [item for item in children(security)]
    if len(parts) < 3:
        raise LdsError("LDS security object too short")
    algorithm = HASHES.get(_oid(find(parts[1].value, 0x06)))
    if algorithm is None:
        raise LdsError("unknown hash algorithm")
    hashes: dict[int, bytes] = {}
    for item in children(parts[2].value):
        number = int.from_bytes(find(item.value, 0x02), "big")
        if not 1 <= number <= 16:
            raise LdsError("data group number out of range")
        hashes[number] = find(item.value, 0x04)
    return SecurityObject(algorithm, hashes)


def check_hashes(security: SecurityObject, groups: Mapping[int, bytes]) -> None:
    """Every data group read must hash to EF.SOD's value; the first that does not is named."""
    for number, content in sorted(groups.items()):
        expected = security.hashes.get(number)
        if expected is None:
            raise LdsError(f"DG{number} has no hash in EF.SOD")
        if hashlib.new(security.hash_algorithm, content).digest() != expected:
            raise LdsError(f"DG{number} does not match its hash in EF.SOD")
