"""Relying parties (RP) and how they authenticate to the token endpoint.

An RP is registered by the operator (`jpki idp client add`) or registers itself (RFC 7591
dynamic registration). It authenticates with `client_secret_basic` (the secret is stored as a
SHA-256 only) or `private_key_jwt` (a JWT signed with a key from the JWKS it registered).
Redirect URIs must be HTTPS, or HTTP on a loopback address (RFC 8252). Each RP's sector (whose
pairwise `sub` it gets) is established at registration (`sectors`) and stored beside it; the
name holders see is the operator's, marked verified (確認済み), or the RP's own claim, marked
unverified (未確認) with the host codes go to.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import secrets
from typing import Any
from urllib.parse import urlsplit

import httpx
from authlib.oauth2.rfc6749 import ClientMixin
from sqlalchemy import select, update

from jpki.clock import Clock
from jpki.idp.catalogue import SUPPORTED_SCOPES
from jpki.idp.sectors import SectorRefused, sector_of
from jpki.idp.store.database import Database
from jpki.idp.store.models import ClientRow, TokenRow, revoked
from jpki.profile.challenge import is_loopback
from jpki.profile.errors import JpkiError

AUTH_METHODS = ("client_secret_basic", "private_key_jwt")
ID_TOKEN_ALGORITHMS = ("ES256", "RS256")


class InvalidClientMetadata(JpkiError, ValueError):
    """Client metadata the IdP refuses; `code` is the RFC 7591 error to answer with."""

    def __init__(self, message: str, code: str = "invalid_client_metadata") -> None:
        super().__init__(message)
        self.code = code


class InvalidRedirectUri(InvalidClientMetadata):
    """A redirect URI the IdP refuses (RFC 7591 `invalid_redirect_uri`)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "invalid_redirect_uri")


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _acceptable_redirect(uri: str) -> bool:
    parts = urlsplit(uri)
    if parts.fragment or not parts.hostname:
        return False
    if parts.scheme == "https":
        return True
    return parts.scheme == "http" and is_loopback(parts.hostname)


def validate_metadata(metadata: dict[str, Any]) -> dict[str, Any]:
    """The metadata as stored, with defaults; raises InvalidClientMetadata."""
    uris = metadata.get("redirect_uris")
    if not isinstance(uris, list) or not uris or not all(isinstance(u, str) for u in uris):
        raise InvalidRedirectUri("redirect_uris must be a non-empty list of URIs")
    _logout_metadata(metadata)
    for uri in [*uris, *metadata.get("post_logout_redirect_uris", [])]:
        if not isinstance(uri, str) or not _acceptable_redirect(uri):
            raise InvalidRedirectUri(f"{uri!r}: HTTPS, or HTTP on loopback, without fragment")
    method = metadata.get("token_endpoint_auth_method", "client_secret_basic")
    if method not in AUTH_METHODS:
        raise InvalidClientMetadata(f"token_endpoint_auth_method must be one of {AUTH_METHODS}")
    if method == "private_key_jwt" and not isinstance(metadata.get("jwks"), dict):
        raise InvalidClientMetadata("private_key_jwt needs the client's public keys as `jwks`")
    alg = metadata.get("id_token_signed_response_alg", "ES256")
    if alg not in ID_TOKEN_ALGORITHMS:
        raise InvalidClientMetadata(
            f"id_token_signed_response_alg must be one of {ID_TOKEN_ALGORITHMS}"
        )
    scope = metadata.get("scope", " ".join(SUPPORTED_SCOPES))
    unknown = set(str(scope).split()) - set(SUPPORTED_SCOPES)
    if unknown:
        raise InvalidClientMetadata(f"unknown scopes: {sorted(unknown)}")
    name = metadata.get("client_name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        raise InvalidClientMetadata("client_name (the name holders see) is required")
    return {
        **metadata,
        "token_endpoint_auth_method": method,
        "id_token_signed_response_alg": alg,
        "scope": scope,
        "grant_types": ["authorization_code", "refresh_token"],
        "response_types": ["code"],
        "post_logout_redirect_uris": metadata.get("post_logout_redirect_uris", []),
    }


LOGOUT_URIS = ("backchannel_logout_uri", "frontchannel_logout_uri")
"""Where the RP is told that the holder's IdP session ended (Back-Channel Logout 1.0 §2.2,
Front-Channel Logout 1.0 §2): HTTPS, or HTTP on loopback; a query but no fragment."""
LOGOUT_FLAGS = ("backchannel_logout_session_required", "frontchannel_logout_session_required")


def _logout_metadata(metadata: dict[str, Any]) -> None:
    """Refuse logout metadata that is not what the two logout specifications define."""
    for name in LOGOUT_URIS:
        uri = metadata.get(name)
        if uri is not None and (not isinstance(uri, str) or not _acceptable_redirect(uri)):
            raise InvalidClientMetadata(f"{name}: HTTPS, or HTTP on loopback, without fragment")
    for name in LOGOUT_FLAGS:
        if name in metadata and not isinstance(metadata[name], bool):
            raise InvalidClientMetadata(f"{name} must be true or false")
    uris = metadata.get("post_logout_redirect_uris", [])
    if not isinstance(uris, list):
        raise InvalidRedirectUri("post_logout_redirect_uris must be a list of URIs")


@dataclasses.dataclass(frozen=True)
class Client(ClientMixin):  # type: ignore[misc]
    """A registered RP, as Authlib's grants and endpoints expect it."""

    client_id: str
    secret_hash: str | None
    client_metadata: dict[str, Any]
    sector: str
    """Whose pairwise subjects it gets (OIDC Core 8.1), established at registration."""
    registered_by: str
    """`operator` (its name checked by the operator) or `dynamic` (RFC 7591, self-asserted)."""

    @property
    def name(self) -> str:
        return str(self.client_metadata["client_name"])

    @property
    def verified(self) -> bool:
        """Whether the operator registered it, and so vouches for its name."""
        return self.registered_by == "operator"

    @property
    def redirect_host(self) -> str:
        """The host(s) its codes go to: what a holder can check of an unverified RP."""
        hosts = dict.fromkeys(urlsplit(uri).netloc for uri in self.client_metadata["redirect_uris"])
        return ", ".join(hosts)

    @property
    def label(self) -> str:
        """Its name as a plain text for holders (the wallet, a consent text): the operator's
        name, or the RP's claim marked unverified with the host its codes go to."""
        if self.verified:
            return f"{self.name} (確認済み / verified)"
        return f"{self.name} (未確認の名称 / unverified name: {self.redirect_host})"

    @property
    def id_token_signed_response_alg(self) -> str:
        return str(self.client_metadata["id_token_signed_response_alg"])

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        uris = self.client_metadata["redirect_uris"]
        return str(uris[0]) if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str) -> str:
        allowed = set(self.client_metadata["scope"].split())
        return " ".join(s for s in scope.split() if s in allowed)

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.client_metadata["redirect_uris"]

    def returns_to(self, uri: str) -> bool:
        """Whether `uri` is on the origin of one of the RP's registered redirect URIs: the
        only places a holder is sent back to after signing (no open redirect)."""
        origins = {_origin(registered) for registered in self.client_metadata["redirect_uris"]}
        return _origin(uri) in origins and uri.startswith(f"{_origin(uri)}/")

    def check_client_secret(self, client_secret: str) -> bool:
        return self.secret_hash is not None and hmac.compare_digest(
            self.secret_hash, _hash(client_secret)
        )

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == self.client_metadata["token_endpoint_auth_method"]

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        """The code flow and refresh for every RP; client credentials (offered by the Digital
        Agency profile only, for its signing API) for an RP that authenticates with its key."""
        if grant_type == "client_credentials":
            return self.client_metadata["token_endpoint_auth_method"] == "private_key_jwt"
        return grant_type in self.client_metadata["grant_types"]


