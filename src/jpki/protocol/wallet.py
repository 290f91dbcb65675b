"""The wallet protocol (ウォレット連携): what a party asks the holder's card for, and the answer.

A party that needs the card (the IdP for an RP's login or signing transaction, Mynaportal for
its login, every service for its own logins and signatures) creates a request and shows the
holder a *wallet link*: a QR code for the phone that reads the card, or a same-device link.
The wallet fetches the request (`GET /wallet/v1/logins/{id}` or `/wallet/v1/signatures/{id}`),
shows who asks for what at which level, has the card answer, and posts the answer back to the
same URL. The party checks it (through the signature verification platform) and tells the
wallet where the browser continues.

A 代行 service's login and signature requests name `seal_to` (the platform): the wallet then
posts the answer sealed to the platform (`jpki.protocol.sealing`), so the service relays what
it cannot read (the certificate, or the CMS that carries it).

The messages are defined here once, with their JSON codec (pydantic); the routes are mounted by
every party from `jpki.protocol.wallet_routes` over a `WalletStore` each implements.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Sequence
from typing import Annotated, Literal
from urllib.parse import quote

from cryptography import x509
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from jpki.profile.errors import JpkiError
from jpki.protocol.codec import decode_b64, decode_b64url
from jpki.protocol.levels import Level
from jpki.protocol.sealing import MAX_SEALED

PREFIX = "/wallet/v1"
"""Where every party mounts the protocol; the wallet answers only URLs under a known party's."""


class Kind(enum.StrEnum):
    """What the card is asked for."""

    LOGIN = "login"
    SIGN = "sign"

    @property
    def collection(self) -> str:
        """The path segment of this kind's requests: `logins` or `signatures`."""
        return "logins" if self is Kind.LOGIN else "signatures"

    @property
    def link_parameter(self) -> str:
        """The wallet link's query parameter naming a request of this kind."""
        return "login" if self is Kind.LOGIN else "signature"


class WalletRefused(JpkiError):
    """A party refuses a wallet request or answer; `code` names why in one word.

    The HTTP status follows from the code: `unknown-*` (no such request) is 404, a platform
    that could not check the answer (`platform-failed`) is 502, everything else 400.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    @property
    def http_status(self) -> int:
        if self.code.startswith("unknown-"):
            return 404
        return 502 if self.code == PLATFORM_FAILED else 400


PLATFORM_FAILED = "platform-failed"
UNKNOWN_REQUEST = "unknown-request"
BAD_REQUEST = "bad-request"


def bad_request(message: str) -> WalletRefused:
    """The refusal of a malformed field (`bad-request`), e.g. for `decode_b64`."""
    return WalletRefused(BAD_REQUEST, message)


def request_path(kind: Kind, request_id: str) -> str:
    return f"{PREFIX}/{kind.collection}/{request_id}"


def wallet_link(wallet_url: str, origin: str, kind: Kind, request_id: str) -> str:
    """The link (and QR code) that hands the request to the holder's wallet."""
    target = origin.rstrip("/") + request_path(kind, request_id)
    return f"{wallet_url.rstrip('/')}/request?{kind.link_parameter}={quote(target, safe='')}"


def same_device(link: str) -> str:
    """The wallet link for a wallet on the browser's own device: it sends the browser on."""
    return f"{link}&same_device=1"


class Message(BaseModel):
    """A message of the protocol: immutable, and extra fields in a party's JSON are ignored."""

    model_config = ConfigDict(frozen=True)

    def to_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)


class RelyingParty(Message):
    """Who asks: shown to the holder before the PIN."""

    name: str = Field(description="The party's name as the holder knows it, both languages")
    client_id: str | None = Field(default=None, description="The OIDC client, for an IdP's RP")
    uri: str | None = Field(default=None, description="The party's web address")


class Label(Message):
    """A text in both languages."""

    en: str
    ja: str


class RequestedItem(Label):
    """A piece of information released with the login (an OIDC scope)."""

    scope: str


class Challenge(Message):
    """The platform's challenge the card signs (see `jpki.profile.challenge`)."""

    nonce: str = Field(description="base64url, 256 bits")
    provider: str = Field(description="Whom the signature is for: the tenant (and its RP)")
    origin: str = Field(description="The web origin the login happens at")

    @property
    def nonce_bytes(self) -> bytes:
        return decode_b64url(self.nonce, "nonce", bad_request)


