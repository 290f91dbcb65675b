"""The platform's REST API under /v1 (OpenAPI document at /openapi.json, docs at /docs).

Operators authenticate with `Authorization: Bearer <admin token>`, service providers with
`X-API-Key`. Binary values (certificates, signatures, documents) travel as base64.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hmac
import logging
import math
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated

import anyio
import anyio.to_thread
from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi import Path as FastApiPath
from fastapi.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from jpki.platform.console import add_console
from jpki.platform.errors import (
    InvalidRequest,
    NotAuthorized,
    NotFound,
    PlatformError,
    RateLimited,
)
from jpki.platform.evidence import export_lines
from jpki.platform.preservation import PreservationRefused
from jpki.platform.responses import (
    About,
    ClientCertificateSet,
    DeliveryPublic,
    EvidenceRecordPublic,
    Followed,
    RevocationRefresh,
    Sealed,
    StatementPublic,
    WatchRun,
    WebhookConfigured,
)
from jpki.platform.sealing import SealingKey
from jpki.platform.service import Platform, provider_of
from jpki.platform.tenants import Identifiers, Model, RevocationPolicy, Tenant
from jpki.platform.tsa_http import build_tsa_app
from jpki.profile.errors import ProfileError
from jpki.protocol.attributes import CHECKS_PATH, AttributeCheck, AttributeCheckRequest
from jpki.protocol.codec import decode_b64, encode_b64
from jpki.protocol.consent import ConsentAsked, ConsentText
from jpki.protocol.death_onestop import (
    DeathOnestopRegistered,
    DeathOnestopRegistration,
    OnestopParticipant,
)
from jpki.protocol.levels import Level
from jpki.protocol.sealing import MAX_SEALED, SEALING_KEY_PATH
from jpki.protocol.verification import (
    LoginResult,
    PdfSignaturesResult,
    PreservedPdf,
    Receipted,
    RegistrationResult,
    SignatureResult,
    StatusReport,
    UnlinkResult,
)
from jpki.verifier.challenge import AuthenticationResponse, decode_nonce
from jpki.verifier.errors import VerifierError
from jpki.web import add_error_handlers, error_responses, party_app, text_response

log = logging.getLogger(__name__)
B64_CERTIFICATE = 16_384
B64_SIGNATURE = 4_096
B64_DOCUMENT = 1_000_000


class TenantCreate(BaseModel):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{2,39}$", examples=["bank-001"])
    name: str = Field(min_length=1, max_length=200, examples=["Example Bank"])
    model: Model = Field(examples=["daiko"])
    origins: list[str] = Field(min_length=1, max_length=20, examples=[["https://bank.example"]])
    identifiers: Identifiers = Field(
        default=Identifiers.STABLE,
        description="`per-use` for a service that answers an attribute only: a fresh user ID "
        "per use instead of a stable one",
    )


class TenantPublic(BaseModel):
    id: str
    name: str
    model: Model
    origins: list[str]
    revocation_policy: RevocationPolicy
    identifiers: Identifiers

    @classmethod
    def of(cls, tenant: Tenant) -> TenantPublic:
        return cls(
            id=tenant.id,
            name=tenant.name,
            model=tenant.model,
            origins=list(tenant.origins),
            revocation_policy=tenant.revocation_policy,
            identifiers=tenant.identifiers,
        )


class PolicySetting(BaseModel):
    revocation_policy: RevocationPolicy = Field(examples=["ocsp-then-crl"])


class TenantCreated(BaseModel):
    tenant: TenantPublic
    api_key: str = Field(description="Shown once; the platform keeps only its hash.")


class KeyRotation(BaseModel):
    revoke_others: bool = False


class ClientCertificate(BaseModel):
    certificate: str = Field(max_length=16_384, description="The SP's TLS client certificate, PEM")


class KeyIssued(BaseModel):
    api_key: str


class ChallengeRequest(BaseModel):
    origin: str = Field(max_length=300, examples=["https://bank.example"])
    sealed: bool | None = Field(
        default=None,
        description="true: take only an answer sealed to the platform (a 代行 wallet login: "
        "the SP relays what it cannot read; see GET /v1/sealing-key); absent, null or false: "
        "either (null by default so that clients generated before it need not send it)",
    )


class ChallengeIssued(BaseModel):
    nonce: str = Field(description="base64url, 256 bits")
    provider: str
    origin: str
    expires_at: dt.datetime
    sealed: bool = Field(description="Whether the answer must come sealed")


class AuthenticationRequest(BaseModel):
    nonce: str = Field(max_length=100)
    origin: str = Field(max_length=300)
    certificate: str | None = Field(
        default=None, max_length=B64_CERTIFICATE, description="DER, base64 (unless sealed)"
    )
    signature: str | None = Field(
        default=None, max_length=B64_SIGNATURE, description="base64 (unless sealed)"
    )
    institution_code: str | None = Field(default=None, max_length=16)
    sealed: str | None = Field(
        default=None,
        max_length=MAX_SEALED,
        description="The wallet's answer sealed to the platform: a compact JWE "
        "(ECDH-ES+A256KW, A256GCM) of certificate, signature and institution code, bound to "
        "this nonce, origin and tenant; instead of those fields",
    )


class SealingKeyPublic(BaseModel):
    """The platform's public sealing key, as a JWK (RFC 7517)."""

    model_config = ConfigDict(extra="allow")

    kty: str = Field(examples=["EC"])
    crv: str = Field(examples=["P-256"])
    x: str
    y: str
    kid: str = Field(description="RFC 7638 thumbprint")
    use: str = Field(examples=["enc"])


