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
    IssuanceRequest,
    RevocationRequest,
    Revoked,
)

STATUS = {NotAuthorized: 403, NotFound: 404, InvalidRequest: 400, PlatformFailed: 502}


class ChallengeAsked(BaseModel):
    origin: str = Field(max_length=300, description="The office's page origin")


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

    @app.get(CRL_PATH)
    def crl() -> Response:
        return Response(authority.crl(), media_type="application/pkix-crl")

    @app.post(CHALLENGES_PATH, status_code=201)
    def challenge(
        body: ChallengeAsked, x_api_key: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        return authority.challenge(authority.office_of(x_api_key), body.origin)

    @app.post(ISSUANCES_PATH)
    def issue(
        body: IssuanceRequest, x_api_key: Annotated[str | None, Header()] = None
    ) -> dict[str, Any]:
        return authority.issue(authority.office_of(x_api_key), body).to_wire()

    @app.post(REVOCATIONS_PATH)
    def revoke(
        body: RevocationRequest, x_api_key: Annotated[str | None, Header()] = None
    ) -> Revoked:
        return authority.revoke(authority.office_of(x_api_key), body)

    return app


__all__ = ["build_attributes_app"]