class SealTo(Message):
    """Whom the wallet seals the answer to: the platform, by its base URL. The wallet seals
    only to the platform it is configured with, with the key the platform itself publishes."""

    platform: str = Field(description="The platform's base URL")
    tenant: str | None = Field(
        default=None,
        description="The platform tenant the answer is for: a signature is bound to it (a "
        "login is bound to its challenge's provider)",
    )


class LoginRequest(Message):
    """A card login: the challenge, the levels the party accepts, what it will learn."""

    kind: Literal["login"] = "login"
    id: str
    relying_party: RelyingParty
    items: tuple[RequestedItem, ...] = ()
    acr_required: str = Field(description="The URN of the level the party asks for")
    acr_label: Label = Field(description="That level, for the holder")
    levels: tuple[str, ...] = Field(description="The URNs of every accepted level")
    challenge: Challenge
    signing_consent: str | None = Field(
        default=None,
        description="base64 text to sign with the signing key when 4 information is released",
    )
    seal_to: SealTo | None = Field(
        default=None, description="Seal the answer to this platform (a 代行 service's login)"
    )
    state: str
    expires_at: dt.datetime

    @classmethod
    def asking(
        cls,
        request_id: str,
        relying_party: RelyingParty,
        required: Level,
        levels: Sequence[Level],
        challenge: Challenge,
        *,
        state: str,
        expires_at: dt.datetime,
        items: Sequence[RequestedItem] = (),
        signing_consent: str | None = None,
        seal_to: SealTo | None = None,
    ) -> LoginRequest:
        """A login that names `required` to the holder and accepts any of `levels` (in the
        order the wallet offers them)."""
        return cls(
            id=request_id,
            relying_party=relying_party,
            items=tuple(items),
            acr_required=required.urn,
            acr_label=Label(**required.label),
            levels=tuple(level.urn for level in levels),
            challenge=challenge,
            signing_consent=signing_consent,
            seal_to=seal_to,
            state=state,
            expires_at=expires_at,
        )


class SignatureRequest(Message):
    """A signature with the signing key over a document the party keeps (its SHA-256), or
    over a PDF the wallet fetches from `.../document` and signs in place (PAdES)."""

    kind: Literal["sign"] = "sign"
    id: str
    relying_party: RelyingParty
    document_name: str
    digest: str = Field(description="SHA-256 of the document, hex")
    text: str | None = Field(
        default=None,
        description="The document itself when it is text for the holder to read (a consent "
        "text): the wallet shows it and signs only if its UTF-8 bytes have `digest`",
    )
    pdf: bool = Field(description="The wallet fetches the PDF and signs it in place")
    form: Literal["cms", "pkcs1"] = Field(
        default="cms",
        description="What the card makes of the digest: a detached CMS, or its raw PKCS#1 v1.5 "
        "signature over the DigestInfo (SHA-256), answered with the signing certificate",
    )
    timestamp_url: str | None = Field(default=None, description="The TSA for a PAdES B-T signature")
    seal_to: SealTo | None = Field(
        default=None,
        description="Seal the CMS to this platform (a 代行 service's signature; never a PDF)",
    )
    state: str
    expires_at: dt.datetime


def _a_certificate(value: str) -> str:
    """A certificate field that is not a DER X.509 certificate makes the answer malformed,
    refused before any party sees it: a stranger's garbage never fails a holder's pending
    login, which stays answerable by the card."""
    try:
        x509.load_der_x509_certificate(decode_b64(value, "certificate", ValueError))
    except ValueError as exc:
        raise ValueError("certificate: not a DER X.509 certificate in base64") from exc
    return value


CertificateB64 = Annotated[str, AfterValidator(_a_certificate)]
"""A card's certificate as an answer carries it: DER in base64, and a certificate."""


