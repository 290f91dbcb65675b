"""The HPKI authority's HTTP face: its page, its CA certificate and CRL, applications from the
doctors' clients, and revocation under the operator's token.

Every refusal is a 4xx with `{"error": code, "message": ...}`; a body that is not an
`Application` is a 422 from its model, never a 500.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from fastapi import FastAPI, Header, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from jpki.hpki.authority import CardSignatureCheck, HpkiAuthority
from jpki.hpki.errors import ApplicationRefused, UnknownCertificate
from jpki.hpki.texts import TEXT
from jpki.protocol.hpki import APPLY_PATH, CA_PATH, CRL_PATH, Application
from jpki.web import party_app, render_page, templates_beside

REFUSAL_STATUS = {"malformed": 400, "wrong-key": 400, "card-signature": 403, "not-licensed": 403, "platform-unavailable": 502}  # fmt: skip


class Revocation(BaseModel):
    serial: str = Field(pattern=r"^[0-9a-f]{1,40}$")
    reason: x509.ReasonFlags = x509.ReasonFlags.unspecified


def build_hpki_app(
    authority: HpkiAuthority, check: CardSignatureCheck, operator_token: str
) -> FastAPI:
    """The app of `authority`, which has card signatures judged by `check`."""
    app = party_app("HPKI signing CA")
    templates = templates_beside(__file__)

    @app.get("/")
    def home(request: Request) -> Response:
        rows = sorted(authority.issued(), key=lambda r: r.not_before, reverse=True)[:50]
        return render_page(
            templates,
            TEXT,
            request,
            "hpki_home.html",
            rows=rows,
            ca_path=CA_PATH,
            crl_path=CRL_PATH,
        )

    @app.get(CA_PATH)
    def ca() -> Response:
        pem = authority.certificate.public_bytes(serialization.Encoding.PEM)
        return Response(pem, media_type="application/x-pem-file")

    @app.get(CRL_PATH)
    def crl() -> Response:
        return Response(authority.crl_path.read_bytes(), media_type="application/pkix-crl")

    @app.post(APPLY_PATH)
    def apply(application: Application) -> Response:
        try:
            issued = authority.issue(application, check)
        except ApplicationRefused as refused:
            return JSONResponse(
                {"error": refused.code, "message": str(refused)}, REFUSAL_STATUS[refused.code]
            )
        return JSONResponse(issued.model_dump(mode="json"), 201)

    @app.post("/v1/revocations")
    def revoke(body: Revocation, authorization: Annotated[str, Header()] = "") -> Response:
        if not secrets.compare_digest(authorization, f"Bearer {operator_token}"):
            raise HTTPException(401, "the HPKI operator's token is required")
        try:
            row = authority.revoke(int(body.serial, 16), body.reason)
        except UnknownCertificate as exc:
            return JSONResponse({"error": "unknown-certificate", "message": str(exc)}, 404)
        return JSONResponse(row.to_json())

    return app


__all__ = ["build_hpki_app"]
