"""Files of the card-face confirmation AP (券面事項確認AP), the layout public readers parse.

AID `D3 92 10 00 31 00 01 01 04 02` (JPKI.md §7). Its two credentials: EF 0013 照合番号A (the
12-digit My Number) and EF 0012 照合番号B (era birth date YYMMDD + card expiry year + 4-digit
security code), each with its own try counter (sources: jpki/myna `libmyna/image_ap.go`,
AokiApp/jsapdu `packages/mynacard/src/constants.ts`).

EF 0002, the card face (券面事項), after either credential: one TLV `FF 20` whose children come
in this order (jsapdu's `schemaKenkakuEntries`, myna's `ImageInfo`; readers parse by position):

| tag | content |
|---|---|
| `DF 21` | offsets: 2 bytes per following field, from the start of the FF 20 value to its tag |
| `DF 22` | birth date, text `YYYYMMDD` (`00000000` when unknown) |
| `DF 23` | sex, text: ISO 5218 digit `1`/`2`/`9` |
| `DF 24` | the issuer-side public key (exponent TLV, modulus TLV: profile/card_verifiable.py) |
| `DF 25` | the name, as a PNG image |
| `DF 26` | the address, as a PNG image |
| `DF 27` | the face photo, JPEG 2000 |
| `DF 28` | the issuer's signature over the card-face data |
| `DF 29` | the card's expiry, text `YYYYMMDD` |
| `DF 2A` | the security code, as a PNG image |

EF 0003, AP basic information, readable without a credential: `FF 40` { `DF 41 04` AP
identifier, `DF 42` a field readers skip, `DF 43 01` version, `DF 44` the issuing municipality's
name (UTF-8) }. EF 0004: the card-verifiable certificate of the issuer's key (as in the card-info
AP).

Unconfirmed, and decided here only: the text formats of DF 22 and DF 29, what DF 28 signs (we
sign the DF 22 to DF 27 TLVs as they stand in the file, RSA PKCS#1 v1.5 with SHA-256, the way the
card-info AP's integrity record signs its hashes), the tags inside EF 0003 and its AP identifier.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.profile.card_info import parse_tlvs, tlv
from jpki.profile.card_verifiable import decode_public_key, encode_public_key
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import Sex

CARD_FACE_FILE, FACE_BASIC_INFO_FILE = 0x0002, 0x0003
FACE_MATCHING_B_FILE, FACE_MATCHING_A_FILE = 0x0012, 0x0013
FACE_AP_IDENTIFIER = bytes.fromhex("00010402")
"""Our EF 0003 AP identifier: the last bytes of the AID (unconfirmed)."""
FACE_AP_VERSION = 0x01
MAX_FILE = 0x7FFF
"""READ BINARY addresses 15 bits: a card-face file must fit in 32 767 bytes."""

TAGS = (
    b"\xdf\x22",  # birth date
    b"\xdf\x23",  # sex
    b"\xdf\x24",  # issuer-side public key
    b"\xdf\x25",  # name image
    b"\xdf\x26",  # address image
    b"\xdf\x27",  # face photo
    b"\xdf\x28",  # signature
    b"\xdf\x29",  # expiry
    b"\xdf\x2a",  # security-code image
)
SIGNED_TAGS = TAGS[:6]
"""The fields the issuer's signature (DF 28) covers: everything before it."""


@dataclasses.dataclass(frozen=True)
class CardFace:
    """The card face as the chip holds it (券面事項)."""

    birth_date: dt.date | None
    sex: Sex
    issuer_key: rsa.RSAPublicKey
    """The key whose signature DF 28 is; a reader trusts it only if it is the issuer's."""
    name_image: bytes
    address_image: bytes
    photo: bytes
    """JPEG 2000."""
    signature: bytes
    expiry: dt.date
    security_code_image: bytes
    signed_part: bytes = b""
    """The DF 22..DF 27 TLVs as read, which the signature covers (set by the decoder)."""


def _date_text(value: dt.date | None) -> bytes:
    return value.strftime("%Y%m%d").encode() if value else b"00000000"


def _parse_date(raw: bytes, what: str) -> dt.date | None:
    if raw == b"00000000":
        return None
    try:
        return dt.datetime.strptime(raw.decode("ascii"), "%Y%m%d").date()
    except (UnicodeDecodeError, ValueError):
        raise ProfileError(f"the {what} is not a YYYYMMDD date") from None


def signed_fields(
    birth_date: dt.date | None,
    sex: Sex,
    issuer_key: rsa.RSAPublicKey,
    name_image: bytes,
    address_image: bytes,
    photo: bytes,
) -> bytes:
    """The DF 22..DF 27 TLVs, which the issuer signs."""
    values = (
        _date_text(birth_date),
        sex.value.encode(),
        encode_public_key(issuer_key),
        name_image,
        address_image,
        photo,
    )
    return b"".join(tlv(tag, value) for tag, value in zip(SIGNED_TAGS, values, strict=True))


