"""Card-verifiable certificates and AP basic information of the card's text applications.

Both the card-info input-support AP (券面事項入力補助AP) and the card-face confirmation AP
(券面事項確認AP) carry, readable without any credential:

- EF 0004: a card-verifiable certificate (CV certificate, ISO 7816-8), 568 bytes for an RSA-2048
  key: `7F 21 82 02 33` { `5F 4E 82 01 29` <issuer id (16) | subject id (16) | public key>,
  `5F 37 82 01 00` <signature (256)> } (JPKI.md §7; the field split is how the public reader
  AokiApp/jsapdu's `schemaCertificate` parses it).
- The public key inside is two TLVs with one-byte tags, the exponent first and then the
  modulus (jsapdu's `decodePublicKey` reads them in that order). The tags (`82` exponent, `81`
  modulus, as ISO 7816-8's public-key data objects) are our choice: readers do not check them.
- The card-info AP's EF 0005: 256 bytes of AP basic information `FF 40` { `DF 41 04` <version,
  extended-APDU flag, vendor, option>, `DF 42 10` <public-key id> }, then `FF` filler.

Unconfirmed, kept here: what the CV certificate's signature covers (we sign the `5F 4E` TLV with
RSA PKCS#1 v1.5 SHA-256; a real CV certificate may use ISO 9796-2 message recovery), the tags of
the public-key TLVs, and the values of the four DF 41 bytes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.profile.card_info import parse_tlvs, tlv
from jpki.profile.errors import ProfileError

CV_CERTIFICATE_FILE, AP_BASIC_INFO_FILE = 0x0004, 0x0005
CV_CERTIFICATE_LENGTH = 568
AP_BASIC_INFO_LENGTH = 256
ID_LENGTH = 16
EXPONENT_TAG, MODULUS_TAG = 0x82, 0x81
AP_VERSION, EXTENDED_APDU, VENDOR, OPTION = 0x01, 0x01, 0x00, 0x00
"""The DF 41 bytes we write: version 1, extended APDUs supported, no vendor, no option."""


def _length(size: int) -> bytes:
    if size < 0x80:
        return bytes((size,))
    if size < 0x100:
        return bytes((0x81, size))
    if size < 0x10000:
        return bytes((0x82,)) + size.to_bytes(2)
    raise ProfileError("a TLV value is at most 65535 bytes")


def _tlv(tag: bytes, value: bytes) -> bytes:
    return tag + _length(len(value)) + value


def _split(data: bytes, tag_length: int) -> list[tuple[bytes, bytes]]:
    """Concatenated BER TLVs with tags of `tag_length` bytes; raises ProfileError."""
    items, position = [], 0
    while position < len(data):
        if position + tag_length + 1 > len(data):
            raise ProfileError("truncated TLV")
        tag = data[position : position + tag_length]
        first = data[position + tag_length]
        position += tag_length + 1
        if first < 0x80:
            size = first
        elif first in (0x81, 0x82):
            count = first - 0x80
            if position + count > len(data):
                raise ProfileError("truncated TLV length")
            size = int.from_bytes(data[position : position + count])
            position += count
        else:
            raise ProfileError("unsupported TLV length")
        if position + size > len(data):
            raise ProfileError("TLV runs past the end")
        items.append((tag, data[position : position + size]))
        position += size
    return items


def encode_public_key(key: rsa.RSAPublicKey) -> bytes:
    """The exponent TLV, then the modulus TLV, both big-endian without leading zeros."""
    numbers = key.public_numbers()
    exponent = numbers.e.to_bytes((numbers.e.bit_length() + 7) // 8)
    modulus = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8)
    return _tlv(bytes((EXPONENT_TAG,)), exponent) + _tlv(bytes((MODULUS_TAG,)), modulus)


def decode_public_key(data: bytes) -> rsa.RSAPublicKey:
    """An RSA public key from its two TLVs; raises ProfileError for anything else."""
    items = _split(data, 1)
    if [tag for tag, _ in items] != [bytes((EXPONENT_TAG,)), bytes((MODULUS_TAG,))]:
        raise ProfileError("a public key is an exponent TLV and a modulus TLV")
    exponent, modulus = (int.from_bytes(value) for _, value in items)
    try:
        return rsa.RSAPublicNumbers(exponent, modulus).public_key()
    except ValueError as exc:
        raise ProfileError(f"not an RSA public key: {exc}") from exc


@dataclasses.dataclass(frozen=True)
class CvCertificate:
    """A card-verifiable certificate as read from EF 0004."""

    issuer_id: bytes
    """16 bytes naming the key that signed it."""
    subject_id: bytes
    """16 bytes naming the certified key; the AP basic information's public-key id."""
    public_key: rsa.RSAPublicKey
    signed_part: bytes
    """The `5F 4E` TLV the signature covers."""
    signature: bytes