class LoginAnswer(Message):
    """The card's answer to a login: its authentication certificate and, except for a
    certificate-only login, its signature over the challenge; or, to a request that named
    `seal_to`, all of it sealed to the platform (`sealed`), and nothing in the clear."""

    certificate: CertificateB64 | None = Field(
        default=None, description="The authentication certificate, DER, base64"
    )
    signature: str | None = Field(
        default=None, description="PKCS#1 v1.5 over the challenge, base64"
    )
    institution_code: str | None = Field(
        default=None, description="A PIN-less terminal's institution"
    )
    consent_signature: str | None = Field(
        default=None, description="CMS over `signing_consent` with the signing key, base64"
    )
    sealed: str | None = Field(
        default=None,
        max_length=MAX_SEALED,
        description="The answer sealed to the platform: a compact JWE (`jpki.protocol.sealing`)",
    )

    @model_validator(mode="after")
    def _certificate_or_sealed(self) -> LoginAnswer:
        """A sealed answer carries nothing in the clear; any other carries the certificate."""
        if self.sealed is None and self.certificate is None:
            raise ValueError("a login answer carries the certificate or is sealed")
        if self.sealed is not None and (self.certificate or self.signature):
            raise ValueError("a sealed answer carries no certificate or signature in the clear")
        return self

    @property
    def certificate_der(self) -> bytes:
        if self.certificate is None:
            raise bad_request("the answer is sealed to the platform / 封緘回答です")
        return decode_b64(self.certificate, "certificate", bad_request)

    @property
    def signature_bytes(self) -> bytes | None:
        return (
            None if self.signature is None else decode_b64(self.signature, "signature", bad_request)
        )

    @property
    def consent_cms(self) -> bytes | None:
        if not self.consent_signature:
            return None
        return decode_b64(self.consent_signature, "consent_signature", bad_request)


class SignatureAnswer(Message):
    """The card's signature: a detached CMS over the digest, or the PDF signed in place; or,
    to a request that named `seal_to`, the CMS sealed to the platform (`sealed`), and nothing
    in the clear."""

    cms: str | None = Field(default=None, description="CMS SignedData, DER, base64")
    pdf: str | None = Field(default=None, description="The signed PDF, base64")
    signature: str | None = Field(
        default=None, description="A `pkcs1` request's raw signature, base64"
    )
    certificate: CertificateB64 | None = Field(
        default=None, description="With `signature`: the signing certificate, DER, base64"
    )
    sealed: str | None = Field(
        default=None,
        max_length=MAX_SEALED,
        description="The CMS sealed to the platform: a compact JWE (`jpki.protocol.sealing`)",
    )

    @model_validator(mode="after")
    def _nothing_beside_sealed(self) -> SignatureAnswer:
        """A sealed answer carries no CMS or PDF in the clear."""
        if self.sealed is not None and (self.cms or self.pdf or self.signature):
            raise ValueError("a sealed answer carries no CMS or PDF in the clear")
        return self

    @property
    def raw_signature(self) -> tuple[bytes, bytes]:
        """A `pkcs1` answer's signature and signing certificate (DER)."""
        if self.signature is None or self.certificate is None:
            raise bad_request("the answer needs `signature` and `certificate`")
        return (
            decode_b64(self.signature, "signature", bad_request),
            decode_b64(self.certificate, "certificate", bad_request),
        )

    @property
    def cms_der(self) -> bytes:
        return decode_b64(self.cms, "cms", bad_request)

    @property
    def signed_pdf(self) -> bytes:
        return decode_b64(self.pdf, "pdf", bad_request)


class Settled(Message):
    """The party's reply to an answer: the new state, the platform's receipt number
    (受付処理番号) and, for a browser waiting on this device, where it continues."""

    model_config = ConfigDict(frozen=True, populate_by_name=True)

    state: str = Field(description="authenticated, signed or refused")
    acr: str | None = Field(default=None, description="The level the login reached (URN)")
    receipt: str | None = None
    continue_url: str | None = Field(default=None, alias="continue")

    def to_json(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


REFUSED = Settled(state="refused")


class Refusal(Message):
    """A refusal's JSON body (the wallet protocol's, and the IdP's for its other routes)."""

    error: str = Field(description="A stable code, e.g. unknown-request, bad-request")
    message: str = Field(description="Why, in English and Japanese")


__all__ = [
    "BAD_REQUEST",
    "PLATFORM_FAILED",
    "PREFIX",
    "REFUSED",
    "UNKNOWN_REQUEST",
    "CertificateB64",
    "Challenge",
    "Kind",
    "Label",
    "LoginAnswer",
    "LoginRequest",
    "Message",
    "Refusal",
    "RelyingParty",
    "RequestedItem",
    "SealTo",
    "Settled",
    "SignatureAnswer",
    "SignatureRequest",
    "WalletRefused",
    "bad_request",
    "request_path",
    "same_device",
    "wallet_link",
]
