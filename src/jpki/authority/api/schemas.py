"""Request and response bodies of the HTTP API (kept apart from tables and views).

Serial numbers travel as decimal strings: they are 63-bit integers, beyond what JSON
numbers carry safely in JavaScript.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from jpki.authority.ca import MAX_SERIAL
from jpki.authority.service import IssuedCard
from jpki.authority.verifiers import Statement
from jpki.authority.views import CardView, CertificateView, ResidentView
from jpki.profile.medium import Medium
from jpki.profile.reasons import RevocationCause
from jpki.protocol.four_info import FourInfoJson

SerialPath = Annotated[int, Path(ge=0, le=MAX_SERIAL, description="Serial number, decimal")]
"""A certificate serial in a path: the store keeps 63-bit integers (SQL BIGINT)."""


RowIdPath = Annotated[int, Path(ge=0, le=2**63 - 1, description="Row ID, decimal")]
"""A row ID in a path (a verifier's): SQL integers are 64-bit signed, so a larger one is
refused (422) here rather than overflowing in the database (a 500)."""


def _within_serial_range(text: str) -> str:
    if int(text) > MAX_SERIAL:
        raise ValueError("a serial number has at most 63 bits")
    return text


SerialText = Annotated[
    str,
    Field(pattern=r"^[0-9]{1,20}$", description="Serial number, decimal"),
    AfterValidator(_within_serial_range),
]
"""A certificate serial in a JSON body: a decimal string, refused (422) beyond 63 bits."""


class FourInfoBody(FourInfoJson):
    """The 4 information in the protocol's JSON (`FourInfoJson`), with the register's limits."""

    name: str = Field(min_length=1, max_length=100, examples=["山田　太郎"], description="氏名")
    address: str = Field(
        min_length=1,
        max_length=200,
        examples=["東京都千代田区霞が関２丁目１番２号"],
        description="住所",
    )
    birth_date: dt.date | None = Field(default=None, description="生年月日; null if unknown")


class ResidentCreate(FourInfoBody):
    id: str | None = Field(default=None, pattern=r"^[A-Za-z0-9-]{1,16}$")


class ResidentPublic(BaseModel):
    """A resident on the basic resident register (住民基本台帳)."""

    id: str = Field(description="The resident's ID on the register")
    my_number: str = Field(description="The 12-digit individual number (個人番号)")
    status: str = Field(
        description="resident, dead, emigrated, or overseas (emigrated keeping the card)"
    )
    four_info: FourInfoBody = Field(description="The 4 information (基本4情報) as registered")

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
    keep_card: bool = Field(
        default=False,
        description="emigrate: continued use of the card abroad (国外継続利用, since 2024-05-27)",
    )
    domicile: str | None = Field(
        default=None,
        max_length=100,
        description="emigrate with keep_card: the municipality keeping the 戸籍の附票 (附票管理市町村)",
    )


class RevocationPublic(BaseModel):
    """Why and when a certificate was revoked (失効)."""

    revoked_at: dt.datetime = Field(description="When the revocation took effect")
    reason: int = Field(description="The CRL reason code (RFC 5280 CRLReason)")
    reason_name: str = Field(description="The reason's RFC 5280 name, e.g. keyCompromise")
    meaning_en: str = Field(description="What the reason means for a verifier, in English")
    meaning_ja: str = Field(description="同じ意味を日本語で")
    cause: str = Field(description="The life event or request that caused it")
    changed_fields: list[str] = Field(
        description="Which of the 4 information changed, for a change of particulars"
    )


class CertificatePublic(BaseModel):
    """A certificate the authority issued to a card."""

    serial: str = Field(description="Serial number, decimal")
    purpose: str = Field(description="auth (利用者証明用) or sign (署名用)")
    card_id: str = Field(description="The card holding the key")
    subject_id: str = Field(description="The identifier in the certificate's subject name")
    generation_id: int = Field(description="The issuing CA key's generation")
    shard: int = Field(description="The CRL shard that lists it when revoked")
    not_before: dt.datetime = Field(description="Start of validity")
    not_after: dt.datetime = Field(description="End of validity")
    pem: str = Field(description="The certificate, PEM")
    revocation: RevocationPublic | None = Field(description="Null while not revoked")

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
    """The register after a life event (異動), and the certificates the event revoked."""

    resident: ResidentPublic = Field(description="The resident after the event")
    revoked_serials: list[str] = Field(description="Serials revoked by the event, decimal")


class CardPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str = Field(description="The card's ID")
    resident_id: str = Field(description="Its holder")
    status: str = Field(description="applied, issued, active, destroyed, returned or lost")
    terminal_code: str = Field(description="The municipal terminal that handles it")
    expires_on: dt.date | None = Field(description="The card's own expiry; null before issuance")

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
    """A card issued (or renewed) with its new certificates."""

    card: CardPublic = Field(description="The card")
    certificates: list[CertificatePublic] = Field(description="The certificates now on it")
    revoked_serials: list[str] = Field(
        default=[], description="Certificates a renewal revoked, decimal"
    )

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
    """One CRL file the authority has just published."""

    file: str = Field(description="Its file name under /crl/")
    kind: str = Field(description="full, shard or delta")
    purpose: str = Field(description="auth or sign")
    generation: int = Field(description="The CA key generation that signed it")
    crl_number: int = Field(description="The CRL number (RFC 5280 cRLNumber)")
    entries: int = Field(description="How many revoked certificates it lists")
    next_update: dt.datetime = Field(description="When the next CRL is due (nextUpdate)")


class VerifierCreate(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    linkage_allowed: bool = True


class VerifierCreated(BaseModel):
    """An accredited verifier (署名検証者 / 利用者証明検証者) and its key."""

    id: int = Field(description="The verifier's number")
    name: str = Field(description="Its name")
    api_key: str = Field(description="For X-JPKI-Verifier-Key; shown once, kept only as a hash")


class LinkagePublic(BaseModel):
    """How a certificate links to the holder's others (紐付け): its pair and its renewals."""

    serial: str = Field(description="The certificate asked about, decimal")
    purpose: str = Field(description="auth or sign")
    other_purpose_serial: str | None = Field(
        description="The same card's certificate of the other purpose"
    )
    successor_serial: str | None = Field(description="The certificate that renewed this one")
    predecessor_serial: str | None = Field(
        default=None,
        description="The certificate this one renewed, so a verifier meeting the new card "
        "first can join it",
    )
    medium: Medium = Field(
        default=Medium.CARD, description="`card`, or `phone` for スマホ用電子証明書"
    )
    card_serial: str | None = Field(
        default=None,
        description="For a phone's certificate: the card's certificate of the same purpose it "
        "was issued from (the same person, 同一人の紐付け)",
    )


class ConsentBody(BaseModel):
    serial: SerialText
    signature: str = Field(max_length=2048, description="base64 PKCS#1 v1.5 SHA-256 signature")


class StatementLinePublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    purpose: str = Field(description="auth or sign")
    kind: str = Field(description="What was used: ocsp, crl, linkage, four-info, ...")
    count: int = Field(description="How many times this month")
    unit_fee_yen: int = Field(description="The fee per use, in yen")
    amount_yen: int = Field(description="count × unit fee, in yen")


class StatementPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    verifier_id: int = Field(description="The verifier billed")
    verifier_name: str = Field(description="Its name")
    month: str = Field(description="The month, YYYY-MM")
    lines: list[StatementLinePublic] = Field(description="One line per purpose and use")
    total_yen: int = Field(description="The month's total, in yen")

    @classmethod
    def of(cls, statement: Statement) -> StatementPublic:
        return cls.model_validate(statement)


class GenerationPublic(BaseModel):
    """A CA key generation (世代), as made by a rollover."""

    purpose: str = Field(description="auth or sign")
    number: int = Field(description="The generation's number")
    key_id: str = Field(description="Its subject key identifier, hex")
    not_after: dt.datetime = Field(description="When its CA certificate expires")


class TerminalCreate(BaseModel):
    institution_code: str = Field(pattern=r"^[0-9A-Z]{4,16}$", examples=["1310100001"])
    public_key: str = Field(max_length=4096, description="PEM SubjectPublicKeyInfo (RSA)")


class TerminalCertified(BaseModel):
    """A PIN-less terminal's institution-code certificate."""

    institution_code: str = Field(description="The institution the terminal belongs to")
    certificate: str = Field(description="The certificate, PEM")


class ConsentRecorded(BaseModel):
    """A holder's consent to pass their latest 4 information, now on record."""

    status: Literal["recorded"] = Field(description="Always `recorded`")


class ServiceIndex(BaseModel):
    """Where the authority publishes what verifiers fetch."""

    service: str = Field(description="The service's name, in English")
    service_ja: str = Field(description="サービス名")
    sandbox: bool = Field(description="True for a sandbox authority: never trust its roots")
    roots: list[str] = Field(description="Paths of the published trust anchors (PEM)")
    ocsp: str = Field(description="Path of the OCSP responder")
    crl: list[str] = Field(description="Paths of the current CRLs (DER)")
    openapi: str = Field(description="Path of the API's documentation")
