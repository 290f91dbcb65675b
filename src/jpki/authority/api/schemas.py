"""Request and response bodies of the HTTP API (kept apart from tables and views).

Serial numbers travel as decimal strings: they are 63-bit integers, beyond what JSON
numbers carry safely in JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jpki.authority.service import IssuedCard
from jpki.authority.verifiers import Statement
from jpki.authority.views import CardView, CertificateView, ResidentView
from jpki.profile.reasons import RevocationCause
from jpki.protocol.four_info import FourInfoJson


class FourInfoBody(FourInfoJson):
    """The 4 information in the protocol's JSON (`FourInfoJson`), with the register's limits."""

    name: str = Field(min_length=1, max_length=100, examples=["山田　太郎"])
    address: str = Field(
        min_length=1, max_length=200, examples=["東京都千代田区霞が関２丁目１番２号"]
    )
    birth_date: dt.date | None = None


class ResidentCreate(FourInfoBody):
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{1,16}$")


class ResidentPublic(BaseModel):
    id: str
    my_number: str
    status: str
    four_info: FourInfoBody

    @classmethod
    def of(cls, view: ResidentView) -> ResidentPublic:
        return cls(
            id=view.id,
            my_number=view.my_number,
            status=view.status,
            four_info=FourInfoBody.of(view.four_info),
        )


LifeEventName = Literal[
    "move", "rename", "correct", "die", "emigrate", "lose-card", "return-card", "revoke"
]


class LifeEventBody(BaseModel):
    event: LifeEventName
    address: str | None = Field(default=None, max_length=200)
    name: str | None = Field(default=None, max_length=100)
    birth_date: dt.date | None = None
    sex: Literal["1", "2", "9"] | None = None
    purposes: list[Literal["auth", "sign"]] = ["auth", "sign"]


class RevocationPublic(BaseModel):
    revoked_at: dt.datetime
    reason: int
    reason_name: str
    meaning_en: str
    meaning_ja: str
    cause: str
    changed_fields: list[str]


class CertificatePublic(BaseModel):
    serial: str
    purpose: str
    card_id: str
    subject_id: str
    generation_id: int
    shard: int
    not_before: dt.datetime
    not_after: dt.datetime
    pem: str
    revocation: RevocationPublic | None

    @classmethod
    def of(cls, view: CertificateView) -> CertificatePublic:
        from cryptography.hazmat.primitives.serialization import Encoding

        revocation = None
        if view.revocation is not None:
            r = view.revocation
            revocation = RevocationPublic(
                revoked_at=r.revoked_at,
                reason=int(r.reason),
                reason_name=r.reason.to_flag().value,
                meaning_en=r.reason.meaning.en,
                meaning_ja=r.reason.meaning.ja,
                cause=r.cause.value,
                changed_fields=sorted(r.changed_fields),
            )
        return cls(
            serial=str(view.serial),
            purpose=view.purpose.value,
            card_id=view.card_id,
            subject_id=view.subject_id,
            generation_id=view.generation_id,
            shard=view.shard,
            not_before=view.not_before,
            not_after=view.not_after,
            pem=view.certificate.public_bytes(Encoding.PEM).decode(),
            revocation=revocation,
        )


class EventOutcomePublic(BaseModel):
    resident: ResidentPublic
    revoked_serials: list[str]


class CardPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    resident_id: str
    status: str
    terminal_code: str
    expires_on: dt.date | None

    @classmethod
    def of(cls, view: CardView) -> CardPublic:
        return cls.model_validate(view)


class CardApplication(BaseModel):
    terminal_code: str | None = Field(default=None, pattern=r"^[0-9]{8}[A-Z0-9]$")


class CardKeys(BaseModel):
    """Public keys the card generated (PEM SubjectPublicKeyInfo)."""

    auth_public_key: str | None = Field(default=None, max_length=4096)
    sign_public_key: str | None = Field(default=None, max_length=4096)
    mykey_id: str | None = Field(default=None, pattern=r"^[A-Z0-9]{14}$")


class IssuedCardPublic(BaseModel):
    card: CardPublic
    certificates: list[CertificatePublic]
    revoked_serials: list[str] = []

    @classmethod
    def of(cls, issued: IssuedCard, revoked: tuple[int, ...] = ()) -> IssuedCardPublic:
        return cls(
            card=CardPublic.of(issued.card),
            certificates=[CertificatePublic.of(c) for c in issued.certificates],
            revoked_serials=[str(s) for s in revoked],
        )


class RevokeBody(BaseModel):
    cause: RevocationCause = RevocationCause.VOLUNTARY


class PublishBody(BaseModel):
    delta_only: bool = False


class PublishedCrlPublic(BaseModel):
    file: str
    kind: str
    purpose: str
    generation: int
    crl_number: int
    entries: int
    next_update: dt.datetime


class VerifierCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    linkage_allowed: bool = True


class VerifierCreated(BaseModel):
    id: int
    name: str
    api_key: str


class LinkagePublic(BaseModel):
    serial: str
    purpose: str
    other_purpose_serial: str | None
    successor_serial: str | None
    predecessor_serial: str | None = None
    """The certificate this one renewed, so a verifier meeting the new card first can join it."""


class ConsentBody(BaseModel):
    serial: str = Field(pattern=r"^[0-9]{1,20}$")
    signature: str = Field(max_length=2048, description="base64 PKCS#1 v1.5 SHA-256 signature")


class StatementLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    purpose: str
    kind: str
    count: int
    unit_fee_yen: int
    amount_yen: int


class StatementPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    verifier_id: int
    verifier_name: str
    month: str
    lines: list[StatementLinePublic]
    total_yen: int

    @classmethod
    def of(cls, statement: Statement) -> StatementPublic:
        return cls.model_validate(statement)


class GenerationPublic(BaseModel):
    purpose: str
    number: int
    key_id: str
    not_after: dt.datetime


class TerminalCreate(BaseModel):
    institution_code: str = Field(pattern=r"^[0-9A-Z]{4,16}$", examples=["1310100001"])
    public_key: str = Field(max_length=4096, description="PEM SubjectPublicKeyInfo (RSA)")


class TerminalCertified(BaseModel):
    institution_code: str
    certificate: str