class TlsClientCertificate(BaseModel):
    certificate: str = Field(
        max_length=B64_CERTIFICATE, description="The TLS client certificate, DER, base64"
    )


SEALED_SIGNATURE = (
    "The wallet's CMS sealed to the platform instead of `signature` (a 代行 SP relays what it "
    "cannot read): a compact JWE bound to the SHA-256 of `content` (required with it), to the "
    "tenant and to one of its origins; 400 `sealed-unreadable` or `sealed-mismatch` otherwise"
)


class CmsRequest(BaseModel):
    signature: str | None = Field(
        default=None, max_length=B64_DOCUMENT, description="CMS SignedData, DER, base64"
    )
    content: str | None = Field(
        default=None, max_length=B64_DOCUMENT, description="For a detached signature, base64"
    )
    sealed: str | None = Field(default=None, max_length=MAX_SEALED, description=SEALED_SIGNATURE)


class CustomerRegistration(BaseModel):
    reference: str = Field(min_length=1, max_length=100, examples=["acct-0001"])
    signature: str | None = Field(
        default=None,
        max_length=B64_DOCUMENT,
        description="CMS SignedData of the application, base64 (unless sealed)",
    )
    sealed: str | None = Field(default=None, max_length=MAX_SEALED, description=SEALED_SIGNATURE)
    content: str | None = Field(
        default=None,
        max_length=B64_DOCUMENT,
        description="The signed content, for a detached signature: a consent text from "
        "`POST /v1/consents` releases its items of the 4 information, any other releases none",
    )


class StatusCheckRequest(BaseModel):
    certificates: list[str] = Field(
        default_factory=list,
        max_length=10_000,
        description="Stored signing certificates, DER base64",
    )
    references: list[str] = Field(
        default_factory=list, max_length=10_000, description="Customer references linked earlier"
    )
    latest_four_info: bool = Field(
        default=False, description="Ask the authority for consented holders' latest 4 information"
    )


class WebhookSetting(BaseModel):
    url: str = Field(max_length=500, examples=["https://bank.example/jpki/notifications"])


class RawSignatureRequest(BaseModel):
    certificate: str = Field(
        max_length=B64_CERTIFICATE, description="Signer's certificate, DER, base64"
    )
    signature: str = Field(max_length=B64_SIGNATURE, description="PKCS#1 v1.5 signature, base64")
    digest: str = Field(max_length=200, description="The signed digest, base64")
    algorithm: str = Field(default="sha256", pattern="^sha(256|384|512)$")


class PdfRequest(BaseModel):
    document: str = Field(max_length=B64_DOCUMENT, description="The signed PDF, base64")


