"""The time-stamping authority over HTTP (RFC 3161 section 3.4): POST a TimeStampReq to /tsa
with `application/timestamp-query`, get a TimeStampResp as `application/timestamp-reply`."""

from __future__ import annotations

from typing import Any

import anyio.to_thread
from cryptography.hazmat.primitives.serialization import Encoding
from fastapi import FastAPI, Request, Response

from jpki.platform.tsa import MAX_REQUEST, TSA_POLICY, TimestampAuthority
from jpki.web import party_app

QUERY, REPLY = "application/timestamp-query", "application/timestamp-reply"


def build_tsa_app(tsa: TimestampAuthority) -> FastAPI:
    app = party_app("jpki time-stamping authority (タイムスタンプ局)", MAX_REQUEST, version="1")

    @app.get("/")
    def about() -> dict[str, Any]:
        return {
            "service": "RFC 3161 time-stamping authority / タイムスタンプ局",
            "endpoint": "/tsa",
            "policy": TSA_POLICY,
            "certificates": ["/tsa-root.pem", "/tsa.pem"],
        }

    @app.get("/tsa-root.pem")
    def root() -> Response:
        return Response(
            tsa.keys.root.public_bytes(Encoding.PEM), media_type="application/x-pem-file"
        )

    @app.get("/tsa.pem")
    def certificate() -> Response:
        return Response(
            tsa.keys.certificate.public_bytes(Encoding.PEM), media_type="application/x-pem-file"
        )

    @app.post("/tsa")
    async def stamp(request: Request) -> Response:
        if request.headers.get("content-type", "").split(";")[0].strip() != QUERY:
            return Response(f"send {QUERY}", status_code=415)
        reply = await anyio.to_thread.run_sync(tsa.respond, await request.body())
        return Response(reply, media_type=REPLY)

    return app


__all__ = ["QUERY", "REPLY", "build_tsa_app"]
