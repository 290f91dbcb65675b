"""The Digital Agency profile's own wire shapes: its discovery document, the `session_state`
of its redirects, and the signing API (`POST /api/sign-transactions`, then
`GET /api/sign-transactions/{id}/result`).

The paths, parameters and flow follow the デジタル認証アプリ developer documentation; the JSON
field names of the signing API are not in the public excerpts we could read and are chosen
here (docs/idp-digital-agency.md marks each such point).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from asn1crypto import algos

from jpki.idp.logout import DISCOVERY as LOGOUT_DISCOVERY
from jpki.idp.profiles import DA_SCOPES, DIGITAL_AGENCY
from jpki.idp.settings import IdpSettings
from jpki.idp.store.models import SignRequestRow

SIGN_TRANSACTION = "sign_transaction_id"
"""The authorization request parameter naming the transaction the holder approves."""
DIGEST = "digest"
"""A sign transaction's SHA-256 digest, base64 (chosen: the documented example computes
`base64(SHA-256(document))`; the field name is unconfirmed)."""
DIGEST_INFO = "digest_info"
"""Or the DigestInfo-wrapped hash (RFC 8017), DER in base64 (field name unconfirmed)."""
SHA256_LENGTH = 32


CLAIMS = [
    *("sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr"),
    *("name", "address", "birthdate", "gender"),
]


class BadTransaction(ValueError):
    """A sign transaction's body the IdP refuses (answered 400 `invalid_request`)."""


def digital_agency_discovery(settings: IdpSettings) -> dict[str, Any]:
    """The discovery document, shaped as the Keycloak realm behind the government's API
    publishes one (the fields an OIDC RP library reads)."""
    endpoint = settings.endpoint
    return {
        "issuer": settings.issuer,
        "authorization_endpoint": endpoint["authorize"],
        "token_endpoint": endpoint["token"],
        "userinfo_endpoint": endpoint["userinfo"],
        "jwks_uri": endpoint["jwks"],
        "end_session_endpoint": endpoint["logout"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials"],
        "response_types_supported": ["code"],
        "response_modes_supported": ["query"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["ES256", "RS256"],  # RS256: OIDC Discovery 3
        "token_endpoint_auth_methods_supported": list(DIGITAL_AGENCY.auth_methods),
        "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256"],
        "code_challenge_methods_supported": ["S256"],
        "scopes_supported": list(DA_SCOPES),
        "acr_values_supported": list(DIGITAL_AGENCY.acr_values),
        "claims_supported": CLAIMS,
        "prompt_values_supported": ["none", "login", "consent"],
        "claims_parameter_supported": False,
        "request_parameter_supported": False,
        "request_uri_parameter_supported": False,
        "ui_locales_supported": ["ja", "en"],
        **LOGOUT_DISCOVERY,  # Keycloak's logout channels; unconfirmed for the government's
    }


def with_session_state(
    response: tuple[int, Any, list[tuple[str, str]]], secret: str, holder: str
) -> tuple[int, Any, list[tuple[str, str]]]:
    """A redirect to the RP with `session_state` added (Keycloak's session management value,
    which integrators' adapters expect beside `code` and `state`): an HMAC of the holder's
    session, so it names nobody."""
    status, body, headers = response
    if status != 302:
        return response
    value = hmac.new(secret.encode(), f"session:{holder}".encode(), hashlib.sha256).hexdigest()
    changed = []
    for name, header in headers:
        if name.lower() == "location":
            parts = urlsplit(header)
            query = f"{parts.query}&" if parts.query else ""
            header = urlunsplit(parts._replace(query=query + urlencode({"session_state": value})))  # noqa: PLW2901
        changed.append((name, header))
    return status, body, changed


def transaction_digest(body: dict[str, Any]) -> bytes:
    """The SHA-256 digest a sign transaction's body names, either as the digest itself or
    wrapped in a DigestInfo (whose algorithm must be SHA-256: the card signs that DigestInfo);
    raises BadTransaction."""
    given = [name for name in (DIGEST, DIGEST_INFO) if body.get(name) is not None]
    if len(given) != 1:
        raise BadTransaction(f"send exactly one of `{DIGEST}` and `{DIGEST_INFO}` (base64)")
    name = given[0]
    value = body[name]
    try:
        if not isinstance(value, str):
            raise binascii.Error
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise BadTransaction(f"`{name}` must be base64") from None
    if name == DIGEST:
        if len(raw) != SHA256_LENGTH:
            raise BadTransaction("`digest` must be a SHA-256 digest (32 bytes)")
        return raw
    try:
        info = algos.DigestInfo.load(raw, strict=True)
        algorithm = info["digest_algorithm"]["algorithm"].native
        digest = bytes(info["digest"].native)
    except (ValueError, TypeError, KeyError):
        raise BadTransaction("`digest_info` is not a DER DigestInfo") from None
    if algorithm != "sha256" or len(digest) != SHA256_LENGTH:
        raise BadTransaction("`digest_info` must wrap a SHA-256 digest")
    return digest


def transaction_created(row: SignRequestRow) -> dict[str, Any]:
    return {"id": row.id, "status": row.state, "expires_at": row.expires_at.isoformat()}


def transaction_result(row: SignRequestRow) -> dict[str, Any]:
    """A signed transaction as its RP fetches it: the raw signature and the signing
    certificate, both base64 (the government's returns them encrypted as JWE: not modelled)."""
    certificate = base64.b64encode(row.certificate).decode() if row.certificate else None
    return {
        "id": row.id,
        "status": row.state,
        "signature": base64.b64encode(row.signature).decode() if row.signature else None,
        "certificate": certificate,
    }


__all__ = [
    "DIGEST",
    "DIGEST_INFO",
    "SIGN_TRANSACTION",
    "BadTransaction",
    "digital_agency_discovery",
    "transaction_created",
    "transaction_digest",
    "transaction_result",
    "with_session_state",
]