def _operator(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    platform: Platform = request.app.state.platform
    expected = f"Bearer {platform.settings.admin_token}".encode()
    if not hmac.compare_digest((authorization or "").encode(), expected):
        raise NotAuthorized("the operator token is required (Authorization: Bearer ...)")


def _authenticated(request: Request, x_api_key: Annotated[str | None, Header()] = None) -> Tenant:
    """The caller: by API key, or by the TLS client certificate (ASGI TLS extension)."""
    platform: Platform = request.app.state.platform
    chain = request.scope.get("extensions", {}).get("tls", {}).get("client_cert_chain") or []
    if x_api_key is None and chain:
        return platform.tenants.authenticate_certificate(chain[0])
    return platform.tenants.authenticate(x_api_key)


def _limit(platform: Platform, tenant: Tenant) -> None:
    """Take one of the tenant's tokens, or refuse with 429 and when to come back."""
    wait = platform.rate_limiter.wait(tenant.id)
    if wait > 0:
        raise RateLimited(f"{tenant.id} is over its rate limit; slow down", math.ceil(wait))


def _tenant(request: Request, tenant: Annotated[Tenant, Depends(_authenticated)]) -> Tenant:
    _limit(request.app.state.platform, tenant)
    return tenant


Operator = Annotated[None, Depends(_operator)]
"""Requires the operator's bearer token."""
Caller = Annotated[Tenant, Depends(_tenant)]
"""The tenant whose X-API-Key came with the request, within its rate limit."""
Answerer = Annotated[Tenant, Depends(_authenticated)]
"""The tenant answering a login challenge: limited only if the challenge is not its own live
one (see `jpki.platform.ratelimit`)."""


async def _rate_limited(_request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RateLimited)
    headers = {"Retry-After": str(error.retry_after)}
    return JSONResponse({"error": str(error)}, status_code=429, headers=headers)


def build_platform_app(platform: Platform, *, background: bool = True) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with anyio.create_task_group() as group:
            if background:
                seal_every = platform.settings.seal_interval.total_seconds()
                follow_every = platform.settings.follow_interval.total_seconds()
                group.start_soon(_every, seal_every, platform.seal, "sealing the evidence chain")
                watch_every = platform.settings.watch_interval.total_seconds()
                poll_every = platform.settings.delivery_poll.total_seconds()
                group.start_soon(_every, watch_every, platform.watch, "the scheduled status check")
                group.start_soon(
                    _every, poll_every, platform.webhooks.deliver_due, "webhook delivery"
                )
                if platform.verifier.refresher is not None:
                    group.start_soon(
                        _every,
                        platform.refreshes.POLL_SECONDS,
                        platform.follow_refreshes,
                        "following other workers' revocation refreshes",
                    )
                if platform.authority is not None:
                    group.start_soon(
                        _every, follow_every, platform.follow_renewals, "following renewals"
                    )
            yield
            group.cancel_scope.cancel()

    app = party_app(
        "jpki signature verification platform (署名検証プラットフォーム)",
        platform.settings.max_request_bytes,
        version="1",
        lifespan=lifespan,
        responses=error_responses(400, 403, 404, 409, 413, 429),
    )
    app.state.platform = platform
    add_error_handlers(
        app,
        {
            NotFound: 404,
            NotAuthorized: 403,
            InvalidRequest: 400,
            PreservationRefused: 400,
            ProfileError: 400,
            VerifierError: 400,
            PlatformError: 409,
        },
    )

    app.add_exception_handler(RateLimited, _rate_limited)

    @app.get("/")
    def about() -> About:
        return About(
            service="signature verification platform / 署名検証プラットフォーム",
            api="/v1",
            openapi="/openapi.json",
        )

    add_console(app, platform)
    # The platform's time-stamping authority, for signers' signature time-stamps (PAdES B-T).
    app.mount("/timestamping", build_tsa_app(platform.tsa))
    _operator_routes(app, platform)
    _login_and_signature_routes(
        app, platform, SealingKey.load_or_create(platform.settings.platform_dir)
    )
    _notification_routes(app, platform)
    _account_routes(app, platform)
    return app


def _operator_routes(app: FastAPI, platform: Platform) -> None:
    """Tenants, keys and the evidence log: the operator's side."""

    @app.post("/v1/tenants", status_code=201)
    def create_tenant(body: TenantCreate, _: Operator) -> TenantCreated:
        created, key = platform.tenants.register(body.id, body.name, body.model, body.origins)
        if body.identifiers is not created.identifiers:
            created = platform.tenants.set_identifiers(created.id, body.identifiers)
        return TenantCreated(tenant=TenantPublic.of(created), api_key=key)

    @app.get("/v1/tenants")
    def list_tenants(_: Operator) -> list[TenantPublic]:
        return [TenantPublic.of(t) for t in platform.tenants.all()]

    @app.post("/v1/tenants/{tenant_id}/keys", status_code=201)
    def rotate_key(tenant_id: str, body: KeyRotation, _: Operator) -> KeyIssued:
        return KeyIssued(
            api_key=platform.tenants.rotate(tenant_id, revoke_others=body.revoke_others)
        )

    @app.put("/v1/tenants/{tenant_id}/client-certificate")
    def client_certificate(
        tenant_id: str, body: ClientCertificate, _: Operator
    ) -> ClientCertificateSet:
        """Mutual TLS: the SP may authenticate with this client certificate instead of a key."""
        fingerprint = platform.tenants.set_client_certificate(tenant_id, body.certificate.encode())
        return ClientCertificateSet(tenant=tenant_id, sha256=fingerprint)

    @app.post("/v1/evidence/seal")
    def seal(_: Operator) -> Sealed:
        checkpoint = platform.seal()
        return Sealed(
            sealed=checkpoint is not None, sequence=checkpoint.sequence if checkpoint else None
        )

    @app.get(
        "/v1/evidence/export",
        response_class=StreamingResponse,
        responses=text_response("application/jsonl", "One evidence record per line (JSON Lines)"),
    )
    def export(_: Operator) -> StreamingResponse:
        def lines() -> Iterator[str]:
            for line in export_lines(platform.evidence.export()):
                yield line + "\n"

        return StreamingResponse(lines(), media_type="application/jsonl")


def _signature(
    sealing: SealingKey,
    caller: Tenant,
    signature: str | None,
    sealed: str | None,
    content: bytes | None,
) -> bytes:
    """The CMS (DER) a request carries: in the clear, or sealed to the platform and checked
    against `content` and the caller's origins."""
    if sealed is None:
        if signature is None:
            raise InvalidRequest("signature is required unless sealed")
        return decode_b64(signature, "signature", InvalidRequest)
    if signature is not None or content is None:
        raise InvalidRequest("a sealed signature comes with its content and no signature")
    return sealing.open_signature(sealed, content=content, tenant=caller.id, origins=caller.origins)


def _login_and_signature_routes(app: FastAPI, platform: Platform, sealing: SealingKey) -> None:
    """What SPs call per customer: challenges, logins, signatures, linkage, status checks."""

    @app.get(SEALING_KEY_PATH)
    def sealing_key() -> SealingKeyPublic:
        """The key wallets seal 代行 logins to (public: a wallet fetches it from the platform
        itself, so an SP cannot hand it a key of its own)."""
        return SealingKeyPublic.model_validate(sealing.public_jwk)

    @app.post("/v1/challenges", status_code=201)
    def challenge(body: ChallengeRequest, caller: Caller) -> ChallengeIssued:
        sealed = body.sealed is True
        issued = platform.issue_challenge(caller, body.origin, sealed=sealed)
        return ChallengeIssued(
            nonce=issued.nonce_b64,
            provider=issued.provider,
            origin=issued.origin,
            expires_at=issued.expires_at,
            sealed=sealed,
        )

    @app.post("/v1/authentications", response_model_exclude_unset=True)
    def authenticate(body: AuthenticationRequest, caller: Answerer) -> Receipted[LoginResult]:
        """A card's answer to a challenge, in the clear or sealed (`sealed`, which a challenge
        issued `sealed` requires): 400 `sealing-required`, `sealed-unreadable` (it does not
        open with the platform's key) or `sealed-mismatch` (for another challenge or tenant)."""
        nonce = decode_nonce(body.nonce)
        if not platform.challenges.outstanding(nonce, caller.id):
            _limit(platform, caller)
        if body.sealed is not None:
            card = sealing.open(
                body.sealed,
                nonce=body.nonce,
                origin=body.origin,
                provider=provider_of(caller, None),
            )
            certificate, signature, institution = (
                card.certificate, card.signature or "", card.institution_code,
            )  # fmt: skip
        elif platform.challenges.sealed(nonce, caller.id):
            raise InvalidRequest(
                "sealing-required: this challenge takes only an answer sealed to the platform / "
                "封緘回答が必要です"
            )
        elif body.certificate is None or body.signature is None:
            raise InvalidRequest("certificate and signature are required unless sealed")
        else:
            certificate, signature, institution = (
                body.certificate, body.signature, body.institution_code,
            )  # fmt: skip
        response = AuthenticationResponse(
            nonce,
            caller.id,
            body.origin,
            decode_b64(certificate, "certificate", InvalidRequest),
            decode_b64(signature, "signature", InvalidRequest),
            institution,
        )
        return platform.authenticate(caller, response)

    @app.post("/v1/authentications/tls-client", response_model_exclude_unset=True)
    def tls_client(body: TlsClientCertificate, caller: Caller) -> Receipted[LoginResult]:
        """A certificate from a TLS client authentication the SP's server verified (seed 002
        No.14): its verdict and this SP's linked customers, so the SP keeps no serials."""
        return platform.present_certificate(
            caller,
            decode_b64(body.certificate, "certificate", InvalidRequest),
            None,
            Level.TLS_CLIENT,
        )

    @app.post("/v1/signatures/cms", response_model_exclude_unset=True)
    def verify_cms(body: CmsRequest, caller: Caller) -> Receipted[SignatureResult]:
        content = (
            decode_b64(body.content, "content", InvalidRequest)
            if body.content is not None
            else None
        )
        return platform.verify_cms(
            caller, _signature(sealing, caller, body.signature, body.sealed, content), content
        )

    @app.post("/v1/signatures/raw", response_model_exclude_unset=True)
    def verify_raw(body: RawSignatureRequest, caller: Caller) -> Receipted[SignatureResult]:
        return platform.verify_raw(
            caller,
            decode_b64(body.certificate, "certificate", InvalidRequest),
            decode_b64(body.signature, "signature", InvalidRequest),
            decode_b64(body.digest, "digest", InvalidRequest),
            body.algorithm,
        )

    @app.post("/v1/signatures/pdf", response_model_exclude_unset=True)
    def verify_pdf(body: PdfRequest, caller: Caller) -> Receipted[PdfSignaturesResult]:
        return platform.verify_pdf(caller, decode_b64(body.document, "document", InvalidRequest))

    @app.post("/v1/signatures/pdf/long-term", response_model_exclude_unset=True)
    def preserve_pdf(body: PdfRequest, caller: Caller) -> PreservedPdf:
        document, outcome = platform.preserve_pdf(
            caller, decode_b64(body.document, "document", InvalidRequest)
        )
        return PreservedPdf(
            receipt=outcome.receipt, result=outcome.result, document=encode_b64(document)
        )

    @app.post("/v1/customers", status_code=201, response_model_exclude_unset=True)
    def register_customer(
        body: CustomerRegistration, caller: Caller
    ) -> Receipted[RegistrationResult]:
        """紐付け: link a customer account to the card holder who signed its application."""
        content = (
            decode_b64(body.content, "content", InvalidRequest)
            if body.content is not None
            else None
        )
        return platform.register_customer(
            caller,
            body.reference,
            _signature(sealing, caller, body.signature, body.sealed, content),
            content,
        )

    @app.post(CHECKS_PATH, response_model_exclude_unset=True)
    def check_attribute_certificate(
        body: AttributeCheckRequest, caller: Caller
    ) -> Receipted[AttributeCheck]:
        """An attribute certificate (属性証明書, RFC 5755) with its holder's JPKI certificate:
        the AC's verdict under the authority the tenant trusts, and whether the card's holder
        is the AC's holder (yes or no; see `jpki.platform.attribute_checks`)."""
        return platform.check_attribute_certificate(caller, body)

    @app.post("/v1/consents", status_code=201)
    def ask_consent(body: ConsentAsked, caller: Caller) -> ConsentText:
        """A consent text (同意文) for the holder to sign with the signing certificate: it names
        this tenant, the purpose, the items and the date, and serves one registration."""
        return platform.ask_consent(caller, body)

    @app.put("/v1/customers/{reference}/death-onestop")
    def register_death_onestop(
        reference: Annotated[str, FastApiPath(max_length=100)],
        body: DeathOnestopRegistration,
        caller: Caller,
    ) -> Receipted[DeathOnestopRegistered]:
        """死亡・相続ワンストップ: the businesses to notify when this linked customer dies (an
        empty list ends the registration)."""
        return platform.register_death_onestop(caller, reference, body.notify)

    @app.get("/v1/death-onestop/participants")
    def death_onestop_participants(caller: Caller) -> list[OnestopParticipant]:
        """The businesses a holder can choose: those receiving change notifications."""
        return platform.death_onestop_participants(caller)

    @app.delete("/v1/customers/{reference}/links", response_model_exclude_unset=True)
    def unlink(reference: str, caller: Caller) -> Receipted[UnlinkResult]:
        return platform.unlink_customer(caller, reference)

    @app.post("/v1/linkage/follow")
    def follow(_: Operator) -> Followed:
        """Join renewed certificates to their holders now (also done in the background)."""
        return Followed(followed=platform.follow_renewals())

    @app.post("/v1/status-checks", response_model_exclude_unset=True)
    def status_check(body: StatusCheckRequest, caller: Caller) -> Receipted[StatusReport]:
        """現況確認: how each customer's situation stands (seed 002's table), in one report."""
        return platform.status_check(
            caller,
            certificates=[
                decode_b64(c, f"certificate {i}", InvalidRequest)
                for i, c in enumerate(body.certificates)
            ],
            references=body.references,
            latest_four_info=body.latest_four_info,
        )


def _notification_routes(app: FastAPI, platform: Platform) -> None:
    """Change notifications: webhook settings, deliveries, the scheduled check."""

    @app.put("/v1/revocation-policy")
    def set_policy(body: PolicySetting, caller: Caller) -> TenantPublic:
        """Which revocation source the SP's checks use first (CRL or OCSP), or only."""
        return TenantPublic.of(
            platform.tenants.set_revocation_policy(caller.id, body.revocation_policy)
        )

    @app.put("/v1/webhook")
    def set_webhook(body: WebhookSetting, caller: Caller) -> WebhookConfigured:
        """Where change notifications go; answers the new signing secret (shown once)."""
        return WebhookConfigured(url=body.url, secret=platform.webhooks.configure(caller, body.url))

    @app.get("/v1/webhooks/deliveries")
    def deliveries(
        caller: Caller,
        status: Annotated[str | None, Query(pattern="^(pending|delivered|dead)$")] = None,
    ) -> list[DeliveryPublic]:
        """Recent notifications; `?status=dead` is the dead-letter view."""
        return [DeliveryPublic.of(d) for d in platform.webhooks.deliveries(caller, status)]

    @app.post("/v1/webhooks/deliveries/{delivery_id}/retry")
    def retry_delivery(
        delivery_id: Annotated[int, FastApiPath(ge=1, le=2**63 - 1)], caller: Caller
    ) -> DeliveryPublic:
        return DeliveryPublic.of(platform.webhooks.retry(caller, delivery_id))

    @app.post("/v1/revocation/refresh")
    def refresh_revocation(_: Operator) -> RevocationRefresh:
        """Load the authority's CRLs now instead of waiting for nextUpdate (e.g. after the
        authority published early); sources that fail keep their old data."""
        report = platform.refresh_revocation()
        if report is None:
            return RevocationRefresh(
                loaded=0, errors=["this platform has no CRL sources to refresh"]
            )
        return RevocationRefresh(loaded=report.loaded, errors=list(report.errors))

    @app.post("/v1/watch")
    def watch(_: Operator) -> WatchRun:
        """Run the scheduled change confirmation now (also done every `watch_interval`)."""
        return WatchRun(queued=platform.watch(), delivered=platform.webhooks.deliver_due())


def _account_routes(app: FastAPI, platform: Platform) -> None:
    """The SP's own statement and evidence."""

    @app.get("/v1/statement")
    def own_statement(
        caller: Caller, month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None
    ) -> StatementPublic:
        """This month's (or `month`'s) fees: J-LIS's pass-through and the platform's price."""
        return StatementPublic.of(platform.statement(caller, month))

    @app.get(
        "/v1/statement.csv",
        response_class=Response,
        responses=text_response("text/csv", "The statement as CSV"),
    )
    def own_statement_csv(
        caller: Caller, month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None
    ) -> PlainTextResponse:
        return PlainTextResponse(platform.statement(caller, month).to_csv(), media_type="text/csv")

    @app.get("/v1/evidence")
    def own_evidence(caller: Caller) -> list[EvidenceRecordPublic]:
        """The caller's own evidence records, with their digests (match them against a sealed export)."""
        return [EvidenceRecordPublic.of(r) for r in platform.evidence_of(caller)]


async def _every(seconds: float, job: Callable[[], object], what: str) -> None:
    """Run `job` in a worker thread every `seconds`; a failure is logged and retried next time."""
    while True:
        await anyio.sleep(seconds)
        try:
            await anyio.to_thread.run_sync(job)
        except Exception:
            log.exception("%s failed", what)


__all__ = ["build_platform_app"]
