"""Issuing JPKI certificates to a phone from the card (スマホ用電子証明書の発行): the holder's online
request to J-LIS, J-LIS's answer, and the refusals, with one JSON codec.

The holder's app builds a `PhoneIssuanceRequest`: the card's signing certificate (署名用電子証明書,
read after the signing password), the two public keys the phone's secure element generated, a
fresh nonce and the time, and the card's signature (with the signing password) over exactly
`signed_bytes()`. J-LIS checks the card and the signature, spends the nonce, and answers a
`PhoneIssued` with both certificates for the phone to install, or a `PhoneRefused` whose `code`
says why (`PhoneRefusal`). The sequence is in docs/phone.md; the route is `POST /v1/phones` of the
authority's API.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re

from pydantic import ConfigDict, Field, ValidationError, field_validator

from jpki.protocol.codec import MalformedField
from jpki.protocol.verification import Instant, Message

REQUEST_FORMAT = "jpki-phone-issuance/1"
"""The first line of the signed bytes: what the card's signature is over, and its version."""
NONCE = re.compile(r"^[0-9a-f]{32,64}$")
REQUEST_LIFETIME = dt.timedelta(minutes=10)
"""How long after `requested_at` J-LIS still takes a request (and keeps its nonce at least)."""


class PhoneRefusal(enum.StrEnum):
    """Why J-LIS refused a phone issuance, in English and Japanese (`message`)."""

    MALFORMED = "malformed"
    BAD_SIGNATURE = "bad-signature"
    NOT_A_CARD = "not-a-card"
    CARD_REVOKED = "card-revoked"
    CARD_EXPIRED = "card-expired"
    NOT_THE_HOLDERS_CARD = "not-the-holders-card"
    REPLAYED = "replayed"
    STALE = "stale"
    PHONE_EXISTS = "phone-exists"
    NOT_ALLOWED = "not-allowed"

    @property
    def message(self) -> str:
        return _MESSAGES[self]


_MESSAGES = {
    PhoneRefusal.MALFORMED: "the request is not a phone issuance request / 申請の形式が不正です",
    PhoneRefusal.BAD_SIGNATURE: (
        "the card's signature does not verify over the request / カードの署名を検証できません"
    ),
    PhoneRefusal.NOT_A_CARD: (
        "the certificate is not a My Number card's signing certificate from J-LIS"
        " / J-LISが発行したマイナンバーカードの署名用電子証明書ではありません"
    ),
    PhoneRefusal.CARD_REVOKED: (
        "the card's signing certificate is revoked / カードの署名用電子証明書は失効しています"
    ),
    PhoneRefusal.CARD_EXPIRED: (
        "the card's signing certificate has expired / カードの署名用電子証明書は有効期限切れです"
    ),
    PhoneRefusal.NOT_THE_HOLDERS_CARD: (
        "the card belongs to someone else / 申請者本人のカードではありません"
    ),
    PhoneRefusal.REPLAYED: "this request was already used / この申請は使用済みです",
    PhoneRefusal.STALE: (
        "the request is too old or from the future; make a new one"
        " / 申請の時刻が古いか未来です。作り直してください"
    ),
    PhoneRefusal.PHONE_EXISTS: (
        "another phone already holds this holder's certificates; stop it first"
        " / 別のスマホに電子証明書が搭載されています。先に利用停止してください"
    ),
    PhoneRefusal.NOT_ALLOWED: (
        "the holder may not have a phone's certificates now"
        " / 現在スマホ用電子証明書を発行できません"
    ),
}


class _Binary(Message):
    """A message whose binary fields travel as standard base64 (as `codec.encode_b64`)."""

    model_config = ConfigDict(frozen=True, ser_json_bytes="base64", val_json_bytes="base64")


class PhoneIssuanceRequest(_Binary):
    """The holder's request (利用者の申請), signed by the card with the signing password."""

    resident_id: str = Field(
        min_length=1, max_length=32, description="The applicant, as the holder's app knows them"
    )
    card_certificate: bytes = Field(
        min_length=1, max_length=8192, description="The card's signing certificate, DER"
    )
    auth_public_key: bytes = Field(
        min_length=1, max_length=1024, description="The phone's 利用者証明用 key, DER SPKI"
    )
    sign_public_key: bytes = Field(
        min_length=1, max_length=1024, description="The phone's 署名用 key, DER SPKI"
    )
    nonce: str = Field(description="32-64 lowercase hex digits, fresh for each request")
    requested_at: Instant = Field(description="When the app made the request")
    signature: bytes = Field(
        default=b"", max_length=1024, description="The card's PKCS#1 v1.5 SHA-256 signature"
    )

    @field_validator("nonce")
    @classmethod
    def _nonce(cls, value: str) -> str:
        if not NONCE.match(value):
            raise ValueError("the nonce is 32-64 lowercase hex digits")
        return value

    @field_validator("requested_at")
    @classmethod
    def _aware(cls, value: dt.datetime) -> dt.datetime:
        if value.tzinfo is None:
            raise ValueError("requested_at needs its offset")
        return value

    def signed_bytes(self) -> bytes:
        """What the card signs: every field but the signature, one canonical JSON line."""
        fields = self.model_dump(mode="json", exclude={"signature"})
        return f"{REQUEST_FORMAT}\n".encode() + json.dumps(
            fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode("utf-8")

    def encode(self) -> bytes:
        """The JSON body of `POST /v1/phones`."""
        return self.model_dump_json().encode()

    @classmethod
    def decode(cls, raw: bytes | str) -> PhoneIssuanceRequest:
        """A request from JSON; `MalformedField` for anything that is not one."""
        try:
            return cls.model_validate_json(raw)
        except (ValidationError, ValueError) as exc:
            raise MalformedField(f"not a phone issuance request: {_first_error(exc)}") from None


class PhoneIssued(_Binary):
    """J-LIS's answer: the phone's record and both certificates (DER) with their CA's."""

    phone_id: str = Field(description="The phone's record at J-LIS (like a card's id)")
    resident_id: str
    source_card_id: str = Field(description="The card the phone was issued from")
    auth_certificate: bytes
    auth_ca_certificate: bytes
    sign_certificate: bytes
    sign_ca_certificate: bytes
    not_after: Instant = Field(description="The phone certificates' end (never the card's after)")


class PhoneRefused(Message):
    """A refusal: nothing was issued."""

    code: PhoneRefusal
    message: str


def _first_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first.get("loc", ()))
        return f"{where}: {first.get('msg', 'invalid')}" if where else str(first.get("msg"))
    return str(exc)


__all__ = [
    "NONCE",
    "REQUEST_FORMAT",
    "REQUEST_LIFETIME",
    "PhoneIssuanceRequest",
    "PhoneIssued",
    "PhoneRefusal",
    "PhoneRefused",
]
