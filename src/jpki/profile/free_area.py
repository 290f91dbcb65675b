"""The card's free area (空き領域): installable card applications (カードアプリケーション) and how
their installation is governed. Every modelled choice is in this module.

What is public (docs/card.md, "The free area"): the My Number card's chip has a free area in
which municipalities, ministries and (since the 番号法 allowed it) private businesses install
their own card applications, e.g. staff ID cards (職員証), building entry, library cards; J-LIS
offers three standard card APs free of charge; a private business must file a survey and its
handling rules and pass the competent minister's check (主務大臣の確認, 法基準適合性審査) before
it may install (総務省「ICチップ空き領域に搭載するカードアプリ」). The driving licence data of
the マイナ免許証 (since 2025-03-24) is written in the free area by the prefectural public safety
commission (公安委員会). How the chip itself authorises a write (keys, commands) is not public.

What is modelled (unconfirmed, decided here):

- The free-area manager: an application of its own (`AID_FREE_AREA_MANAGER`) that answers
  INSTALL (`80 E6 0C 00`) and DELETE (`80 E4 00 00`), extended length.
- Authorisation is a per-issuer install key: once the minister's check is passed, J-LIS
  certifies the issuer's ECDSA P-256 key under its free-area CA, whose certificate every card
  carries. The install certificate names exactly one AID (subject `serialNumber`, hex) and the
  issuer (CN). The card accepts an install or delete package only if the certificate chains to
  its free-area CA, names the package's AID, and signs the package.
- A package is bound to one card: it carries SHA-256 of that card's JPKI authentication
  certificate (the issuer read it during its JPKI check), so it cannot be replayed onto another
  card; a sequence number higher than the installed one's keeps an old package from rolling a
  newer applet back.
- The card generates each applet's own key (ECDSA P-256) at installation and answers its
  public key; the applet's files are written from the package; an optional applet PIN (4
  digits, 3 tries) has its own counter. Nothing of the JPKI AP's is read or written, except
  the authentication certificate's hash for the binding.
- An applet answers SELECT EF, READ BINARY, VERIFY (its own PIN) and INTERNAL AUTHENTICATE
  (`00 88 00 00`: ECDSA over a domain-separated message with its AID and the terminal's
  challenge), PIN-less if its policy says so.
- The free area holds at most `FREE_AREA_CAPACITY` bytes of files in total (the real free
  area's size is not public; our figure).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib

from cryptography import x509
from cryptography.x509.oid import NameOID

from jpki.profile.apdu import AID_CARD_FACE, AID_CARD_INFO, AID_JPKI, Instruction
from jpki.profile.errors import ProfileError

AID_FREE_AREA_MANAGER = bytes.fromhex("D392F0002602000000FA")
"""The free-area manager's AID (ours: the real card's install path is not public)."""
RESERVED_AIDS = frozenset({AID_JPKI, AID_CARD_INFO, AID_CARD_FACE, AID_FREE_AREA_MANAGER})
"""AIDs no free-area applet may take: the card's own applications."""

INS_INSTALL = 0xE6
"""INSTALL (GlobalPlatform's INS, `80 E6 0C 00`: install and make selectable in one)."""
INS_DELETE = 0xE4
INS_INTERNAL_AUTHENTICATE = Instruction.INTERNAL_AUTHENTICATE

FREE_AREA_CAPACITY = 32 * 1024
"""Bytes of applet files the free area holds in total (unconfirmed; ours)."""
MAX_FILES = 8
MAX_FILE = 8 * 1024
CHALLENGE_MIN, CHALLENGE_MAX = 8, 64
"""INTERNAL AUTHENTICATE's challenge length range."""
APPLET_PIN_TRIES = 3
APPLET_PIN_LENGTH = 4

INSTALL_DOMAIN = b"JPKI-FREEAREA-V1/install/"
DELETE_DOMAIN = b"JPKI-FREEAREA-V1/delete/"
INTERNAL_AUTH_DOMAIN = b"JPKI-FREEAREA-V1/internal-auth/"

TAG_CERTIFICATE, TAG_MANIFEST, TAG_SIGNATURE = 0xC1, 0xC2, 0xC3
TAG_AID, TAG_SEQUENCE, TAG_BINDING, TAG_POLICY, TAG_PIN, TAG_FILES = (
    0x4F,
    0x80,
    0x81,
    0x82,
    0x83,
    0xA0,
)
TAG_FILE, TAG_FID, TAG_CONTENT = 0xA1, 0x80, 0x81


class Policy(enum.IntFlag):
    """What an applet allows without its PIN (the `82` byte of a manifest)."""

    NONE = 0
    PINLESS_AUTHENTICATE = 0x01
    """INTERNAL AUTHENTICATE without the applet PIN (a gate's touch-and-go)."""
    FILES_NEED_PIN = 0x02
    """READ BINARY of every file needs the applet PIN (else the files are free)."""


# -- a small BER-TLV codec (one-byte tags, definite lengths up to 65535) ----------------------


