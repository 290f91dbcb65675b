"""Card images: the persistent state of one card, its files, private keys and PIN counters.

A `CardImage` is a value: it encodes to and decodes from the JSON of a card image file, and
its methods change it in memory only. Reading and writing the file is the job of
`jpki.card.store.ImageStore`, the one way every opener reaches a card. PINs are stored as salted
SHA-256 digests, not in the clear. The private keys are generated here, "on the card", and no
command ever returns them; only `public_key` leaves the card, for the authority to certify.
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import hmac
import json
import os
import re

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from jpki.card.errors import CardImageError
from jpki.profile.apdu import (
    AUTH_PIN_RULE,
    AVAILABILITY_PRESENT,
    CARD_INFO_PIN_RULE,
    MATCHING_A_RULE,
    MATCHING_B_RULE,
    SIGN_PASSWORD_RULE,
    TOKEN_INFO_LENGTH,
    JpkiFile,
    PinRule,
)
from jpki.profile.free_area import APPLET_PIN_TRIES, Policy
from jpki.profile.medium import Medium, medium_of_label
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import encode_b64

FORMAT = "jpki-card-image/1"
CARD_INFO_PIN, MATCHING_A, MATCHING_B = "card-info", "matching-a", "matching-b"
FACE_MATCHING_A, FACE_MATCHING_B = "face-matching-a", "face-matching-b"
PIN_RULES: dict[str, PinRule] = {
    CertificatePurpose.AUTH: AUTH_PIN_RULE,
    CertificatePurpose.SIGN: SIGN_PASSWORD_RULE,
    CARD_INFO_PIN: CARD_INFO_PIN_RULE,
    MATCHING_A: MATCHING_A_RULE,
    MATCHING_B: MATCHING_B_RULE,
    FACE_MATCHING_A: MATCHING_A_RULE,
    FACE_MATCHING_B: MATCHING_B_RULE,
}
"""Every credential on the card by name: the JPKI AP's two, the card-info AP's three and the
card-face AP's two. The card-face AP's 照合番号A and B hold the same values as the card-info
AP's but are EFs of another application (0013/0012 against 0014/0015), so each has its own try
counter: blocking one does not block the other (unconfirmed on a real card)."""
CERTIFICATE_FILES = {
    CertificatePurpose.AUTH: (JpkiFile.AUTH_CERTIFICATE, JpkiFile.AUTH_CA_CERTIFICATE),
    CertificatePurpose.SIGN: (JpkiFile.SIGN_CERTIFICATE, JpkiFile.SIGN_CA_CERTIFICATE),
}


def generate_key() -> rsa.RSAPrivateKey:
    """An RSA-2048 key pair with e = 65537, as the card's chip generates them."""
    return rsa.generate_private_key(65537, 2048)


@dataclasses.dataclass
class PinRecord:
    """A PIN as the card keeps it: a salted digest and the tries left."""

    salt: bytes
    digest: bytes
    tries_left: int

    @classmethod
    def new(cls, value: str, rule: PinRule) -> PinRecord:
        if not rule.valid(value):
            raise ValueError(f"not a valid {rule.name} ({rule.name_ja})")
        salt = os.urandom(16)
        return cls(salt, _digest(salt, value.encode()), rule.max_tries)

    def matches(self, candidate: bytes) -> bool:
        return hmac.compare_digest(self.digest, _digest(self.salt, candidate))


def _digest(salt: bytes, value: bytes) -> bytes:
    return hashlib.sha256(salt + value).digest()


APPLET_PIN_RULE = PinRule("applet PIN", "アプリ暗証番号", re.compile(r"[0-9]{4}"), APPLET_PIN_TRIES)
"""An installed applet's own PIN (jpki.profile.free_area): 4 digits, 3 tries (ours)."""