def cv_certificate_body(issuer_id: bytes, subject_id: bytes, key: rsa.RSAPublicKey) -> bytes:
    """The `5F 4E` TLV: issuer id, subject id and the public key."""
    if len(issuer_id) != ID_LENGTH or len(subject_id) != ID_LENGTH:
        raise ProfileError("CV certificate ids have 16 bytes")
    return _tlv(b"\x5f\x4e", issuer_id + subject_id + encode_public_key(key))


def encode_cv_certificate(
    issuer_id: bytes,
    subject_id: bytes,
    key: rsa.RSAPublicKey,
    sign: Callable[[bytes], bytes],
) -> bytes:
    """`7F 21` { body, `5F 37` signature }; `sign` signs the body (the issuer's key)."""
    body = cv_certificate_body(issuer_id, subject_id, key)
    return _tlv(b"\x7f\x21", body + _tlv(b"\x5f\x37", sign(body)))


def decode_cv_certificate(data: bytes) -> CvCertificate:
    """EF 0004's certificate; raises ProfileError for anything malformed."""
    outer = _split(data, 2)
    if len(outer) != 1 or outer[0][0] != b"\x7f\x21":
        raise ProfileError("not a card-verifiable certificate (7F 21)")
    inner = _split(outer[0][1], 2)
    if [tag for tag, _ in inner] != [b"\x5f\x4e", b"\x5f\x37"]:
        raise ProfileError("a CV certificate holds a body (5F 4E) and a signature (5F 37)")
    (_, body), (_, signature) = inner
    if len(body) < 2 * ID_LENGTH:
        raise ProfileError("the CV certificate body is too short")
    return CvCertificate(
        body[:ID_LENGTH],
        body[ID_LENGTH : 2 * ID_LENGTH],
        decode_public_key(body[2 * ID_LENGTH :]),
        _tlv(b"\x5f\x4e", body),
        signature,
    )


@dataclasses.dataclass(frozen=True)
class ApBasicInfo:
    """The card-info AP's EF 0005."""

    version: int
    extended_apdu: bool
    vendor: int
    option: int
    public_key_id: bytes


def encode_ap_basic_info(public_key_id: bytes) -> bytes:
    """EF 0005: `FF 40` {DF 41, DF 42} padded with FF to 256 bytes."""
    if len(public_key_id) != ID_LENGTH:
        raise ProfileError("the public-key id has 16 bytes")
    flags = bytes((AP_VERSION, EXTENDED_APDU, VENDOR, OPTION))
    content = tlv(b"\xff\x40", tlv(b"\xdf\x41", flags) + tlv(b"\xdf\x42", public_key_id))
    return content.ljust(AP_BASIC_INFO_LENGTH, b"\xff")


def decode_ap_basic_info(data: bytes) -> ApBasicInfo:
    """EF 0005; raises ProfileError for anything malformed."""
    items = parse_tlvs(data)
    if len(items) != 1 or items[0][0] != b"\xff\x40":
        raise ProfileError("not AP basic information (FF 40)")
    fields = dict(parse_tlvs(items[0][1]))
    flags, key_id = fields.get(b"\xdf\x41", b""), fields.get(b"\xdf\x42", b"")
    if len(flags) != 4 or len(key_id) != ID_LENGTH:
        raise ProfileError("AP basic information needs DF 41 (4 bytes) and DF 42 (16 bytes)")
    return ApBasicInfo(flags[0], bool(flags[1]), flags[2], flags[3], key_id)


__all__ = [
    "AP_BASIC_INFO_FILE",
    "AP_BASIC_INFO_LENGTH",
    "CV_CERTIFICATE_FILE",
    "CV_CERTIFICATE_LENGTH",
    "ApBasicInfo",
    "CvCertificate",
    "cv_certificate_body",
    "decode_ap_basic_info",
    "decode_cv_certificate",
    "decode_public_key",
    "encode_ap_basic_info",
    "encode_cv_certificate",
    "encode_public_key",
]