def encode_tlv(tag: int, value: bytes) -> bytes:
    """One TLV with a one-byte tag."""
    size = len(value)
    if size < 0x80:
        length = bytes((size,))
    elif size < 0x100:
        length = bytes((0x81, size))
    elif size < 0x10000:
        length = b"\x82" + size.to_bytes(2)
    else:
        raise ProfileError("a TLV value is at most 65535 bytes")
    return bytes((tag,)) + length + value


def decode_tlvs(data: bytes) -> list[tuple[int, bytes]]:
    """Every TLV of `data` in order; a `ProfileError` for anything malformed."""
    out: list[tuple[int, bytes]] = []
    offset = 0
    while offset < len(data):
        if len(data) - offset < 2:
            raise ProfileError("truncated TLV")
        tag, first = data[offset], data[offset + 1]
        offset += 2
        if tag in (0x00, 0xFF) or tag & 0x1F == 0x1F:
            raise ProfileError(f"tag {tag:02X} is not a one-byte tag")
        if first < 0x80:
            size = first
        elif first in (0x81, 0x82):
            width = first - 0x80
            if len(data) - offset < width:
                raise ProfileError("truncated TLV length")
            size = int.from_bytes(data[offset : offset + width])
            offset += width
            if (width == 1 and size < 0x80) or (width == 2 and size < 0x100):
                raise ProfileError("TLV length not in its shortest form")
        else:
            raise ProfileError("TLV length form not supported")
        if len(data) - offset < size:
            raise ProfileError("TLV value runs past the end")
        out.append((tag, data[offset : offset + size]))
        offset += size
    return out


def tlv_fields(
    data: bytes, required: tuple[int, ...], optional: tuple[int, ...] = ()
) -> dict[int, bytes]:
    """The TLVs of `data` by tag, each at most once, only the known ones, the required there."""
    fields: dict[int, bytes] = {}
    for tag, value in decode_tlvs(data):
        if tag not in required and tag not in optional:
            raise ProfileError(f"unexpected tag {tag:02X}")
        if tag in fields:
            raise ProfileError(f"tag {tag:02X} twice")
        fields[tag] = value
    missing = [f"{tag:02X}" for tag in required if tag not in fields]
    if missing:
        raise ProfileError(f"missing tag {', '.join(missing)}")
    return fields


# -- the objects ---------------------------------------------------------------------------


def card_binding(auth_certificate_der: bytes) -> bytes:
    """What binds a package to one card: SHA-256 of its JPKI authentication certificate."""
    return hashlib.sha256(auth_certificate_der).digest()


def validate_aid(aid: bytes) -> bytes:
    """An AID a free-area applet may have: 5 to 16 bytes, none of the card's own."""
    if not 5 <= len(aid) <= 16:
        raise ProfileError("an AID has 5 to 16 bytes")
    if aid in RESERVED_AIDS:
        raise ProfileError("that AID is one of the card's own applications")
    return aid


def validate_applet_pin(pin: str) -> str:
    if len(pin) != APPLET_PIN_LENGTH or not pin.isascii() or not pin.isdigit():
        raise ProfileError(f"an applet PIN has {APPLET_PIN_LENGTH} digits")
    return pin


@dataclasses.dataclass(frozen=True)
class Manifest:
    """What an issuer installs: the applet's AID, files, policy and PIN, for one card."""

    aid: bytes
    sequence: int
    binding: bytes
    policy: Policy
    files: tuple[tuple[int, bytes], ...]
    pin: str | None = None

    def __post_init__(self) -> None:
        validate_aid(self.aid)
        if not 0 < self.sequence < 2**32:
            raise ProfileError("a sequence number is 1 to 2^32 - 1")
        if len(self.binding) != 32:
            raise ProfileError("a card binding is a SHA-256 digest")
        if self.policy & ~(Policy.PINLESS_AUTHENTICATE | Policy.FILES_NEED_PIN):
            raise ProfileError("unknown policy bits")
        if len(self.files) > MAX_FILES:
            raise ProfileError(f"an applet has at most {MAX_FILES} files")
        fids = [fid for fid, _ in self.files]
        if len(set(fids)) != len(fids):
            raise ProfileError("a file id twice")
        for fid, content in self.files:
            if not 0x0001 <= fid <= 0xFFFE or fid == 0x3F00:
                raise ProfileError(f"file id {fid:04X} is reserved")
            if not 0 < len(content) <= MAX_FILE:
                raise ProfileError(f"a file has 1 to {MAX_FILE} bytes")
        if self.pin is not None:
            validate_applet_pin(self.pin)
        if self.policy & Policy.FILES_NEED_PIN and self.pin is None:
            raise ProfileError("files that need a PIN need an applet PIN")

    @property
    def size(self) -> int:
        return sum(len(content) for _, content in self.files)

    def encode(self) -> bytes:
        files = b"".join(
            encode_tlv(TAG_FILE, encode_tlv(TAG_FID, fid.to_bytes(2)) + encode_tlv(TAG_CONTENT, c))
            for fid, c in self.files
        )
        return b"".join(
            (
                encode_tlv(TAG_AID, self.aid),
                encode_tlv(TAG_SEQUENCE, self.sequence.to_bytes(4)),
                encode_tlv(TAG_BINDING, self.binding),
                encode_tlv(TAG_POLICY, bytes((int(self.policy),))),
                encode_tlv(TAG_PIN, self.pin.encode()) if self.pin is not None else b"",
                encode_tlv(TAG_FILES, files),
            )
        )

    @classmethod
    def decode(cls, data: bytes) -> Manifest:
        fields = tlv_fields(
            data, (TAG_AID, TAG_SEQUENCE, TAG_BINDING, TAG_POLICY, TAG_FILES), (TAG_PIN,)
        )
        if len(fields[TAG_SEQUENCE]) != 4 or len(fields[TAG_POLICY]) != 1:
            raise ProfileError("malformed sequence or policy")
        files = []
        for tag, value in decode_tlvs(fields[TAG_FILES]):
            if tag != TAG_FILE:
                raise ProfileError("a file list holds only files")
            entry = tlv_fields(value, (TAG_FID, TAG_CONTENT))
            if len(entry[TAG_FID]) != 2:
                raise ProfileError("a file id has 2 bytes")
            files.append((int.from_bytes(entry[TAG_FID]), entry[TAG_CONTENT]))
        pin = fields.get(TAG_PIN)
        try:
            pin_text = pin.decode("ascii") if pin is not None else None
        except UnicodeDecodeError:
            raise ProfileError("an applet PIN is digits") from None
        return cls(
            fields[TAG_AID],
            int.from_bytes(fields[TAG_SEQUENCE]),
            fields[TAG_BINDING],
            Policy(fields[TAG_POLICY][0]),
            tuple(files),
            pin_text,
        )


