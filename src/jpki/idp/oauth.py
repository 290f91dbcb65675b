"""The OAuth 2.0 / OpenID Connect machinery, on Authlib's framework-neutral server.

Authorization code flow only (the flow for confidential web RPs), PKCE with S256 required of
every client, client authentication by `client_secret_basic` or `private_key_jwt`, ID tokens
signed ES256 (RS256 on request), rotating refresh tokens, and a code presented twice revokes
what it bought (RFC 6749 4.1.2). Codes and tokens are stored as SHA-256 hashes. The "user"
Authlib passes around is a `Holder`: who logged in, at which level, the released claims, and
the `sub` of the RP at hand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
import secrets
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from authlib.oauth2.rfc6749 import (
    AuthorizationCodeMixin,
    AuthorizationServer,
    InvalidRequestError,
    OAuth2Error,
    OAuth2Payload,
    OAuth2Request,
    ResourceProtector,
    TokenMixin,
    grants,
)
from authlib.oauth2.rfc6750 import BearerTokenGenerator, BearerTokenValidator
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core.grants import OpenIDCode
from authlib.oidc.rpinitiated import EndSessionEndpoint
from joserfc.jwk import KeySet
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from jpki.clock import Clock
from jpki.idp.clients import Client, ClientRegistry
from jpki.idp.disclosures import IdpDisclosures
from jpki.idp.keys import KeyRing
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import Database
from jpki.idp.store.models import (
    NO_CLAIMS,
    AssertionRow,
    AuthorizationCodeRow,
    TokenRow,
    revoked,
)
from jpki.idp.subjects import subject_of
from jpki.profile.medium import Medium
from jpki.protocol.levels import Level


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class Holder:
    """A card holder as one RP sees them."""

    id: str
    """The IdP's key for the holder: the platform's stable user ID of the IdP tenant."""
    sub: str
    acr: str
    auth_time: int
    claims: dict[str, Any]
    """Claims released with consent (the 4 information parts)."""
    medium: str | None = None
    """`card` or `phone` (スマホ用電子証明書): whose key answered; None after SSO or unknown."""
    sid: str | None = None
    """The IdP session the holder is logged in with (`jpki.idp.sessions`): the ID token's
    `sid`, which logout tokens and front-channel logouts name."""

    def get_user_id(self) -> str:
        return self.sub

    @classmethod
    def stored(
        cls,
        settings: IdpSettings,
        client: Client | None,
        holder: str,
        acr: str,
        auth_time: int,
        claims_json: str,
        medium: str | None = None,
        sid: str | None = None,
    ) -> Holder:
        """A holder as a login, code or token row keeps them, for `client` (none: the IdP's
        own account page, which has no `sub`)."""
        sub = subject_of(settings, client, holder) if client is not None else ""
        return cls(holder, sub, acr, auth_time, json.loads(claims_json), medium, sid)


@dataclasses.dataclass(frozen=True)
class HttpRequest:
    """A request as the web layer read it (so Authlib needs no framework integration)."""

    method: str
    url: str
    headers: Mapping[str, str]
    query: list[tuple[str, str]]
    form: list[tuple[str, str]] = dataclasses.field(default_factory=list)


class _Payload(OAuth2Payload):  # type: ignore[misc]
    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        self._datalist: defaultdict[str, list[str]] = defaultdict(list)
        for key, value in pairs:
            self._datalist[key].append(value)
        self._data = {key: values[0] for key, values in self._datalist.items()}

    @property
    def data(self) -> dict[str, str]:
        return self._data

    @property
    def datalist(self) -> defaultdict[str, list[str]]:
        return self._datalist


ECHOED = ("redirect_uri", "response_type", "post_logout_redirect_uri")
"""Parameters Authlib copies into an `error_description`, whose characters RFC 6749 §5.2
restricts (Authlib raises ValueError, a 500, on CR/LF, quotes, non-ASCII, ...)."""

_URI_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
"""The characters of an RFC 3986 URI; none is a control character, a space or a quote."""


class Request(OAuth2Request):  # type: ignore[misc]
    """A request for Authlib, refused (OAuth2Error, answered 400) at construction when

    - it came over plain HTTP to a host other than loopback (`InsecureTransportError`:
      Authlib allows `http://` for localhost and loopback addresses only, so `jpki idp serve`
      on 127.0.0.1 works without TLS; we never set AUTHLIB_INSECURE_TRANSPORT, which would
      lift the check for every host in the process);
    - a parameter in `ECHOED` holds anything but URI characters (an injected CR/LF, ...).
    """

    def __init__(self, http: HttpRequest) -> None:
        super().__init__(http.method, http.url, headers=http.headers)
        for key, value in http.query + http.form:
            if key in ECHOED and not _URI_CHARACTERS.fullmatch(value):
                raise InvalidRequestError(f"'{key}' must be a URI (RFC 3986 characters only)")
        self.http = http
        self.payload = _Payload(http.query + http.form)
        self._form = dict(http.form)

    @property
    def args(self) -> dict[str, str]:
        return dict(self.http.query)

    @property
    def form(self) -> dict[str, str]:
        return self._form


@dataclasses.dataclass(frozen=True)
class IssuedCode(AuthorizationCodeMixin):  # type: ignore[misc]
    code_hash: str
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    holder: Holder
    acr_claim: str
    """The `acr` the ID token states (the profile's name for the level reached)."""

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.holder.auth_time

    def get_acr(self) -> str:
        return self.acr_claim

    def get_amr(self) -> list[str] | None:
        medium = self.holder.medium
        return Level.of_urn(self.holder.acr).amr_of(Medium(medium) if medium else None)


@dataclasses.dataclass(frozen=True)
class IssuedToken(TokenMixin):  # type: ignore[misc]
    id: int
    client: Client
    scope: str
    holder: Holder
    expires_at: dt.datetime
    refresh_expires_at: dt.datetime | None
    revoked: bool
    now: dt.datetime

    def check_client(self, client: Client) -> bool:
        return client.client_id == self.client.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return int((self.expires_at - self.now).total_seconds())

    def is_expired(self) -> bool:
        return self.now >= self.expires_at

    def is_refresh_expired(self) -> bool:
        return self.refresh_expires_at is None or self.now >= self.refresh_expires_at

    def is_revoked(self) -> bool:
        return self.revoked

    def get_client(self) -> Client:
        return self.client

    def get_user(self) -> Holder:
        return self.holder


class S256Required(CodeChallenge):  # type: ignore[misc]
    """PKCE (RFC 7636) for every client, S256 only: `plain` protects nothing."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        if not data.get("code_challenge"):
            raise InvalidRequestError("PKCE is required: send code_challenge (S256)")
        if data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("code_challenge_method must be S256")
        super().validate_code_challenge(grant, redirect_uri)

    def validate_code_verifier(self, grant: Any, result: Any) -> None:
        """A missing or wrong verifier also spends the code (RFC 9700 §2.1.1, OAuth 2.1
        §4.1.3): whoever sent it may hold a stolen code and is guessing the verifier."""
        try:
            super().validate_code_verifier(grant, result)
        except OAuth2Error:
            grant.delete_authorization_code(grant.request.authorization_code)
            raise

    def get_authorization_code_challenge(self, authorization_code: IssuedCode) -> str | None:
        return authorization_code.code_challenge

    def get_authorization_code_challenge_method(self, authorization_code: IssuedCode) -> str | None:
        return authorization_code.code_challenge_method


class Server(AuthorizationServer):  # type: ignore[misc]
    """Authlib's authorization server on the IdP's database and clock."""

    def __init__(
        self,
        settings: IdpSettings,
        database: Database,
        clock: Clock,
        clients: ClientRegistry,
        keys: KeyRing,
        disclosures: IdpDisclosures,
    ) -> None:
        super().__init__(scopes_supported=None)
        self.settings, self.database, self.clock = settings, database, clock
        self.clients, self.keys, self.disclosures = clients, keys, disclosures
        self.register_token_generator(
            "default",
            BearerTokenGenerator(
                access_token_generator=lambda *_a, **_k: _random(),
                refresh_token_generator=lambda *_a, **_k: _random(),
                expires_generator=lambda *_a: int(settings.access_token_lifetime.total_seconds()),
            ),
        )
        self.register_client_auth_method("private_key_jwt", PrivateKeyJwt(self))
        profile = settings.the_profile
        methods = {"TOKEN_ENDPOINT_AUTH_METHODS": list(profile.auth_methods)}
        self.register_grant(
            type("ProfileCodeGrant", (CodeGrant,), methods),
            [S256Required(required=True), IdToken(self, require_nonce=profile.require_nonce)],
        )
        self.register_grant(type("ProfileRefreshGrant", (RefreshGrant,), methods))
        if profile.client_credentials:
            self.register_grant(ClientGrant)
        self.register_endpoint(Logout(self))
        self.resources = ResourceProtector()
        self.resources.register_token_validator(TokenValidator(self))

    @property
    def issuer(self) -> str:
        return self.settings.issuer

    def query_client(self, client_id: str) -> Client | None:
        return self.clients.get(client_id)

    def create_oauth2_request(self, request: HttpRequest | Request) -> Request:
        return request if isinstance(request, Request) else Request(request)

    def create_json_request(self, request: HttpRequest) -> Request:
        return Request(request)

    def create_token_response(self, request: HttpRequest | Request) -> Any:
        """Authlib's token response, with a request refused at construction (plain HTTP off
        loopback, a malformed parameter) answered as its OAuth error, not raised."""
        try:
            checked = self.create_oauth2_request(request)
        except OAuth2Error as error:
            return self.handle_response(*error())
        return super().create_token_response(checked)

    def handle_response(
        self, status: int, body: Any, headers: list[tuple[str, str]]
    ) -> tuple[int, Any, list[tuple[str, str]]]:
        return status, body, headers

    def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Authlib's signals: nothing listens."""

    def save_token(self, token: dict[str, Any], request: Request) -> None:
        holder: Holder = request.user or NO_HOLDER
        if holder is NO_HOLDER:  # client credentials: the signing API, never a holder's scopes
            token["scope"] = "sign" if "sign" in token.get("scope", "").split() else ""
        now = self.clock.now()
        code = request.authorization_code
        with self.database.transaction() as session:
            session.add(
                TokenRow(
                    access_hash=digest(token["access_token"]),
                    refresh_hash=digest(token["refresh_token"])
                    if token.get("refresh_token")
                    else None,
                    code_hash=code.code_hash if isinstance(code, IssuedCode) else None,
                    client_id=request.client.client_id,
                    scope=token.get("scope", ""),
                    holder=holder.id,
                    acr=holder.acr,
                    auth_time=holder.auth_time,
                    claims_json=json.dumps(holder.claims, ensure_ascii=False),
                    medium=holder.medium,
                    sid=holder.sid,
                    issued_at=now,
                    expires_at=now + dt.timedelta(seconds=int(token["expires_in"])),
                    refresh_expires_at=(
                        now + self.settings.refresh_token_lifetime
                        if token.get("refresh_token")
                        else None
                    ),
                )
            )

    def token_of(
        self, *, access: str | None = None, refresh: str | None = None
    ) -> IssuedToken | None:
        column = TokenRow.access_hash if access is not None else TokenRow.refresh_hash
        value = access if access is not None else refresh
        if not value:
            return None
        with self.database.transaction() as session:
            row = session.scalar(select(TokenRow).where(column == digest(value)))
        if row is None:
            return None
        client = self.clients.get(row.client_id)
        if client is None:
            return None
        holder = Holder.stored(
            self.settings,
            client,
            row.holder,
            row.acr,
            row.auth_time,
            row.claims_json,
            row.medium,
            row.sid,
        )
        return IssuedToken(
            row.id,
            client,
            row.scope,
            holder,
            row.expires_at,
            row.refresh_expires_at,
            row.revoked_at is not None,
            self.clock.now(),
        )

    def revoke_token(self, token_id: int) -> None:
        with self.database.transaction() as session:
            session.execute(
                update(TokenRow).where(TokenRow.id == token_id).values(**revoked(self.clock.now()))
            )

    def forget_holder(self, holder: str, client_id: str) -> None:
        """Consent withdrawn: every token the holder gave the RP ends (access and refresh) and
        every code and token row drops the claims released to it."""
        now = self.clock.now()
        with self.database.transaction() as session:
            session.execute(
                update(TokenRow)
                .where(TokenRow.holder == holder, TokenRow.client_id == client_id)
                .values(revoked_at=func.coalesce(TokenRow.revoked_at, now), claims_json=NO_CLAIMS)
            )
            session.execute(
                update(AuthorizationCodeRow)
                .where(
                    AuthorizationCodeRow.holder == holder,
                    AuthorizationCodeRow.client_id == client_id,
                )
                .values(
                    used_at=func.coalesce(AuthorizationCodeRow.used_at, now),
                    claims_json=NO_CLAIMS,
                )
            )

    def bearer(self, http: HttpRequest, scope: str) -> IssuedToken:
        """The valid access token of a request that needs `scope`; raises Authlib's errors."""
        return self.resources.validate_request([scope], Request(http))  # type: ignore[no-any-return]


