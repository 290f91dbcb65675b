"""What the IdP's JSON endpoints answer, for its OpenAPI document (`responses=` in `app.py`).

The routes build their answers themselves (Authlib's, the discovery's, the signing service's);
these models describe them, field by field, after the specifications they follow: OpenID
Connect Discovery 1.0, RFC 7517 (JWK), RFC 6749 (token and errors), OpenID Connect Core 1.0
§5.3 (UserInfo), RFC 7591 (dynamic registration). Objects defined as open by their
specification allow further members.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Discovery(BaseModel):
    """The OpenID Provider metadata (OpenID Connect Discovery 1.0 §3)."""

    issuer: str = Field(description="The issuer identifier: the `iss` of every ID token")
    authorization_endpoint: str = Field(description="Where RPs send the holder to log in")
    token_endpoint: str = Field(description="Where RPs exchange codes and refresh tokens")
    userinfo_endpoint: str = Field(description="Where an access token buys the claims")
    jwks_uri: str = Field(description="The IdP's public signing keys (JWK Set)")
    registration_endpoint: str | None = Field(
        default=None,
        description="Dynamic client registration (RFC 7591); absent in the Digital Agency "
        "profile, whose RPs the operator registers",
    )
    end_session_endpoint: str = Field(description="RP-initiated logout")
    scopes_supported: list[str] = Field(description="Scopes an RP may ask for")
    response_types_supported: list[str] = Field(description="Only `code`")
    response_modes_supported: list[str] = Field(description="Only `query`")
    grant_types_supported: list[str] = Field(description="authorization_code, refresh_token")
    subject_types_supported: list[str] = Field(description="`pairwise`: one `sub` per RP")
    id_token_signing_alg_values_supported: list[str] = Field(description="ES256, RS256")
    token_endpoint_auth_methods_supported: list[str] = Field(
        description="How RPs authenticate at the token endpoint"
    )
    token_endpoint_auth_signing_alg_values_supported: list[str] = Field(
        description="Algorithms for private_key_jwt client assertions"
    )
    code_challenge_methods_supported: list[str] = Field(description="PKCE: only S256")
    acr_values_supported: list[str] = Field(
        description="The assurance levels (認証レベル) as URNs, weakest first"
    )
    claims_supported: list[str] = Field(description="Claims the IdP can release")
    prompt_values_supported: list[str] = Field(description="Accepted `prompt` values")
    claims_parameter_supported: bool = Field(
        description="True: `claims` asks for `verified_claims` (ours); false in the Digital "
        "Agency profile"
    )
    verified_claims_supported: bool | None = Field(
        default=None, description="OpenID Connect for Identity Assurance 1.0 (ours)"
    )
    trust_frameworks_supported: list[str] | None = Field(
        default=None, description="`jp_jpki`: the JPKI signing certificate, 公的個人認証法"
    )
    evidence_supported: list[str] | None = Field(
        default=None, description="`electronic_signature`: the signing certificate's check"
    )
    claims_in_verified_claims_supported: list[str] | None = Field(
        default=None, description="The 4 information (基本4情報)"
    )
    request_parameter_supported: bool = Field(description="False: no request objects")
    request_uri_parameter_supported: bool = Field(description="False: no `request_uri`")
    ui_locales_supported: list[str] = Field(description="English and Japanese")
    service_documentation: str | None = Field(
        default=None, description="The IdP's human-readable home page"
    )
    frontchannel_logout_supported: bool = Field(
        description="Front-Channel Logout 1.0: RPs' `frontchannel_logout_uri` in frames"
    )
    frontchannel_logout_session_supported: bool = Field(
        description="`iss` and `sid` sent to the front-channel URI; `sid` in ID tokens"
    )
    backchannel_logout_supported: bool = Field(
        description="Back-Channel Logout 1.0: logout tokens posted to `backchannel_logout_uri`"
    )
    backchannel_logout_session_supported: bool = Field(
        description="Logout tokens carry `sid`; `sid` in ID tokens"
    )


class ConsentItem(BaseModel):
    """One RP the holder consented to (the holder's consent API)."""

    client_id: str = Field(description="The RP's client ID (what withdrawing names)")
    client_name: str = Field(description="The RP's name as the holder sees it")
    verified: bool = Field(description="True: the operator registered it and vouches for its name")
    scopes: list[str] = Field(description="The items consented to (scopes), sorted")
    claims: list[str] = Field(description="The claims those items release, e.g. `name`")
    granted_at: str = Field(description="When the consent was (last) given, ISO 8601 in JST")
    granted_at_jst: str = Field(description="The same time as people read it, `… JST`")


class ConsentList(BaseModel):
    """The holder's consents, oldest first."""

    consents: list[ConsentItem]


class ConsentWithdrawn(BaseModel):
    """A consent withdrawn: the RP's tokens are revoked and its sessions ended."""

    client_id: str
    withdrawn: bool


class JsonWebKey(BaseModel):
    """One public key (RFC 7517 §4; RFC 7518 §6 for the EC and RSA members)."""

    model_config = ConfigDict(extra="allow")

    kty: str = Field(description="Key type: EC or RSA")
    kid: str | None = Field(default=None, description="Key ID, as in ID tokens' `kid` header")
    use: str | None = Field(default=None, description="`sig`")
    alg: str | None = Field(default=None, description="ES256 or RS256")
    crv: str | None = Field(default=None, description="EC: the curve (P-256)")
    x: str | None = Field(default=None, description="EC: the x coordinate, base64url")
    y: str | None = Field(default=None, description="EC: the y coordinate, base64url")
    n: str | None = Field(default=None, description="RSA: the modulus, base64url")
    e: str | None = Field(default=None, description="RSA: the exponent, base64url")


class JsonWebKeySet(BaseModel):
    """The IdP's current public signing keys (RFC 7517 §5), for checking ID tokens."""

    keys: list[JsonWebKey] = Field(description="Current keys; a rotated-out key stays a while")


class TokenAnswer(BaseModel):
    """A successful token response (RFC 6749 §5.1, OpenID Connect Core 1.0 §3.1.3.3)."""

    model_config = ConfigDict(extra="allow")

    access_token: str = Field(description="For /userinfo and the signing API")
    token_type: str = Field(description="`Bearer`")
    expires_in: int = Field(description="Seconds the access token lives")
    refresh_token: str | None = Field(
        default=None, description="For a new access token later; rotated on each use"
    )
    id_token: str | None = Field(default=None, description="The signed ID token (JWT)")
    scope: str | None = Field(default=None, description="The scopes granted")


class OAuthErrorBody(BaseModel):
    """An OAuth 2.0 error response (RFC 6749 §5.2, RFC 6750 §3, RFC 7591 §3.2.2)."""

    model_config = ConfigDict(extra="allow")

    error: str = Field(description="The error code, e.g. invalid_grant, invalid_token")
    error_description: str | None = Field(default=None, description="Why, for the developer")


class PostalAddress(BaseModel):
    """The `address` claim (OpenID Connect Core 1.0 §5.1.1)."""

    formatted: str = Field(description="The address on the register (住所), in full")
    country: str = Field(description="`JP`")


class UserInfo(BaseModel):
    """The holder's claims (OpenID Connect Core 1.0 §5.3.2): `sub`, and the 4 information
    (基本4情報) the holder consented to, one claim per granted scope."""

    sub: str = Field(description="The holder's pairwise subject for this RP")
    name: str | None = Field(default=None, description="氏名 (scope `name`)")
    address: PostalAddress | None = Field(default=None, description="住所 (scope `address`)")
    birthdate: str | None = Field(
        default=None, description="生年月日, YYYY-MM-DD (scope `birthdate`)"
    )
    gender: str | None = Field(
        default=None, description="性別: male, female or not applicable (scope `gender`)"
    )


class ClientRegistered(BaseModel):
    """A registered RP (RFC 7591 §3.2.1): the metadata as stored, with the credentials."""

    model_config = ConfigDict(extra="allow")

    client_id: str = Field(description="The RP's client ID")
    client_id_issued_at: int = Field(description="Always 0 (not disclosed)")
    client_secret: str | None = Field(
        default=None, description="For client_secret_basic only; shown once"
    )
    client_secret_expires_at: int | None = Field(default=None, description="0: never expires")
    client_name: str = Field(description="The name holders see on the consent page")
    redirect_uris: list[str] = Field(description="Where codes may be sent")
    post_logout_redirect_uris: list[str] = Field(description="Where logout may return")
    token_endpoint_auth_method: str = Field(description="client_secret_basic or private_key_jwt")
    id_token_signed_response_alg: str = Field(description="ES256 or RS256")
    scope: str = Field(description="The scopes the RP may ask for, space-separated")
    grant_types: list[str] = Field(description="authorization_code, refresh_token")
    response_types: list[str] = Field(description="`code`")


class LoginStatus(BaseModel):
    """Where a card login stands, polled by the login page."""

    state: str = Field(description="pending, authenticated, failed or used")
    error: str | None = Field(description="Why it failed, if it did")


class SignRequestCreated(BaseModel):
    """A signing transaction an RP opened; the holder approves it with the wallet."""

    id: str = Field(description="The request's ID")
    status: str = Field(description="`pending`")
    approve_url: str = Field(description="The page to send the holder to")
    expires_at: str = Field(description="When it lapses unless signed (ISO 8601)")


class SignRequestResult(BaseModel):
    """A signing transaction as its RP sees it: once signed, the IdP's verdict (the platform
    verified the signature and its signer is `signer`); the signature and certificate
    themselves only if the holder consented to `sign_certificate`."""

    id: str = Field(description="The request's ID")
    status: str = Field(description="pending, signed or refused")
    document_name: str = Field(description="The name the holder saw")
    digest: str = Field(description="The document's SHA-256, hex")
    signer: str | None = Field(description="Once signed: the signer's pairwise `sub` for this RP")
    cms: str | None = Field(
        description="CMS SignedData over the digest, base64 (`sign_certificate` only)"
    )
    pdf: str | None = Field(description="The signed PDF (PAdES), base64 (`sign_certificate` only)")
    certificate: str | None = Field(
        description="The signer's certificate, PEM (`sign_certificate` only)"
    )
    receipt: str | None = Field(description="The platform's 受付処理番号 for the verification")


class TransactionCreated(BaseModel):
    """A Digital Agency profile sign transaction, created (`POST /api/sign-transactions`)."""

    id: str = Field(description="The transaction's ID (a UUID): `sign_transaction_id`")
    status: str = Field(description="pending")
    expires_at: str = Field(description="When it can no longer be approved (ISO 8601)")


class TransactionResult(BaseModel):
    """A sign transaction's result: the card's raw PKCS#1 v1.5 signature over the DigestInfo
    of the digest, and the signing certificate."""

    id: str
    status: str = Field(description="pending, signed or refused")
    signature: str | None = Field(description="The signature, base64")
    certificate: str | None = Field(description="The signing certificate, DER, base64")


class SignStatus(BaseModel):
    """Where a signing request stands, polled by its page."""

    state: str = Field(description="pending, signed or refused")


__all__ = [
    "ClientRegistered",
    "ConsentItem",
    "ConsentList",
    "ConsentWithdrawn",
    "Discovery",
    "JsonWebKey",
    "JsonWebKeySet",
    "LoginStatus",
    "OAuthErrorBody",
    "PostalAddress",
    "SignRequestCreated",
    "SignRequestResult",
    "SignStatus",
    "TokenAnswer",
    "TransactionCreated",
    "TransactionResult",
]