@dataclasses.dataclass(frozen=True)
class Removal:
    """What an issuer deletes: its applet's AID on one card."""

    aid: bytes
    sequence: int
    binding: bytes

    def encode(self) -> bytes:
        return (
            encode_tlv(TAG_AID, self.aid)
            + encode_tlv(TAG_SEQUENCE, self.sequence.to_bytes(4))
            + encode_tlv(TAG_BINDING, self.binding)
        )

    @classmethod
    def decode(cls, data: bytes) -> Removal:
        fields = tlv_fields(data, (TAG_AID, TAG_SEQUENCE, TAG_BINDING))
        if len(fields[TAG_SEQUENCE]) != 4 or len(fields[TAG_BINDING]) != 32:
            raise ProfileError("malformed sequence or binding")
        return cls(
            validate_aid(fields[TAG_AID]), int.from_bytes(fields[TAG_SEQUENCE]), fields[TAG_BINDING]
        )


@dataclasses.dataclass(frozen=True)
class SignedPackage:
    """An install or delete command's data: the issuer's certificate, what it signs, the signature.

    `body` is the manifest (or removal) TLVs as signed; the signature is ECDSA P-256 SHA-256
    (DER) over `domain || body`."""

    certificate: bytes
    body: bytes
    signature: bytes

    def encode(self) -> bytes:
        return (
            encode_tlv(TAG_CERTIFICATE, self.certificate)
            + encode_tlv(TAG_MANIFEST, self.body)
            + encode_tlv(TAG_SIGNATURE, self.signature)
        )

    @classmethod
    def decode(cls, data: bytes) -> SignedPackage:
        fields = tlv_fields(data, (TAG_CERTIFICATE, TAG_MANIFEST, TAG_SIGNATURE))
        return cls(fields[TAG_CERTIFICATE], fields[TAG_MANIFEST], fields[TAG_SIGNATURE])


def install_certificate_aid(certificate: x509.Certificate) -> bytes:
    """The one AID an install certificate lets its issuer install (subject serialNumber, hex)."""
    names = certificate.subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)
    if len(names) != 1:
        raise ProfileError("an install certificate names exactly one AID")
    try:
        return validate_aid(bytes.fromhex(str(names[0].value)))
    except ValueError:
        raise ProfileError("the AID of an install certificate is hex") from None


def install_certificate_issuer(certificate: x509.Certificate) -> str:
    """The issuer an install certificate names (its CN)."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def internal_auth_message(aid: bytes, challenge: bytes) -> bytes:
    """What an applet's key signs for INTERNAL AUTHENTICATE: domain, AID, challenge."""
    return INTERNAL_AUTH_DOMAIN + bytes((len(aid),)) + aid + challenge


__all__ = [
    "AID_FREE_AREA_MANAGER",
    "APPLET_PIN_TRIES",
    "CHALLENGE_MAX",
    "CHALLENGE_MIN",
    "DELETE_DOMAIN",
    "FREE_AREA_CAPACITY",
    "INSTALL_DOMAIN",
    "INS_DELETE",
    "INS_INSTALL",
    "INS_INTERNAL_AUTHENTICATE",
    "MAX_FILE",
    "MAX_FILES",
    "RESERVED_AIDS",
    "Manifest",
    "Policy",
    "Removal",
    "SignedPackage",
    "card_binding",
    "decode_tlvs",
    "encode_tlv",
    "install_certificate_aid",
    "install_certificate_issuer",
    "internal_auth_message",
    "tlv_fields",
    "validate_aid",
    "validate_applet_pin",
]
