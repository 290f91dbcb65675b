"""Attribute certificates (属性証明書, RFC 5755) bound to a JPKI-verified person: what travels
between the attribute authority (属性認証局), the offices that ask it to issue, the relying
parties that accept its certificates, and the signature verification platform that answers
whether a card's holder is the holder an attribute certificate names.

The holder is named by the platform's stable ID (ID変換) for the authority as its tenant, in a
URN (`urn:jpki:holder:<tenant>:<id>`): never the My Number, never a JPKI serial (a certificate
is renewed; the person and their ID stay). Only the platform can tell whether a card belongs to
that holder, and it answers a relying party yes or no (`AttributeCheck.holder_matches`), so the
relying party never learns the authority's ID of anyone else.

The AC profile (the attributes and their OIDs) is ours and unconfirmed: HPKI's own qualification
attribute (hcRole, ISO 17090) is carried in X.509 certificates, not ACs; we use RFC 5755's
`role` attribute (RoleSyntax, 2.5.4.72) for the kind and its `group` attribute (IetfAttrSyntax,
1.3.6.1.5.5.7.10.4) for the details, so any RFC 5755 reader decodes both.
"""

from __future__ import annotations

import enum
import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from jpki.protocol.verification import CertificateVerdict, Instant, Message
from jpki.protocol.wallet import LoginAnswer

HOLDER_URN_PREFIX = "urn:jpki:holder:"
"""The holder's entityName (a URI GeneralName) starts with this, then `<tenant>:<id>`."""
ROLE_URN_PREFIX = "urn:jpki:attribute:"
"""An attribute's roleName (a URI GeneralName) is this and the kind's value."""

_TENANT = r"[a-z0-9][a-z0-9-]{0,62}"
_USER_ID = r"[a-z2-7]{26}"
_HOLDER = re.compile(rf"{re.escape(HOLDER_URN_PREFIX)}(?P<tenant>{_TENANT}):(?P<id>{_USER_ID})")


class AttributeKind(enum.StrEnum):
    """What an attribute certificate says of its holder."""

    DOCTOR = "doctor"
    PHARMACIST = "pharmacist"
    TEACHER = "teacher"
    FEE_REDUCTION = "fee-reduction"
    GRADUATION = "graduation"

    @property
    def label_en(self) -> str:
        return _LABELS[self][0]

    @property
    def label_ja(self) -> str:
        return _LABELS[self][1]

    @property
    def role_urn(self) -> str:
        """The RFC 5755 roleName of this kind."""
        return ROLE_URN_PREFIX + self.value

    @classmethod
    def of_role(cls, urn: str) -> AttributeKind:
        """The kind a roleName names; ValueError for any other URN."""
        if not urn.startswith(ROLE_URN_PREFIX):
            raise ValueError(f"not a jpki attribute: {urn[:80]!r}")
        return cls(urn[len(ROLE_URN_PREFIX) :])


_LABELS = {
    AttributeKind.DOCTOR: ("doctor's licence", "医師免許"),
    AttributeKind.PHARMACIST: ("pharmacist's licence", "薬剤師免許"),
    AttributeKind.TEACHER: ("teacher's licence", "教員免許"),
    AttributeKind.FEE_REDUCTION: ("grounds for a fee reduction", "減免事由証明書"),
    AttributeKind.GRADUATION: ("graduation certificate", "卒業証明書"),
}


class HolderName(BaseModel):
    """The holder an attribute certificate names: a tenant's stable ID at the platform."""

    model_config = ConfigDict(frozen=True)

    tenant: str = Field(description="The attribute authority's tenant ID at the platform")
    user_id: str = Field(description="The platform's stable ID of the person for that tenant")

    @property
    def urn(self) -> str:
        return f"{HOLDER_URN_PREFIX}{self.tenant}:{self.user_id}"

    @classmethod
    def of_urn(cls, urn: str) -> HolderName:
        """The holder a URN names; ValueError for anything else (a stranger's input)."""
        found = _HOLDER.fullmatch(urn)
        if found is None:
            raise ValueError(f"not a jpki holder URN: {urn[:80]!r}")
        return cls(tenant=found["tenant"], user_id=found["id"])


DetailKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
DetailValue = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Details = dict[DetailKey, DetailValue]
"""The details of an attribute (`grounds`, `municipality`, `licence`, `school`, ...), each a
`key=value` string of the AC's IetfAttrSyntax values; at most `MAX_DETAILS`."""
MAX_DETAILS = 8


class AttributeRequest(BaseModel):
    """What an office asks the authority to certify about the holder it logged in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: AttributeKind
    details: Details = Field(default_factory=dict, max_length=MAX_DETAILS)
    valid_days: int = Field(default=365, ge=1, le=3660, description="How long the AC is valid")


class ChallengeRef(BaseModel):
    """The authority's login challenge as the office relays it back (its nonce and origin)."""

    model_config = ConfigDict(frozen=True)

    nonce: str = Field(max_length=100)
    origin: str = Field(max_length=300)


class IssuanceRequest(BaseModel):
    """An office's request (POST `ISSUANCES_PATH`): the card's answer to the authority's
    challenge, relayed as it came, and the attribute to certify."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    challenge: ChallengeRef
    answer: LoginAnswer
    attribute: AttributeRequest


class Issued(Message):
    """An attribute certificate the authority issued."""

    issued: Literal[True] = Field(description="Always true")
    serial: str = Field(description="The AC's serial number, decimal")
    certificate: str = Field(description="The AC, DER, base64")
    holder: str = Field(description="The holder URN (the authority's stable ID of the person)")
    kind: AttributeKind
    not_before: Instant
    not_after: Instant
    receipt: str = Field(description="The platform's receipt of the card login")


class IssuanceRefused(Message):
    """An issuance the authority refused (the card login failed)."""

    issued: Literal[False] = Field(description="Always false")
    error: str = Field(
        description="The platform's login refusal code, `assurance-too-low` (not with the PIN) "
        "or `no-identity`"
    )
    message: str


IssuanceResult = Issued | IssuanceRefused


RevocationReasonName = Literal[
    "unspecified", "affiliationChanged", "superseded", "cessationOfOperation"
]
"""The CRLReasons an office may give for an AC (RFC 5280 5.3.1 names)."""


class RevocationRequest(BaseModel):
    """An office's revocation of an AC it had issued (POST `REVOCATIONS_PATH`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    serial: str = Field(pattern=r"^[0-9]{1,50}$")
    reason: RevocationReasonName = "unspecified"


class Revoked(Message):
    serial: str
    revoked_at: Instant


class AuthorityAbout(Message):
    """What the authority says of itself (GET `ABOUT_PATH`)."""

    name: str
    tenant: str = Field(description="Its tenant ID at the platform (the holder URNs' tenant)")
    certificate: str = Field(description="Its certificate, PEM")
    crl: str = Field(description="Where its CRL is published")


ABOUT_PATH = "/v1/about"
CHALLENGES_PATH = "/v1/challenges"
ISSUANCES_PATH = "/v1/issuances"
REVOCATIONS_PATH = "/v1/revocations"
CRL_PATH = "/crl/attributes"
"""The authority's routes; the CRL's URL is also in each AC's crlDistributionPoints."""

CHECKS_PATH = "/v1/attribute-certificates/checks"
"""The platform's route that checks an AC and its holder together."""


class AttributeStatus(enum.StrEnum):
    """An attribute certificate's verdict, with the holder's card."""

    VALID = "valid"
    MALFORMED = "malformed"
    UNTRUSTED = "untrusted"
    """Not signed by the trusted authority: forged, altered or another issuer's."""
    FOREIGN = "foreign"
    """Signed by the authority but naming a holder of another tenant."""
    NOT_YET_VALID = "not yet valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REVOCATION_UNKNOWN = "revocation unknown"
    HOLDER_CERTIFICATE_REJECTED = "holder certificate rejected"
    OTHER_HOLDER = "other holder"
    """The card belongs to someone other than the holder the AC names."""

    @property
    def words(self) -> tuple[str, str]:
        """Why, in English and Japanese, for the pages that refuse."""
        return _WORDS[self]


