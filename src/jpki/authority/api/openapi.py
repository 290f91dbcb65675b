"""The authority's OpenAPI document beyond what FastAPI derives: binary media types, and the
OCSP responder, which `build_app` serves outside FastAPI but verifiers call all the same."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

DER: dict[str, Any] = {"type": "string", "format": "binary"}
"""A DER structure as a response body (a CRL, an OCSP response)."""
PEM: dict[str, Any] = {"type": "string"}
"""A PEM certificate as a response body."""

_VERIFIER_KEY = {
    "name": "X-JPKI-Verifier-Key",
    "in": "header",
    "required": False,
    "schema": {"type": "string"},
    "description": "The accredited verifier's API key; without it the answer is `unauthorized`",
}
_OCSP_ANSWER = {
    "200": {
        "description": "An OCSP response (RFC 6960), also for refusals: `malformedRequest`, "
        "`unauthorized`, `internalError`",
        "content": {"application/ocsp-response": {"schema": DER}},
    },
    "413": {
        "description": "Request body too large",
        "content": {"text/plain": {"schema": {"type": "string"}}},
    },
}
OCSP_PATHS: dict[str, Any] = {
    "/ocsp": {
        "post": {
            "tags": ["verifier"],
            "summary": "OCSP over POST (RFC 6960 appendix A.1)",
            "operationId": "ocsp_post",
            "parameters": [_VERIFIER_KEY],
            "requestBody": {
                "required": True,
                "content": {"application/ocsp-request": {"schema": DER}},
            },
            "responses": _OCSP_ANSWER,
        }
    },
    "/ocsp/{request}": {
        "get": {
            "tags": ["verifier"],
            "summary": "OCSP over GET: the DER request, base64 and URL-encoded (RFC 5019)",
            "operationId": "ocsp_get",
            "parameters": [
                {"name": "request", "in": "path", "required": True, "schema": {"type": "string"}},
                _VERIFIER_KEY,
            ],
            "responses": {"200": _OCSP_ANSWER["200"]},
        }
    },
}


def describe_ocsp(api: FastAPI) -> None:
    """Add the OCSP paths to `api`'s OpenAPI document (built once, on first request)."""
    derive = api.openapi

    def openapi() -> dict[str, Any]:
        if api.openapi_schema is not None:
            return api.openapi_schema
        document = derive()
        document["paths"] |= OCSP_PATHS
        return document

    api.openapi = openapi  # type: ignore[method-assign]


__all__ = ["DER", "OCSP_PATHS", "PEM", "describe_ocsp"]
