"""Building eMRTD files as a chip holds them, for the card emulator and for tests."""

from __future__ import annotations

import hashlib

from devices.cards.lds import encode_tlv as tlv


def oid(dotted: str) -> bytes:
    parts = [int(p) for p in dotted.split(".")]
    body = bytes([parts[0] * 40 + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        part >>= 7
        while part:
            chunk.insert(0, 0x80 | (part & 0x7F))
            part >>= 7
        body += bytes(chunk)
    return tlv(0x06, body)


def integer(n: int) -> bytes:
    return tlv(0x02, n.to_bytes(max(1, (n.bit_length() + 8) // 8), "big"))


def ef_com(groups: list[int]) -> bytes:
    tags = {1: 0x61, 2: 0x75, 3: 0x63, 14: 0x6E, 15: 0x6F}
    return tlv(0x60, tlv(0x5F01, b"0107") + tlv(0x5F36, b"040000")
               + tlv(0x5C, bytes(tags[g] for g in groups)))


def dg1(mrz: str) -> bytes:
    return tlv(0x61, tlv(0x5F1F, mrz.replace("\n", "").encode("ascii")))


def dg2(image: bytes, width: int, height: int, *, jpeg2000: bool = False) -> bytes:
    face_info = (bytes(4) + b"\x00\x00" + bytes(14))  # length patched below, no points
    image_type = 1 if jpeg2000 else 0  # image data type: 0 JPEG, 1 JPEG 2000
    image_info = bytes([1, image_type]) + width.to_bytes(2, "big") \
        + height.to_bytes(2, "big") + bytes(6)
    record = bytearray(face_info + image_info + image)
    record[0:4] = len(record).to_bytes(4, "big")
    block = b"FAC\x00" + b"010\x00" + (14 + len(record)).to_bytes(4, "big") + b"\x00\x01" \
        + bytes(record)
    template = tlv(0xA1, tlv(0x80, b"\x01\x01")) + tlv(0x5F2E, block)
    return tlv(0x75, tlv(0x7F61, tlv(0x02, b"\x01") + tlv(0x7F60, template)))


def ef_sod(groups: dict[int, bytes], algorithm: str = "sha256") -> bytes:
    oids = {"sha1": "1.3.14.3.2.26", "sha256": "2.16.840.1.101.3.4.2.1"}
    hashes = b"".join(
        tlv(0x30, integer(number) + tlv(0x04, hashlib.new(algorithm, content).digest()))
        for number, content in sorted(groups.items()))
    security = tlv(0x30, integer(0) + tlv(0x30, oid(oids[algorithm])) + tlv(0x30, hashes))
    encapsulated = tlv(0x30, oid("2.23.136.1.1.1") + tlv(0xA0, tlv(0x04, security)))
    signed = tlv(0x30, integer(3) + tlv(0x31, tlv(0x30, oid(oids[algorithm])))
                 + encapsulated + tlv(0x31, b""))
    content_info = tlv(0x30, oid("1.2.840.113549.1.7.2") + tlv(0xA0, signed))
    return tlv(0x77, content_info)


def document(mrz: str, photo: bytes, width: int, height: int, *,
             jpeg2000: bool = False) -> dict[int, bytes]:
    """A travel document's chip: EF.COM, DG1, DG2 and an EF.SOD over both, by file id."""
    groups = {1: dg1(mrz), 2: dg2(photo, width, height, jpeg2000=jpeg2000)}
    return {0x011E: ef_com([1, 2]), 0x0101: groups[1], 0x0102: groups[2],
            0x011D: ef_sod(groups)}
