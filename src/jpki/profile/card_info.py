"""Files of the card-info input-support AP (券面事項入力補助AP), JPKI.md §2.

- EF 0001, My Number: `FF 10 0C` + 12 ASCII digits, then `FF FF` filler (17 bytes).
- EF 0002, basic 4 information: `FF 20 <len>` { `DF 21 08` four 2-byte offsets (from the start
  of the FF 20 value to the tags of the four fields), `DF 22` name (UTF-8, U+3000 between family
  and given name), `DF 23` address (UTF-8, full-width digits), `DF 24 08` birth date
  "YYYYMMDD", `DF 25 01` sex "1"/"2"/"9" }.
- EF 0003, integrity record: `FF 30` { `DF 31 20` SHA-256 of EF 0001 including filler,
  `DF 32 20` SHA-256 of EF 0002's value without the DF 21 offset table, `DF 33` RSA-2048
  PKCS#1 v1.5 SHA-256 signature over the two hash TLVs } by the card issuer's key.
Lengths are BER (one byte below 128, else 81 xx or 82 xx xx). The EF ids of the credentials
(0011 PIN, 0014 照合番号A, 0015 照合番号B) and the matching numbers' 10 tries are unconfirmed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re

from jpki.profile.era import to_era_date
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.numbers import is_valid_my_number

MY_NUMBER_FILE, FOUR_INFO_FILE, INTEGRITY_FILE = 0x0001, 0x0002, 0x0003
CARD_INFO_PIN_FILE, MATCHING_A_FILE, MATCHING_B_FILE = 0x0011, 0x0014, 0x0015
CARD_INFO_PIN_PATTERN = re.compile(r"[0-9]{4}")
MATCHING_A_PATTERN = re.compile(r"[0-9]{12}")
MATCHING_B_PATTERN = re.compile(r"[0-9]{14}")
MATCHING_TRIES = 10


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes((size,))
    if size < 0x100:
        return bytes((0x81, size))
    return bytes((0x82,)) + size.to_bytes(2)


def tlv(tag: bytes, value: bytes) -> bytes:
    return tag + _length(len(value)) + value


def parse_tlvs(data: bytes) -> list[tuple[bytes, bytes]]:
    """Split concatenated TLVs with two-byte (FF xx, DF xx) tags; raises ProfileError."""
    items, position = [], 0
    while position < len(data):
        if data[position] == 0xFF and position + 1 < len(data) and data[position + 1] == 0xFF:
            break  # filler
        if position + 3 > len(data):
            raise ProfileError("truncated TLV")
        tag = data[position : position + 2]
        first = data[position + 2]
        position += 3
        if first < 0x80:
            size = first
        elif first in (0x81, 0x82):
            count = first - 0x80
            size = int.from_bytes(data[position : position + count])
            position += count
        else:
            raise ProfileError("unsupported TLV length")
        if position + size > len(data):
            raise ProfileError("TLV runs past the end")
        items.append((tag, data[position : position + size]))
        position += size
    return items


def encode_my_number_file(number: str) -> bytes:
    if not is_valid_my_number(number):
        raise ProfileError("not a valid My Number")
    return b"\xff\x10\x0c" + number.encode() + b"\xff\xff"


def decode_my_number_file(data: bytes) -> str:
    items = parse_tlvs(data)
    if not items or items[0][0] != b"\xff\x10":
        raise ProfileError("not a My Number file")
    number = items[0][1].decode("ascii", errors="replace")
    if not is_valid_my_number(number):
        raise ProfileError("the My Number file holds no valid My Number")
    return number


def _fields(info: FourInfo) -> list[bytes]:
    birth = info.birth_date.strftime("%Y%m%d").encode() if info.birth_date else b"00000000"
    return [
        tlv(b"\xdf\x22", info.name.encode()),
        tlv(b"\xdf\x23", info.address.encode()),
        tlv(b"\xdf\x24", birth),
        tlv(b"\xdf\x25", info.sex.value.encode()),
    ]


def encode_four_info_file(info: FourInfo) -> bytes:
    fields = _fields(info)
    offsets, position = b"", 11  # the DF 21 08 TLV takes 11 bytes
    for field in fields:
        offsets += position.to_bytes(2)
        position += len(field)
    return tlv(b"\xff\x20", tlv(b"\xdf\x21", offsets) + b"".join(fields))


def four_info_value_without_offsets(data: bytes) -> bytes:
    """What the integrity record hashes: EF 0002's value without the DF 21 table."""
    items = parse_tlvs(data)
    if not items or items[0][0] != b"\xff\x20":
        raise ProfileError("not a 4 information file")
    return b"".join(tlv(tag, value) for tag, value in parse_tlvs(items[0][1]) if tag != b"\xdf\x21")