def _random() -> str:
    return secrets.token_urlsafe(32)


class CodeGrant(grants.AuthorizationCodeGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "private_key_jwt"]

    @property
    def idp(self) -> Server:
        return self.server  # type: ignore[no-any-return]

    def save_authorization_code(self, code: str, request: Request) -> None:
        holder: Holder = request.user
        data = request.payload.data
        with self.idp.database.transaction() as session:
            session.add(
                AuthorizationCodeRow(
                    code_hash=digest(code),
                    client_id=request.client.client_id,
                    redirect_uri=data.get("redirect_uri", ""),
                    scope=request.scope or "",
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                    holder=holder.id,
                    acr=holder.acr,
                    auth_time=holder.auth_time,
                    claims_json=json.dumps(holder.claims, ensure_ascii=False),
                    medium=holder.medium,
                    sid=holder.sid,
                    expires_at=self.idp.clock.now() + self.idp.settings.code_lifetime,
                )
            )
            self.idp.disclosures.login(
                session, holder.id, request.client, request.scope or "", holder.claims
            )

    def query_authorization_code(self, code: str, client: Client) -> IssuedCode | None:
        """A live, unused code of this client. A used one is refused, and the tokens it bought
        are revoked: someone else holds the code."""
        code_hash = digest(code)
        with self.idp.database.transaction() as session:
            row = session.get(AuthorizationCodeRow, code_hash)
            if row is None or row.client_id != client.client_id:
                return None
            if row.used_at is not None:
                session.execute(
                    update(TokenRow)
                    .where(TokenRow.code_hash == code_hash, TokenRow.revoked_at.is_(None))
                    .values(**revoked(self.idp.clock.now()))
                )
                return None
            if self.idp.clock.now() >= row.expires_at:
                return None
            holder = Holder.stored(
                self.idp.settings,
                client,
                row.holder,
                row.acr,
                row.auth_time,
                row.claims_json,
                row.medium,
                row.sid,
            )
            profile = self.idp.settings.the_profile
            return IssuedCode(
                code_hash,
                row.client_id,
                row.redirect_uri,
                row.scope,
                row.nonce,
                row.code_challenge,
                row.code_challenge_method,
                holder,
                profile.acr_claim.get(Level.of_urn(row.acr), row.acr),
            )

    def delete_authorization_code(self, authorization_code: IssuedCode) -> None:
        with self.idp.database.transaction() as session:
            session.execute(
                update(AuthorizationCodeRow)
                .where(AuthorizationCodeRow.code_hash == authorization_code.code_hash)
                .values(used_at=self.idp.clock.now(), claims_json=NO_CLAIMS)
            )

    def authenticate_user(self, authorization_code: IssuedCode) -> Holder:
        return authorization_code.holder


