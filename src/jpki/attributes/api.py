"""The attribute authority's HTTP API: offices ask for challenges, issuances and revocations
with their API key; anyone fetches the authority's certificate and its CRL."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import FastAPI, Header, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from jpki.attributes.errors import (
    AttributeAuthorityError,
    InvalidRequest,
    NotAuthorized,
    NotFound,
    PlatformFailed,
)
from jpki.attributes.service import AttributeAuthority
from jpki.protocol.attributes import (
    ABOUT_PATH,
    CHALLENGES_PATH,
    CRL_PATH,
    ISSUANCES_PATH,
    REVOCATIONS_PATH,
    AuthorityAbout,
    IssuanceRefused,
    IssuanceRequest,
    Issued,
    RevocationRequest,
    Revoked,
)

STATUS = {NotAuthorized: 403, NotFound: 404, InvalidRequest: 400, PlatformFailed: 502}


class ChallengeAsked(BaseModel):
    origin: str = Field(max_length=300, description="The office's page origin")


class Refusal(BaseModel):
    error: str = Field(description="Why, in words")


class ChallengeIssued(BaseModel):
    """The platform's challenge, bound to the authority (provider) and the office's origin."""

    nonce: str
    provider: str
    origin: str
    expires_at: str
    sealed: bool


REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": Refusal, "description": "A request the authority will not do"},
    403: {"model": Refusal, "description": "No or a wrong office key, or a kind not its own"},
    404: {"model": Refusal, "description": "No such attribute certificate of this office"},
    502: {"model": Refusal, "description": "The platform failed"},
}


def build_attributes_app(authority: AttributeAuthority) -> FastAPI:
    app = FastAPI(title=f"{authority.name} (属性認証局 / attribute authority)")

    @app.exception_handler(AttributeAuthorityError)
    async def refused(_request: Request, error: Exception) -> JSONResponse:
        status = next((code for kind, code in STATUS.items() if isinstance(error, kind)), 400)
        return JSONResponse({"error": str(error)}, status)

    @app.get("/")
    @app.get(ABOUT_PATH)
    def about() -> AuthorityAbout:
        return authority.about()

    @app.get(
        CRL_PATH,
        response_class=Response,
        responses={200: {"content": {"application/pkix-crl": {}}, "description": "CRL, DER"}},
    )
    def crl() -> Response:
        return Response(authority.crl(), media_type="application/pkix-crl")

    @app.post(CHALLENGES_PATH, status_code=201, responses=REFUSALS)
    def challenge(
        body: ChallengeAsked, x_api_key: Annotated[str | None, Header()] = None
    ) -> ChallengeIssued:
        issued = authority.challenge(authority.office_of(x_api_key), body.origin)
        return ChallengeIssued.model_validate(issued)

    @app.post(ISSUANCES_PATH, responses=REFUSALS)
    def issue(
        body: IssuanceRequest, x_api_key: Annotated[str | None, Header()] = None
    ) -> Issued | IssuanceRefused:
        return authority.issue(authority.office_of(x_api_key), body)

    @app.post(REVOCATIONS_PATH, responses=REFUSALS)
    def revoke(
        body: RevocationRequest, x_api_key: Annotated[str | None, Header()] = None
    ) -> Revoked:
        return authority.revoke(authority.office_of(x_api_key), body)

    return app


__all__ = ["build_attributes_app"]