@dataclasses.dataclass
class InstalledApplet:
    """A free-area application (空き領域のカードアプリ) as the card keeps it.

    Everything of it is its own: its files, its key (generated on the card at installation),
    its PIN and counter; none of it is shared with the JPKI AP (jpki.profile.free_area).
    """

    issuer_certificate: bytes
    """DER of the install certificate that installed it (J-LIS's, naming issuer and AID)."""
    sequence: int
    policy: Policy
    files: dict[int, bytes]
    key: ec.EllipticCurvePrivateKey
    pin: PinRecord | None

    def encode(self) -> dict[str, object]:
        return {
            "issuer_certificate": encode_b64(self.issuer_certificate),
            "sequence": self.sequence,
            "policy": int(self.policy),
            "files": {f"{fid:04X}": encode_b64(data) for fid, data in sorted(self.files.items())},
            "key": _pem(self.key),
            "pin": _encode_pin(self.pin) if self.pin is not None else None,
        }

    @classmethod
    def decode(cls, document: dict[str, object]) -> InstalledApplet:
        key = serialization.load_pem_private_key(str(document["key"]).encode(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise CardImageError("an applet key is ECDSA")
        files = document["files"]
        pin = document.get("pin")
        if not isinstance(files, dict) or not (pin is None or isinstance(pin, dict)):
            raise CardImageError("malformed applet")
        return cls(
            base64.b64decode(str(document["issuer_certificate"])),
            int(str(document["sequence"])),
            Policy(int(str(document["policy"]))),
            {int(fid, 16): base64.b64decode(data) for fid, data in files.items()},
            key,
            _decode_pin(pin) if pin is not None else None,
        )


def _pem(key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def _encode_pin(record: PinRecord) -> dict[str, object]:
    return {
        "salt": record.salt.hex(),
        "digest": record.digest.hex(),
        "tries_left": record.tries_left,
    }


def _decode_pin(record: dict[str, object]) -> PinRecord:
    return PinRecord(
        bytes.fromhex(str(record["salt"])),
        bytes.fromhex(str(record["digest"])),
        int(str(record["tries_left"])),
    )


class CardImage:
    """The persistent state of one card, as one opener read it from the image file."""

    def __init__(
        self,
        files: dict[int, bytes],
        keys: dict[CertificatePurpose, rsa.RSAPrivateKey],
        pins: dict[str, PinRecord],
        card_info_files: dict[int, bytes] | None = None,
        terminal_ca: bytes | None = None,
        card_face_files: dict[int, bytes] | None = None,
        free_area_ca: bytes | None = None,
        applets: dict[bytes, InstalledApplet] | None = None,
    ) -> None:
        self.files = files
        self.keys = keys
        self.pins = pins
        self.card_info_files = card_info_files or {}
        self.card_face_files = card_face_files or {}
        """The card-face AP's files; empty on a card personalised before the AP existed."""
        self.terminal_ca = terminal_ca
        """DER certificate of J-LIS's terminal CA, for PIN-less authentication (seed 000)."""
        self.free_area_ca = free_area_ca
        """DER certificate of J-LIS's free-area CA, whose install certificates may install."""
        self.applets = applets or {}
        """The free area's applications by AID (jpki.card.applets.free_area)."""

    # -- creation and encoding -------------------------------------------------------------

    @classmethod
    def new(cls, auth_pin: str, sign_password: str, medium: Medium = Medium.CARD) -> CardImage:
        """A new card: key pairs generated on the card, PINs set, token info written.

        `Medium.PHONE` makes a phone's secure element instead (スマホ用電子証明書): the same JPKI
        AP with its own PIN and password, whose token file reads `JPKIAPGPSETOKEN`, and no
        card-info or card-face application (a phone holds certificates only, JPKI.md §7).
        """
        token_info = medium.token_label.ljust(32, b" ").ljust(TOKEN_INFO_LENGTH, b"\x00")
        return cls(
            {JpkiFile.TOKEN_INFO: token_info, JpkiFile.CERTIFICATE_AVAILABILITY: b"\x00\x00\x00"},
            {purpose: generate_key() for purpose in CertificatePurpose},
            {
                CertificatePurpose.AUTH.value: PinRecord.new(auth_pin, AUTH_PIN_RULE),
                CertificatePurpose.SIGN.value: PinRecord.new(sign_password, SIGN_PASSWORD_RULE),
            },
        )

    @classmethod
    def decode(cls, raw: bytes, source: object) -> CardImage:
        """The image in a card image file's bytes; `source` names the file in errors."""
        try:
            document = json.loads(raw)
            if not isinstance(document, dict) or document.get("format") != FORMAT:
                raise CardImageError(f"{source} is not a jpki card image")
            files = {
                int(fid, 16): base64.b64decode(data) for fid, data in document["files"].items()
            }
            keys = {}
            for purpose, pem in document["keys"].items():
                # The card generated and wrote these keys itself; OpenSSL's full RSA key check
                # costs ~60 ms per key per load, and a damaged key could only make signatures
                # that fail verification.
                key = serialization.load_pem_private_key(
                    pem.encode(), None, unsafe_skip_rsa_key_validation=True
                )
                if not isinstance(key, rsa.RSAPrivateKey):
                    raise CardImageError(f"{source}: the {purpose} key is not RSA")
                keys[CertificatePurpose(purpose)] = key
            card_info, card_face = (
                {
                    int(fid, 16): base64.b64decode(data)
                    for fid, data in document.get(name, {}).items()
                }
                for name in ("card_info_files", "card_face_files")
            )
            pins = {
                str(purpose): PinRecord(
                    bytes.fromhex(record["salt"]),
                    bytes.fromhex(record["digest"]),
                    int(record["tries_left"]),
                )
                for purpose, record in document["pins"].items()
            }
        except CardImageError:
            raise
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CardImageError(f"cannot read card image {source}: {exc}") from exc
        terminal_ca = document.get("terminal_ca")
        free_area_ca = document.get("free_area_ca")
        try:
            applets = {
                bytes.fromhex(aid): InstalledApplet.decode(applet)
                for aid, applet in document.get("applets", {}).items()
            }
        except CardImageError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CardImageError(f"cannot read the free area of {source}: {exc}") from exc
        return cls(
            files,
            keys,
            pins,
            card_info,
            base64.b64decode(terminal_ca) if terminal_ca else None,
            card_face,
            base64.b64decode(free_area_ca) if free_area_ca else None,
            applets,
        )

    def encode(self) -> bytes:
        """The bytes of the card image file."""
        document: dict[str, object] = {
            "format": FORMAT,
            "files": {f"{fid:04X}": encode_b64(data) for fid, data in sorted(self.files.items())},
            "card_info_files": {
                f"{fid:04X}": encode_b64(data) for fid, data in sorted(self.card_info_files.items())
            },
            "card_face_files": {
                f"{fid:04X}": encode_b64(data) for fid, data in sorted(self.card_face_files.items())
            },
            "keys": {purpose.value: _pem(key) for purpose, key in self.keys.items()},
            "terminal_ca": encode_b64(self.terminal_ca) if self.terminal_ca else None,
            "pins": {
                str(purpose): {
                    "salt": record.salt.hex(),
                    "digest": record.digest.hex(),
                    "tries_left": record.tries_left,
                }
                for purpose, record in self.pins.items()
            },
        }
        if self.free_area_ca is not None or self.applets:
            document["free_area_ca"] = encode_b64(self.free_area_ca) if self.free_area_ca else None
            document["applets"] = {
                aid.hex().upper(): applet.encode() for aid, applet in sorted(self.applets.items())
            }
        return json.dumps(document, indent=1).encode()

    @property
    def medium(self) -> Medium:
        """Card or phone, as the token file says (a card if the label is unknown)."""
        return medium_of_label(self.files.get(JpkiFile.TOKEN_INFO, b"")) or Medium.CARD

    # -- what the issuing authority and the municipal counter do ---------------------------

    def public_key(self, purpose: CertificatePurpose) -> rsa.RSAPublicKey:
        """The only part of a key that leaves the card."""
        return self.keys[purpose].public_key()

    def regenerate_key(self, purpose: CertificatePurpose) -> rsa.RSAPublicKey:
        """A fresh key pair for renewal or re-issuance; the old certificate no longer matches."""
        self.keys[purpose] = generate_key()
        certificate_file, _ = CERTIFICATE_FILES[purpose]
        self.files.pop(certificate_file, None)
        self._update_availability()
        return self.keys[purpose].public_key()

    def install_certificate(
        self, purpose: CertificatePurpose, certificate: x509.Certificate, ca: x509.Certificate
    ) -> None:
        """Write a certificate and its CA certificate; refuses one for another key."""
        if certificate.public_key() != self.public_key(purpose):
            raise ValueError(f"the {purpose} certificate is not for this card's key")
        certificate_file, ca_file = CERTIFICATE_FILES[purpose]
        der = serialization.Encoding.DER
        self.files[certificate_file] = certificate.public_bytes(der)
        self.files[ca_file] = ca.public_bytes(der)
        self._update_availability()

    def reset_pin(self, credential: str, new_value: str) -> None:
        """The municipal office's procedure for a blocked PIN: a new PIN, all tries back."""
        self.pins[str(credential)] = PinRecord.new(new_value, PIN_RULES[credential])

    def install_terminal_ca(self, certificate: x509.Certificate) -> None:
        """Trust anchor for terminals' institution-code certificates (PIN-less authentication)."""
        self.terminal_ca = certificate.public_bytes(serialization.Encoding.DER)

    def install_free_area_ca(self, certificate: x509.Certificate) -> None:
        """Trust anchor for issuers' install certificates (the free area, 空き領域)."""
        self.free_area_ca = certificate.public_bytes(serialization.Encoding.DER)

    def install_card_info(
        self,
        files: dict[int, bytes],
        card_info_pin: str,
        matching_a: str,
        matching_b: str,
    ) -> None:
        """Personalise the card-info AP: its files and its three credentials."""
        self.card_info_files = dict(files)
        self.pins[CARD_INFO_PIN] = PinRecord.new(card_info_pin, CARD_INFO_PIN_RULE)
        self.pins[MATCHING_A] = PinRecord.new(matching_a, MATCHING_A_RULE)
        self.pins[MATCHING_B] = PinRecord.new(matching_b, MATCHING_B_RULE)

    def install_card_face(self, files: dict[int, bytes], matching_a: str, matching_b: str) -> None:
        """Personalise the card-face AP: its files and its two credentials, all tries back.

        Also what re-personalisation does to a card issued before the AP existed.
        """
        self.card_face_files = dict(files)
        self.pins[FACE_MATCHING_A] = PinRecord.new(matching_a, MATCHING_A_RULE)
        self.pins[FACE_MATCHING_B] = PinRecord.new(matching_b, MATCHING_B_RULE)

    def _update_availability(self) -> None:
        self.files[JpkiFile.CERTIFICATE_AVAILABILITY] = bytes(
            (
                AVAILABILITY_PRESENT if JpkiFile.AUTH_CERTIFICATE in self.files else 0,
                AVAILABILITY_PRESENT if JpkiFile.SIGN_CERTIFICATE in self.files else 0,
                0,
            )
        )


__all__ = [
    "APPLET_PIN_RULE",
    "CARD_INFO_PIN",
    "FACE_MATCHING_A",
    "FACE_MATCHING_B",
    "MATCHING_A",
    "MATCHING_B",
    "PIN_RULES",
    "CardImage",
    "InstalledApplet",
    "PinRecord",
    "generate_key",
]