class RefreshGrant(grants.RefreshTokenGrant):  # type: ignore[misc]
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "private_key_jwt"]
    INCLUDE_NEW_REFRESH_TOKEN = True

    @property
    def idp(self) -> Server:
        return self.server  # type: ignore[no-any-return]

    def authenticate_refresh_token(self, refresh_token: str) -> IssuedToken | None:
        token = self.idp.token_of(refresh=refresh_token)
        if token is None or token.revoked or token.is_refresh_expired():
            return None
        return token

    def authenticate_user(self, refresh_token: IssuedToken) -> Holder:
        return refresh_token.holder

    def revoke_old_credential(self, refresh_token: IssuedToken) -> None:
        self.idp.revoke_token(refresh_token.id)


class ClientGrant(grants.ClientCredentialsGrant):  # type: ignore[misc]
    """Client credentials (RFC 6749 4.4), for the Digital Agency profile's signing API: the RP
    creates sign transactions with a token that names no holder. `private_key_jwt` only."""

    TOKEN_ENDPOINT_AUTH_METHODS = ["private_key_jwt"]


NO_HOLDER = Holder("", "", "", 0, {})
"""The "holder" of a client-credentials token: nobody (`holder` is empty in its row)."""


class IdToken(OpenIDCode):  # type: ignore[misc]
    """ID tokens: the holder's pairwise `sub`, the level reached, the released claims."""

    def __init__(self, server: Server, *, require_nonce: bool) -> None:
        super().__init__(require_nonce=require_nonce)
        self.idp = server

    def exists_nonce(self, nonce: str, request: Request) -> bool:
        with self.idp.database.transaction() as session:
            return (
                session.scalar(
                    select(AuthorizationCodeRow.code_hash).where(
                        AuthorizationCodeRow.client_id == request.payload.client_id,
                        AuthorizationCodeRow.nonce == nonce,
                    )
                )
                is not None
            )

    def resolve_client_private_key(self, client: Client) -> Any:
        return self.idp.keys.signing_key(client.id_token_signed_response_alg)

    def get_encode_header(self, client: Client) -> dict[str, str]:
        alg = client.id_token_signed_response_alg
        return {"alg": alg, "kid": str(self.idp.keys.signing_key(alg).kid)}

    def get_client_claims(self, client: Client) -> dict[str, Any]:
        now = int(self.idp.clock.now().timestamp())
        return {
            "iss": self.idp.issuer,
            "aud": client.client_id,
            "iat": now,
            "exp": now + int(self.idp.settings.id_token_lifetime.total_seconds()),
        }

    def get_authorization_code_claims(self, authorization_code: IssuedCode) -> dict[str, Any]:
        """Authlib's code claims (`nonce`, `auth_time`, `acr`, `amr`) and the session's `sid`
        (Front-Channel Logout 1.0 §3, Back-Channel Logout 1.0 §2.1)."""
        claims: dict[str, Any] = super().get_authorization_code_claims(authorization_code)
        if authorization_code.holder.sid:
            claims["sid"] = authorization_code.holder.sid
        return claims

    def generate_user_info(self, user: Holder, scope: str) -> dict[str, Any]:
        return {"sub": user.sub, **user.claims}