class ClientRegistry:
    """The RPs in the IdP's database."""

    def __init__(self, database: Database, clock: Clock, http: httpx.Client | None = None) -> None:
        self.database, self.clock = database, clock
        self.http = http or httpx.Client()
        """Fetches sector identifier documents (bounded per request in `sectors`)."""

    def register(
        self, metadata: dict[str, Any], *, by: str = "operator", client_id: str | None = None
    ) -> tuple[Client, str | None]:
        """Store a new RP; returns it and its secret (None for private_key_jwt), shown once."""
        stored = validate_metadata(metadata)
        client_id = client_id or secrets.token_urlsafe(16)
        try:
            sector = sector_of(stored, client_id, self.http)
        except SectorRefused as error:
            raise InvalidClientMetadata(str(error)) from None
        secret = (
            secrets.token_urlsafe(32)
            if stored["token_endpoint_auth_method"] == "client_secret_basic"
            else None
        )
        with self.database.transaction() as session:
            if session.get(ClientRow, client_id) is not None:
                raise InvalidClientMetadata(f"client {client_id} already exists")
            session.add(
                ClientRow(
                    client_id=client_id,
                    secret_hash=_hash(secret) if secret else None,
                    metadata_json=json.dumps(stored, ensure_ascii=False),
                    sector=sector,
                    registered_by=by,
                    issued_at=self.clock.now(),
                )
            )
        hashed = _hash(secret) if secret else None
        return Client(client_id, hashed, stored, sector, by), secret

    def close(self) -> None:
        """Release the HTTP client's connections."""
        self.http.close()

    def get(self, client_id: str) -> Client | None:
        with self.database.transaction() as session:
            row = session.get(ClientRow, client_id)
            return _client(row) if row is not None else None

    def all(self) -> list[Client]:
        with self.database.transaction() as session:
            return [_client(row) for row in session.scalars(select(ClientRow))]

    def remove(self, client_id: str) -> bool:
        """Forget an RP and revoke every token it holds (dropping their claims); False if there
        was none."""
        with self.database.transaction() as session:
            row = session.get(ClientRow, client_id)
            if row is None:
                return False
            session.delete(row)
            session.execute(
                update(TokenRow)
                .where(TokenRow.client_id == client_id, TokenRow.revoked_at.is_(None))
                .values(**revoked(self.clock.now()))
            )
            return True


def _client(row: ClientRow) -> Client:
    return Client(
        row.client_id, row.secret_hash, json.loads(row.metadata_json), row.sector, row.registered_by
    )


def _origin(uri: str) -> str:
    parts = urlsplit(uri)
    return f"{parts.scheme}://{parts.netloc}".lower()


__all__ = [
    "AUTH_METHODS",
    "Client",
    "ClientRegistry",
    "InvalidClientMetadata",
    "InvalidRedirectUri",
    "validate_metadata",
]
