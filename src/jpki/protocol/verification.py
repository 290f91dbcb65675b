"""The results of the platform's `/v1` API (署名検証プラットフォームの検証結果): certificate and
signature verdicts as a tenant sees them, logins, registrations (紐付け), status checks
(現況確認), each answered inside a `Receipted` envelope with the evidence receipt number.

The platform builds these, its OpenAPI document describes them field by field, and the IdP and
the services' client read them back by attribute.

Fields that a tenant may not see, or that only some answers carry (a 代行 tenant's verdict has
no serial, subject id, issuer generation or 4 information; a refused login without a checked
certificate has no verdict), are *absent* from the JSON rather than null. They are modelled as
fields with a default of None that the builder leaves unset, and every answer is serialised
with `exclude_unset` (`to_wire()`, and `response_model_exclude_unset` on the routes). Every
field that is always present has no default, so a builder cannot leave it out by mistake, and
a reply parsed from JSON keeps exactly the keys it came with. That keeps the wire identical
to the platform's earlier hand-built dictionaries without a second model per tenant model.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from types import UnionType
from typing import Annotated, Any, Generic, Literal, Self, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.status import Situation
from jpki.protocol.four_info import FourInfoJson, ReleasedFourInfo
from jpki.protocol.levels import Level

Instant = Annotated[
    dt.datetime,
    PlainSerializer(dt.datetime.isoformat, return_type=str, when_used="json"),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
"""A time as ISO 8601 with its offset (`+00:00`), as `datetime.isoformat` writes it."""


class Message(BaseModel):
    """A frozen result message whose unset fields stay off the wire."""

    model_config = ConfigDict(frozen=True)

    def to_wire(self) -> dict[str, Any]:
        """The JSON object (only the fields the builder set)."""
        return self.model_dump(mode="json", exclude_unset=True)

    def withholding(self, fields: Iterable[str]) -> Self:
        """This message with `fields` left out of its JSON (they read as None)."""
        hidden = set(fields)
        return self.model_validate(
            {name: getattr(self, name) for name in self.model_fields_set - hidden}
        )


class RevocationSourceInfo(Message):
    """Which revocation data answered, and how fresh it was."""

    kind: str = Field(description="`crl`, `delta-crl`, `ocsp`, or `none` (no check was made)")
    this_update: Instant | None = Field(description="thisUpdate of the CRL or OCSP response")
    next_update: Instant | None = Field(description="nextUpdate of the CRL or OCSP response")
    age_seconds: float | None = Field(description="How old the data was at the check")
    detail: str = Field(description="E.g. the CRL number or the OCSP responder URL")


class RevocationInfo(Message):
    """A revocation (失効) as the revocation data state it."""

    reason_code: int = Field(description="CRLReason code (RFC 5280)", examples=[3])
    reason: str = Field(description="CRLReason name", examples=["affiliationChanged"])
    meaning_en: str = Field(description="What the reason means in JPKI, in English")
    meaning_ja: str = Field(description="What the reason means in JPKI, in Japanese")
    revoked_at: Instant = Field(description="Revocation time (失効日時)")
    cause: str | None = Field(
        description="The finer cause (事由) where the authority publishes it (OCSP), else null"
    )


class CertificateVerdict(Message):
    """A certificate check (検証結果) as the tenant may see it. A 代行 tenant's verdict lacks
    `serial`, `subject_id`, `issuer_generation`, `four_info` and `latest_four_info`."""

    status: str = Field(
        description="`valid`, `revoked`, `expired`, `not yet valid`, `untrusted`, `malformed`, "
        "`revocation unknown` or `weak algorithm`"
    )
    valid: bool = Field(description="Whether the status is `valid`")
    message: str = Field(description="Why, in words")
    checked_at: Instant = Field(description="When the check was made")
    purpose: CertificatePurpose | None = Field(
        description="`auth` (利用者証明用) or `sign` (署名用); null for an unreadable certificate"
    )
    serial: str | None = Field(default=None, description="Serial number, decimal (委託 only)")
    subject_id: str | None = Field(default=None, description="Subject identifier (委託 only)")
    issuer_generation: str | None = Field(
        default=None, description="Key identifier of the issuing root generation, hex (委託 only)"
    )
    four_info: FourInfoJson | None = Field(
        default=None, description="A signing certificate's 4 information (委託 only)"
    )
    latest_four_info: FourInfoJson | None = Field(
        default=None, description="The holder's latest 4 information, where asked (委託 only)"
    )
    revocation: RevocationInfo | None = Field(description="The revocation, if revoked")
    source: RevocationSourceInfo = Field(description="Which revocation data answered")
    path: str = Field(
        description="`jpki` (the fast path) or `generic` (pyhanko-certvalidator, other PKIs)"
    )
    warnings: tuple[str, ...] = Field(
        default=(),
        description="Findings that did not change the status, in English and Japanese (absent "
        "when none): a substitute-character flag string that does not fit its text, a weak "
        "algorithm accepted on request",
    )
    missing_root: str | None = Field(
        default=None,
        description="The J-LIS root generation that issued the certificate when it is not a "
        "trust anchor (absent otherwise)",
    )
    weak_algorithm: str | None = Field(
        default=None,
        description="The weak digest or key the certificate is signed with or holds, e.g. "
        "`SHA-1` (absent otherwise)",
    )
    medium: Medium | None = Field(
        default=None,
        description="Which medium holds the key that answered: `card` (マイナンバーカード) or "
        "`phone` (スマホ用電子証明書), as the certificate states it; absent when the certificate "
        "could not be read as JPKI",
    )


class SignatureCheck(Message):
    """A signature check: the data's integrity and the signer's certificate verdict."""

    kind: str = Field(description="`raw`, `cms` or `pdf`")
    valid: bool = Field(description="Intact and the signer's certificate valid")
    status: str = Field(
        description="`invalid signature`, `weak algorithm` (a digest J-LIS does not use, e.g. "
        "SHA-1, not accepted on request), or the certificate's status"
    )
    intact: bool = Field(description="Whether the signature verifies over the data")
    message: str = Field(description="Why, in words")
    signing_time: Instant | None = Field(description="The signing time the signature claims")
    details: tuple[str, ...] = Field(description="Further findings, one line each")
    certificate: CertificateVerdict = Field(description="The signer's certificate verdict")
    weak_algorithm: str | None = Field(
        default=None,
        description="The weak digest the signature is made over, e.g. `SHA-1`, refused or "
        "accepted on request (absent otherwise)",
    )


class SignatureResult(SignatureCheck):
    """One signer's signature and who they are to the tenant (seed 004)."""

    user_id: str | None = Field(
        description="The tenant's stable ID for the holder (ID変換); null when not valid or unknown"
    )
    customers: list[str] = Field(description="The tenant's customer references of the holder")

    @classmethod
    def of(cls, check: SignatureCheck, user_id: str | None, customers: list[str]) -> Self:
        """`check` (with the fields it has) and the signer as the tenant knows them."""
        given = {name: getattr(check, name) for name in check.model_fields_set}
        return cls.model_validate(given | {"user_id": user_id, "customers": customers})


