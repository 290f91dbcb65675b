"""The authority's ASGI application: FastAPI for the API, a bare handler for OCSP.

`build_app` returns one ASGI callable. Requests under /ocsp skip FastAPI entirely (the
responder's hot path); everything else is the FastAPI app with its OpenAPI document. The
lifespan runs the background work of a live authority: flushing fee counts, evicting OCSP
responses for revocations committed by other workers, and publishing CRLs when due.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import AsyncIterator

import anyio
import anyio.to_thread
from cryptography.hazmat.primitives.serialization import Encoding
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse, Response

from jpki.authority.api import routes_admin, routes_phone, routes_verifier
from jpki.authority.api.openapi import PEM, describe_ocsp
from jpki.authority.api.schemas import ServiceIndex
from jpki.authority.errors import AuthorityError, InvalidRequest, NotAuthorized, NotFound
from jpki.authority.ocsp.asgi import OcspEndpoint, Receive, Scope, Send
from jpki.authority.service import Authority
from jpki.profile.errors import ProfileError
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.published import CRL_FOLDER, current_crl_names
from jpki.web import add_error_handlers, error_responses, party_app

log = logging.getLogger(__name__)
BACKGROUND_PERIOD_SECONDS = 1.0
POLL_SECONDS = 0.5
"""How often a worker polls the revocations other workers committed."""
CACHE_BOUND_SECONDS = 2.0
"""A worker's cached OCSP answer is served only within this long of its last poll, so a
revocation committed by any worker stops every cached "good" within it (docs/deploy.md)."""
PUBLISHED_ROOT = re.compile(r"^((auth|sign)-ca(-g[0-9]{1,4})?|terminal-ca|card-info-issuer)$")


def _error_handlers(app: FastAPI) -> None:
    add_error_handlers(
        app,
        {
            NotFound: 404,
            NotAuthorized: 403,
            InvalidRequest: 400,
            ProfileError: 400,
            AuthorityError: 409,
        },
    )


async def _poll(authority: Authority) -> None:
    """Evict what other workers revoked, on its own timer (a CRL being published by the
    other task must not hold it up past the cache's bound)."""
    authority.responder.serve_cached_within(CACHE_BOUND_SECONDS)
    while True:
        try:
            await anyio.to_thread.run_sync(authority.poll_changes)
        except Exception:
            log.exception("polling revocations failed")
        await anyio.sleep(POLL_SECONDS)


async def _settle(authority: Authority) -> None:
    """Commit what waits in memory: through the settlement when it holds the answers."""
    if authority.settlement is not None:
        await authority.settlement.settled()
    else:
        await anyio.to_thread.run_sync(authority.meter.flush)
        await anyio.to_thread.run_sync(authority.disclosures.flush)


async def _background(authority: Authority) -> None:
    """Periodic work of a serving authority; errors are logged, never fatal."""
    while True:
        await anyio.sleep(BACKGROUND_PERIOD_SECONDS)
        try:
            await _settle(authority)
        except Exception:
            log.exception("writing fee counts failed")
        for task in (authority.publish_due_crls,):
            try:
                await anyio.to_thread.run_sync(task)
            except Exception:
                log.exception("background task %s failed", task.__name__)


def build_api(authority: Authority, *, background: bool = True) -> FastAPI:
    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async with anyio.create_task_group() as group:
            if background:
                group.start_soon(_poll, authority)
                group.start_soon(_background, authority)
            yield
            group.cancel_scope.cancel()
        await _settle(authority)

    api = party_app(
        "jpki authority (J-LIS / 地方公共団体情報システム機構)",
        authority.settings.max_request_bytes,
        version="1",
        lifespan=lifespan,
        description="Resident register, card issuance, revocation, CRLs, OCSP, linkage, fees.",
    )
    api.state.authority = authority
    _error_handlers(api)
    api.include_router(routes_admin.router)
    api.include_router(routes_verifier.router)
    api.include_router(routes_phone.router)
    describe_ocsp(api)

    @api.get("/", tags=["public"])
    def index() -> ServiceIndex:
        return ServiceIndex(
            service="jpki authority",
            service_ja="公的個人認証サービス 認証局 (J-LIS)",
            sandbox=authority.settings.sandbox,
            roots=[f"/roots/{p}-ca.pem" for p in CertificatePurpose]
            + ["/roots/terminal-ca.pem", "/roots/card-info-issuer.pem"],
            ocsp="/ocsp",
            crl=[f"/{CRL_FOLDER}/{name}" for name in current_crl_names()],
            openapi="/docs",
        )

    @api.get(
        "/roots/{name}.pem",
        tags=["public"],
        response_class=Response,
        responses={
            200: {"content": {"application/x-pem-file": {"schema": PEM}}, "description": "PEM"},
            **error_responses(404),
        },
    )
    def roots(name: str) -> PlainTextResponse:
        """Trust anchors: `auth-ca`, `sign-ca` (every generation), `terminal-ca`,
        `card-info-issuer`, or one generation such as `sign-ca-g2`."""
        if not PUBLISHED_ROOT.match(name):
            raise NotFound(f"no published certificate {name}")
        path = authority.settings.roots_dir / f"{name}.pem"
        if name in ("terminal-ca", "card-info-issuer"):
            published = {
                "terminal-ca": authority.terminals.ca.certificate,
                "card-info-issuer": authority.card_info_issuer.certificate,
            }[name]
            return PlainTextResponse(
                published.public_bytes(Encoding.PEM).decode(), media_type="application/x-pem-file"
            )
        try:
            return PlainTextResponse(path.read_text(), media_type="application/x-pem-file")
        except FileNotFoundError:
            raise NotFound(f"no published certificate {name}") from None

    return api


def build_app(authority: Authority, *, background: bool = True):  # type: ignore[no-untyped-def]
    """The authority's whole ASGI app: /ocsp to the bare handler, the rest to FastAPI."""
    api = build_api(authority, background=background)
    ocsp = OcspEndpoint(
        authority.responder,
        authority.verifier_directory,
        authority.meter,
        authority.disclosures,
        authority.clock,
        authority.settings.max_request_bytes,
        settlement=authority.settlement,
    )

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (
            scope["path"] == "/ocsp" or scope["path"].startswith("/ocsp/")
        ):
            await ocsp(scope, receive, send)
        else:
            await api(scope, receive, send)

    return app


__all__ = ["build_api", "build_app"]
