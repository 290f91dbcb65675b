"""Reading the card-face confirmation AP (券面事項確認AP) through any reader.

Opens it with 照合番号B (what a counter clerk reads off the card face) or 照合番号A (the My
Number), reads the card-face file, decodes it strictly (profile/card_face.py) and checks the
issuer's signature over it: the key named in the file must be the card issuer's (its certificate
is `roots/card-info-issuer.pem` in a sandbox) and the signature must verify over the card-face
data as read. A file that does not decode is a `MalformedCardData` refusal, never a crash.
"""

from __future__ import annotations

import dataclasses
import enum

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jpki.client.errors import ApplicationMissing, CardRefused, MalformedCardData
from jpki.client.readers import Reader, exchange, read_selected_file, send_verify
from jpki.profile.apdu import (
    AID_CARD_FACE,
    MATCHING_A_RULE,
    MATCHING_B_RULE,
    Instruction,
    PinRule,
    StatusWord,
)
from jpki.profile.card_face import (
    CARD_FACE_FILE,
    FACE_BASIC_INFO_FILE,
    FACE_MATCHING_A_FILE,
    FACE_MATCHING_B_FILE,
    CardFace,
    FaceBasicInfo,
    decode_card_face,
    decode_face_basic_info,
)
from jpki.profile.errors import ProfileError


class FaceOpener(enum.StrEnum):
    """Which credential opens the card-face AP."""

    MATCHING_A = "a"
    MATCHING_B = "b"

    @property
    def rule(self) -> PinRule:
        return MATCHING_A_RULE if self is FaceOpener.MATCHING_A else MATCHING_B_RULE

    @property
    def file(self) -> int:
        return FACE_MATCHING_A_FILE if self is FaceOpener.MATCHING_A else FACE_MATCHING_B_FILE


class SealStatus(enum.StrEnum):
    """What the issuer's signature over the card face says."""

    VERIFIED = "verified"
    """Signed by the trusted card issuer's key, over exactly this card face."""
    FORGED = "forged"
    """The signature does not verify: the card face was altered after the issuer sealed it."""
    UNKNOWN_ISSUER = "unknown-issuer"
    """Sealed by a key that is not the trusted issuer's."""
    UNCHECKED = "unchecked"
    """No issuer certificate was given."""


@dataclasses.dataclass(frozen=True)
class CardFaceReading:
    """The card face as read, and what its seal says."""

    face: CardFace
    seal: SealStatus
    basic_info: FaceBasicInfo | None


class CardFaceSession:
    """The card-face AP on the card in `reader`."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        _, status = exchange(
            reader, bytes((0, Instruction.SELECT, 4, 0x0C, len(AID_CARD_FACE))) + AID_CARD_FACE
        )
        if status == StatusWord.FILE_NOT_FOUND:
            raise ApplicationMissing(
                "card-face AP (券面事項確認AP)",
                "it was issued before the card-face AP existed; re-personalise it with"
                " `jpki card personalise DIR RESIDENT` / 券面事項確認APがありません",
            )
        if status != StatusWord.OK:
            raise CardRefused("SELECT card-face AP", status)

    def _select(self, fid: int) -> None:
        _, status = exchange(
            self.reader, bytes((0, Instruction.SELECT, 2, 0x0C, 2)) + fid.to_bytes(2)
        )
        if status != StatusWord.OK:
            raise CardRefused(f"SELECT {fid:04X}", status)

    def open(self, opener: FaceOpener, value: str) -> None:
        """VERIFY 照合番号A or B (WrongPin with the tries left, PinBlocked at zero)."""
        self._select(opener.file)
        send_verify(self.reader, value.strip().encode(), opener.rule.name)

    def read_file(self, fid: int) -> bytes:
        """A whole file, after the number that opens it was verified."""
        self._select(fid)
        content = read_selected_file(self.reader, fid)
        if content is None:
            raise CardRefused(f"READ BINARY {fid:04X}", StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        return content

    def read(self, issuer: x509.Certificate | None = None) -> CardFaceReading:
        """The card face, decoded, with its seal checked against `issuer` when given."""
        raw = self.read_file(CARD_FACE_FILE)
        try:
            face = decode_card_face(raw)
        except ProfileError as exc:
            raise MalformedCardData("card face (券面事項)", str(exc)) from None
        try:
            basic_info = decode_face_basic_info(self.read_file(FACE_BASIC_INFO_FILE))
        except (ProfileError, CardRefused):
            basic_info = None
        return CardFaceReading(face, seal_status(face, issuer), basic_info)


def seal_status(face: CardFace, issuer: x509.Certificate | None) -> SealStatus:
    """Whether the issuer's signature over the card face holds."""
    if issuer is None:
        return SealStatus.UNCHECKED
    trusted = issuer.public_key()
    if not isinstance(trusted, rsa.RSAPublicKey) or trusted != face.issuer_key:
        return SealStatus.UNKNOWN_ISSUER
    try:
        trusted.verify(face.signature, face.signed_part, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return SealStatus.FORGED
    return SealStatus.VERIFIED


__all__ = ["CardFaceReading", "CardFaceSession", "FaceOpener", "SealStatus", "seal_status"]