class PdfSignaturesResult(Message):
    """Every signature of a PDF."""

    signatures: list[SignatureResult] = Field(description="One per signature, in order")
    valid: bool = Field(description="There are signatures and every one is valid")


class LoginAccepted(Message):
    """A login the platform accepted."""

    accepted: Literal[True] = Field(description="Always true")
    assurance: Level = Field(description="How strongly the holder was authenticated")
    verdict: CertificateVerdict = Field(description="The authentication certificate's verdict")
    linked: bool = Field(description="Whether any customer is linked to the holder")
    user_id: str | None = Field(
        description="The tenant's ID for the holder (ID変換); null for a holder the tenant never "
        "linked (except an audience-bound login); fresh per login for a per-use tenant"
    )
    customers: list[str] = Field(description="The tenant's customer references of the holder")
    institution_code: str | None = Field(
        default=None, description="The terminal's institution code, for a challenge login"
    )


class LoginRefused(Message):
    """A login the platform refused (and recorded as evidence)."""

    accepted: Literal[False] = Field(description="Always false")
    error: str = Field(description="A code: `replayed`, `certificate-rejected`, ...")
    message: str = Field(description="Why, in words")
    verdict: CertificateVerdict | None = Field(
        default=None, description="The certificate's verdict, when the certificate was refused"
    )


LoginResult = LoginAccepted | LoginRefused
"""A login's result: accepted or refused, told apart by `accepted` (`true` or `false`). Not an
OpenAPI discriminator: that must be a string property, and generated clients would then expect
the strings "true" and "false"; each variant's `accepted` is a constant instead."""