def encode_card_face(
    *,
    birth_date: dt.date | None,
    sex: Sex,
    issuer_key: rsa.RSAPublicKey,
    name_image: bytes,
    address_image: bytes,
    photo: bytes,
    expiry: dt.date,
    security_code_image: bytes,
    sign: Callable[[bytes], bytes],
) -> bytes:
    """EF 0002: `FF 20` {offsets, the nine fields}; `sign` is the issuer's signature function."""
    signed = signed_fields(birth_date, sex, issuer_key, name_image, address_image, photo)
    rest = (
        tlv(TAGS[6], sign(signed))
        + tlv(TAGS[7], _date_text(expiry))
        + tlv(TAGS[8], security_code_image)
    )
    fields = [tlv(tag, value) for tag, value in parse_tlvs(signed + rest)]
    offsets, position = b"", 3 + 2 * len(TAGS)  # the DF 21 TLV comes first
    for field in fields:
        offsets += position.to_bytes(2)
        position += len(field)
    data = tlv(b"\xff\x20", tlv(b"\xdf\x21", offsets) + b"".join(fields))
    if len(data) > MAX_FILE:
        raise ProfileError(f"the card face takes {len(data)} bytes, more than a card file holds")
    return data


def decode_card_face(data: bytes) -> CardFace:
    """EF 0002 as read from a card; raises ProfileError, naming what is wrong, for anything else.

    Strict: the ten children in order, the offset table matching where they stand, no bytes
    after the FF 20 TLV but FF filler. A reader that parses by position would misread any
    other file, so ours refuses it.
    """
    items = parse_tlvs(data)
    if len(items) != 1 or items[0][0] != b"\xff\x20":
        raise ProfileError("not a card-face file (FF 20)")
    value = items[0][1]
    children = parse_tlvs(value)
    tags = tuple(tag for tag, _ in children)
    if tags != (b"\xdf\x21", *TAGS):
        raise ProfileError("the card-face file's fields are missing or out of order")
    offsets_raw = children[0][1]
    if len(offsets_raw) != 2 * len(TAGS):
        raise ProfileError("the card-face offset table has the wrong size")
    offsets = [int.from_bytes(offsets_raw[i : i + 2]) for i in range(0, len(offsets_raw), 2)]
    position, actual = 0, []
    for tag, field in children:
        if tag != b"\xdf\x21":
            actual.append(position)
        position += len(tlv(tag, field))
    if offsets != actual:
        raise ProfileError("the card-face offset table does not match its fields")
    fields = dict(children)
    start = actual[0]
    end = actual[6]
    try:
        sex = Sex(fields[TAGS[1]].decode("ascii"))
    except (UnicodeDecodeError, ValueError):
        raise ProfileError("the sex field is not 1, 2 or 9") from None
    expiry = _parse_date(fields[TAGS[7]], "expiry")
    if expiry is None:
        raise ProfileError("the card face has no expiry")
    return CardFace(
        birth_date=_parse_date(fields[TAGS[0]], "birth date"),
        sex=sex,
        issuer_key=decode_public_key(fields[TAGS[2]]),
        name_image=fields[TAGS[3]],
        address_image=fields[TAGS[4]],
        photo=fields[TAGS[5]],
        signature=fields[TAGS[6]],
        expiry=expiry,
        security_code_image=fields[TAGS[8]],
        signed_part=value[start:end],
    )


def encode_face_basic_info(municipality: str) -> bytes:
    """EF 0003: `FF 40` {AP identifier, skipped field, version, municipality}."""
    return tlv(
        b"\xff\x40",
        tlv(b"\xdf\x41", FACE_AP_IDENTIFIER)
        + tlv(b"\xdf\x42", b"\x00")
        + tlv(b"\xdf\x43", bytes((FACE_AP_VERSION,)))
        + tlv(b"\xdf\x44", municipality.encode()),
    )


@dataclasses.dataclass(frozen=True)
class FaceBasicInfo:
    """EF 0003 of the card-face AP."""

    ap_identifier: bytes
    version: int
    municipality: str


def decode_face_basic_info(data: bytes) -> FaceBasicInfo:
    """EF 0003; raises ProfileError for anything malformed."""
    items = parse_tlvs(data)
    if len(items) != 1 or items[0][0] != b"\xff\x40":
        raise ProfileError("not card-face AP basic information (FF 40)")
    fields = dict(parse_tlvs(items[0][1]))
    identifier, version = fields.get(b"\xdf\x41", b""), fields.get(b"\xdf\x43", b"")
    if len(identifier) != 4 or len(version) != 1 or b"\xdf\x44" not in fields:
        raise ProfileError("card-face AP basic information lacks a field")
    try:
        municipality = fields[b"\xdf\x44"].decode()
    except UnicodeDecodeError:
        raise ProfileError("the municipality is not UTF-8") from None
    return FaceBasicInfo(identifier, version[0], municipality)


__all__ = [
    "CARD_FACE_FILE",
    "FACE_BASIC_INFO_FILE",
    "FACE_MATCHING_A_FILE",
    "FACE_MATCHING_B_FILE",
    "CardFace",
    "FaceBasicInfo",
    "decode_card_face",
    "decode_face_basic_info",
    "encode_card_face",
    "encode_face_basic_info",
    "signed_fields",
]