def decode_four_info_file(data: bytes) -> FourInfo:
    items = parse_tlvs(data)
    if not items or items[0][0] != b"\xff\x20":
        raise ProfileError("not a 4 information file")
    fields = dict(parse_tlvs(items[0][1]))
    try:
        birth = fields[b"\xdf\x24"].decode()
        return FourInfo(
            name=fields[b"\xdf\x22"].decode(),
            address=fields[b"\xdf\x23"].decode(),
            birth_date=None
            if birth == "00000000"
            else dt.datetime.strptime(birth, "%Y%m%d").date(),
            sex=Sex(fields[b"\xdf\x25"].decode()),
        )
    except (KeyError, ValueError, UnicodeDecodeError) as exc:
        raise ProfileError(f"malformed 4 information file: {exc}") from exc


def integrity_signed_part(my_number_file: bytes, four_info_file: bytes) -> bytes:
    """The two hash TLVs the issuer signs."""
    return tlv(b"\xdf\x31", hashlib.sha256(my_number_file).digest()) + tlv(
        b"\xdf\x32", hashlib.sha256(four_info_value_without_offsets(four_info_file)).digest()
    )


def encode_integrity_file(signed_part: bytes, signature: bytes) -> bytes:
    return tlv(b"\xff\x30", signed_part + tlv(b"\xdf\x33", signature))


@dataclasses.dataclass(frozen=True)
class IntegrityRecord:
    my_number_hash: bytes
    four_info_hash: bytes
    signed_part: bytes
    signature: bytes


def decode_integrity_file(data: bytes) -> IntegrityRecord:
    items = parse_tlvs(data)
    if not items or items[0][0] != b"\xff\x30":
        raise ProfileError("not an integrity record")
    fields = dict(parse_tlvs(items[0][1]))
    try:
        first, second = fields[b"\xdf\x31"], fields[b"\xdf\x32"]
        return IntegrityRecord(
            first, second, tlv(b"\xdf\x31", first) + tlv(b"\xdf\x32", second), fields[b"\xdf\x33"]
        )
    except KeyError as exc:
        raise ProfileError(f"integrity record lacks {exc}") from exc


def matching_number_b(birth_date: dt.date, card_expiry: dt.date, security_code: str) -> str:
    """照合番号B: birth date as era YYMMDD + the card's expiry year + the 4-digit security code."""
    if not re.fullmatch(r"[0-9]{4}", security_code):
        raise ProfileError("the security code has 4 digits")
    return f"{to_era_date(birth_date).yymmdd()}{card_expiry.year:04d}{security_code}"


__all__ = [
    "CARD_INFO_PIN_FILE",
    "CARD_INFO_PIN_PATTERN",
    "FOUR_INFO_FILE",
    "INTEGRITY_FILE",
    "MATCHING_A_FILE",
    "MATCHING_A_PATTERN",
    "MATCHING_B_FILE",
    "MATCHING_B_PATTERN",
    "MATCHING_TRIES",
    "MY_NUMBER_FILE",
    "IntegrityRecord",
    "decode_four_info_file",
    "decode_integrity_file",
    "decode_my_number_file",
    "encode_four_info_file",
    "encode_integrity_file",
    "encode_my_number_file",
    "four_info_value_without_offsets",
    "integrity_signed_part",
    "matching_number_b",
    "parse_tlvs",
    "tlv",
]