class RegistrationResult(Message):
    """A customer linkage (紐付け) through a signed application."""

    signature: SignatureCheck = Field(description="The application's signature")
    registered: bool = Field(description="Whether the customer is now linked")
    message: str | None = Field(default=None, description="Why not, when not registered")
    reference: str | None = Field(default=None, description="The linked customer reference")
    user_id: str | None = Field(
        default=None,
        description="The tenant's ID for the holder (ID変換): stable, or fresh for a per-use tenant",
    )
    consent: str | None = Field(
        default=None, description="The consent ID (同意番号) the signed consent text carried"
    )
    four_info: ReleasedFourInfo | None = Field(
        default=None,
        description="The items of the 4 information the holder's signed consent text names",
    )


class UnlinkResult(Message):
    """The end of a customer's links (紐付け解除)."""

    reference: str = Field(description="The customer reference")
    links_ended: int = Field(description="How many links ended")


class StatusLine(Message):
    """One line of a status check: one stored certificate or one customer."""

    index: int = Field(description="Position in the request (certificates first, then references)")
    reference: str | None = Field(description="The customer reference; null for a certificate")
    situation: Situation = Field(description="The holder's situation (seed 002's table)")
    label_en: str = Field(description="The situation in English")
    label_ja: str = Field(description="The situation in Japanese")
    sign_reason: str | None = Field(description="The signing certificate's revocation reason")
    auth_reason: str | None = Field(description="The authentication certificate's reason")
    latest_four_info: FourInfoJson | None = Field(
        description="The latest 4 information of a consented holder whose details changed"
    )
    note: str = Field(description="Why the situation is unknown, or why no 4 information came")


class StatusReport(Message):
    """A status check (現況確認 / 変更確認) over stored certificates and linked customers."""

    summary: dict[Situation, int] = Field(description="How many items are in each situation")
    items: list[StatusLine] = Field(description="One per item of the request, in order")


Result = TypeVar("Result")


class Receipted(BaseModel, Generic[Result]):
    """A result with the receipt number (受付処理番号) of its evidence record."""

    model_config = ConfigDict(frozen=True)

    receipt: str = Field(description="受付処理番号 of the evidence record")
    result: Result

    @classmethod
    def model_parametrized_name(cls, params: tuple[Any, ...]) -> str:
        """`ReceiptedSignatureResult`, `ReceiptedLoginAcceptedOrLoginRefused`: schema names a
        client generated from the OpenAPI document can use."""
        return "Receipted" + "".join(_name_of(param) for param in params)


def _name_of(shape: Any) -> str:
    """A type's name; a union's members' names joined by `Or` (an `Annotated` one's too)."""
    if get_origin(shape) is Annotated:
        return _name_of(get_args(shape)[0])
    if get_origin(shape) in (Union, UnionType):
        return "Or".join(_name_of(member) for member in get_args(shape))
    return str(getattr(shape, "__name__", "Result"))


class PreservedPdf(Receipted[PdfSignaturesResult]):
    """A signed PDF made long-term (PAdES B-LT/B-LTA, 長期署名) and its signatures' checks."""

    document: str = Field(
        description="The PDF with validation data (DSS) and a document time-stamp, base64"
    )


LOGIN_REFUSAL_WORDS: dict[str, dict[str, str]] = {
    "refused": {
        "en": "the card login was refused",
        "ja": "カードでのログインが拒否されました",
    },
    "unknown-challenge": {
        "en": "the login had expired or was never asked",
        "ja": "ログインの要求が見つかりません",
    },
    "replayed": {
        "en": "this answer was already used",
        "ja": "この応答はすでに使われています",
    },
    "expired": {"en": "the login took too long", "ja": "ログインの有効期限が切れました"},
    "cross-origin": {
        "en": "the answer was made for another site",
        "ja": "別のサイト向けの応答です",
    },
    "cross-provider": {
        "en": "the answer was made for another service",
        "ja": "別のサービス向けの応答です",
    },
    "bad-signature": {
        "en": "the card's signature did not verify",
        "ja": "カードの署名を検証できませんでした",
    },
    "certificate-rejected": {
        "en": "the card's certificate is not valid",
        "ja": "カードの電子証明書が有効ではありません",
    },
}
"""A `LoginRefused.error` code (the verifier's `AuthenticationRefused.code`) in words, for every
page that shows why a card login failed (the services, the platform's console)."""


__all__ = [
    "LOGIN_REFUSAL_WORDS",
    "CertificateVerdict",
    "Instant",
    "LoginAccepted",
    "LoginRefused",
    "LoginResult",
    "Message",
    "PdfSignaturesResult",
    "PreservedPdf",
    "Receipted",
    "RegistrationResult",
    "RevocationInfo",
    "RevocationSourceInfo",
    "SignatureCheck",
    "SignatureResult",
    "StatusLine",
    "StatusReport",
    "UnlinkResult",
]