class PrivateKeyJwt(JWTBearerClientAssertion):  # type: ignore[misc]
    """`private_key_jwt` (OIDC Core 9): a JWT for the IdP, signed with the RP's registered key,
    each `jti` accepted once."""

    CLIENT_AUTH_METHOD = "private_key_jwt"

    def __init__(self, server: Server) -> None:
        super().__init__(validate_jti=True)
        self.idp = server

    def get_audiences(self) -> list[str]:
        """The issuer and the token endpoint's URL (what the Digital Agency's RPs send)."""
        return list(
            dict.fromkeys(
                [self.idp.issuer, f"{self.idp.issuer}/token", self.idp.settings.endpoint["token"]]
            )
        )

    def validate_jti(self, claims: Mapping[str, Any], jti: str) -> bool:
        expires = dt.datetime.fromtimestamp(int(claims["exp"]), dt.UTC)
        try:
            with self.idp.database.transaction() as session:
                session.add(
                    AssertionRow(jti=str(jti)[:200], client_id=claims["sub"], expires_at=expires)
                )
        except IntegrityError:
            return False
        return True

    def resolve_client_public_key(self, client: Client) -> KeySet:
        return KeySet.import_key_set(client.client_metadata["jwks"])


class Logout(EndSessionEndpoint):  # type: ignore[misc]
    """RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0): Authlib checks the
    `id_token_hint`'s signature against our keys (expired hints are accepted, §2), that a
    `client_id` is its audience, and adds `state` to the redirect; on top of that the hint
    must name this issuer, and a `post_logout_redirect_uri` must be one the RP registered
    (Authlib would quietly not redirect; we refuse, §3-4, so the RP's mistake shows). The web
    layer ends the session (`Idp.end_session`)."""

    def __init__(self, server: Server) -> None:
        super().__init__(server)
        self.idp = server

    def get_server_jwks(self) -> dict[str, object]:
        return self.idp.keys.public_jwks()

    def validate_request(self, request: Request) -> Any:
        validated = super().validate_request(request)
        claims = validated.id_token_claims
        if claims is not None and claims.get("iss") != self.idp.issuer:
            raise InvalidRequestError("id_token_hint was not issued by this IdP")
        asked = request.payload.data.get("post_logout_redirect_uri")
        if asked and validated.redirect_uri is None:
            if validated.client is None:
                raise InvalidRequestError(
                    "post_logout_redirect_uri needs id_token_hint or client_id"
                )
            raise InvalidRequestError("post_logout_redirect_uri is not registered")
        return validated

    def is_post_logout_redirect_uri_legitimate(
        self, request: Request, post_logout_redirect_uri: str, client: Client, hint: Any
    ) -> bool:
        """A registered URI without `id_token_hint`: legitimate, since the web layer has the
        holder confirm such a logout before anything happens (§3, §6)."""
        return True

    def end_session(self, end_session_request: Any) -> None:
        """The web layer ends the session (it holds the browser's cookie)."""


class TokenValidator(BearerTokenValidator):  # type: ignore[misc]
    def __init__(self, server: Server) -> None:
        super().__init__()
        self.idp = server

    def authenticate_token(self, token_string: str) -> IssuedToken | None:
        return self.idp.token_of(access=token_string)


__all__ = ["Holder", "HttpRequest", "IssuedToken", "Request", "Server", "digest"]