_WORDS = {
    AttributeStatus.VALID: ("the attribute certificate is valid", "属性証明書は有効です"),
    AttributeStatus.MALFORMED: (
        "this is not an attribute certificate",
        "属性証明書として読み取れません",
    ),
    AttributeStatus.UNTRUSTED: (
        "the attribute certificate is not signed by the trusted authority",
        "信頼する属性認証局の署名がありません(偽造または改ざん)",
    ),
    AttributeStatus.FOREIGN: (
        "the attribute certificate names a holder of another issuer",
        "別の発行者の利用者を名義とする属性証明書です",
    ),
    AttributeStatus.NOT_YET_VALID: (
        "the attribute certificate is not valid yet",
        "属性証明書の有効期間がまだ始まっていません",
    ),
    AttributeStatus.EXPIRED: (
        "the attribute certificate has expired",
        "属性証明書の有効期限切れです",
    ),
    AttributeStatus.REVOKED: (
        "the attribute certificate was revoked",
        "属性証明書は失効しています",
    ),
    AttributeStatus.REVOCATION_UNKNOWN: (
        "the attribute authority's revocation list could not be checked",
        "属性認証局の失効リストを確認できません",
    ),
    AttributeStatus.HOLDER_CERTIFICATE_REJECTED: (
        "the card's certificate is not valid",
        "カードの電子証明書が有効ではありません",
    ),
    AttributeStatus.OTHER_HOLDER: (
        "the attribute certificate belongs to someone else",
        "属性証明書の名義人とカードの持ち主が異なります",
    ),
}


class AttributeCheckRequest(BaseModel):
    """A relying party's question to the platform (POST `CHECKS_PATH`): is this AC valid, by
    the authority the relying party trusts, and is the holder of this JPKI certificate (from a
    card login the relying party verified) the holder it names?"""

    model_config = ConfigDict(frozen=True, extra="forbid")

    certificate: str = Field(max_length=8000, description="The holder's JPKI certificate, base64")
    attribute_certificate: str = Field(max_length=16000, description="The AC, DER, base64")
    authority: str = Field(max_length=8000, description="The trusted authority's certificate")
    authority_tenant: str = Field(
        pattern=rf"^{_TENANT}$", description="The trusted authority's tenant at the platform"
    )
    crl: str | None = Field(
        default=None, max_length=2_000_000, description="The authority's current CRL, base64"
    )


class AttributeCheck(Message):
    """The platform's answer: the AC's verdict with the holder's card."""

    status: AttributeStatus
    valid: bool = Field(description="Whether the status is `valid`")
    message_en: str
    message_ja: str
    checked_at: Instant
    serial: str | None = Field(default=None, description="The AC's serial, decimal")
    kind: AttributeKind | None = None
    details: dict[str, str] | None = None
    not_before: Instant | None = None
    not_after: Instant | None = None
    revoked_at: Instant | None = None
    holder_matches: bool | None = Field(
        default=None,
        description="Whether the card's holder is the AC's holder; absent when not asked "
        "(the AC or the card was refused first)",
    )
    certificate: CertificateVerdict | None = Field(
        default=None, description="The holder's JPKI certificate verdict"
    )


__all__ = [
    "ABOUT_PATH",
    "CHALLENGES_PATH",
    "CHECKS_PATH",
    "CRL_PATH",
    "HOLDER_URN_PREFIX",
    "ISSUANCES_PATH",
    "MAX_DETAILS",
    "REVOCATIONS_PATH",
    "ROLE_URN_PREFIX",
    "AttributeCheck",
    "AttributeCheckRequest",
    "AttributeKind",
    "AttributeRequest",
    "AttributeStatus",
    "AuthorityAbout",
    "ChallengeRef",
    "Details",
    "HolderName",
    "IssuanceRefused",
    "IssuanceRequest",
    "IssuanceResult",
    "Issued",
    "RevocationReasonName",
    "RevocationRequest",
    "Revoked",
]
