"""SQLAlchemy models of the IdP. Codes and tokens are stored as SHA-256 hashes only."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from jpki.storage import UtcDateTime


class Base(DeclarativeBase):
    pass


NO_CLAIMS = "{}"
"""What a spent code or a revoked token keeps of the holder's released claims: nothing."""


def revoked(now: dt.datetime) -> dict[str, object]:
    """A token row's values once it can no longer be used: revoked, its claims dropped."""
    return {"revoked_at": now, "claims_json": NO_CLAIMS}


class ClientRow(Base):
    """A relying party (RP), registered by the operator or dynamically (RFC 7591)."""

    __tablename__ = "clients"
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    secret_hash: Mapped[str | None] = mapped_column(String(64))
    metadata_json: Mapped[str] = mapped_column(Text)
    sector: Mapped[str] = mapped_column(String(255))
    """Whose pairwise subjects it gets (`jpki.idp.sectors`); never from the RP's metadata."""
    registered_by: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SigningKeyRow(Base):
    """An ID-token signing key (JWK with the private part); retired keys are no longer published."""

    __tablename__ = "signing_keys"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    alg: Mapped[str] = mapped_column(String(8))
    private_jwk: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    retired_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class LoginRow(Base):
    """One card login in progress: an authorization request waiting for the holder's wallet."""

    __tablename__ = "logins"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str | None] = mapped_column(String(64))
    query: Mapped[str] = mapped_column(Text)
    """The authorization request as it arrived (re-validated when it completes)."""
    scopes: Mapped[str] = mapped_column(Text)
    acr_required: Mapped[str] = mapped_column(String(16))
    browser_hash: Mapped[str] = mapped_column(String(64))
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    provider: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(16))
    holder: Mapped[str | None] = mapped_column(String(64))
    acr: Mapped[str | None] = mapped_column(String(16))
    auth_time: Mapped[int | None] = mapped_column(Integer)
    claims_json: Mapped[str | None] = mapped_column(Text)
    medium: Mapped[str | None] = mapped_column(String(8))
    """`card` or `phone`: which medium's key answered the login (for `amr`)."""
    receipt: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


class AuthorizationCodeRow(Base):
    __tablename__ = "authorization_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    redirect_uri: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text)
    nonce: Mapped[str | None] = mapped_column(Text)
    code_challenge: Mapped[str | None] = mapped_column(String(128))
    code_challenge_method: Mapped[str | None] = mapped_column(String(8))
    holder: Mapped[str] = mapped_column(String(64))
    acr: Mapped[str] = mapped_column(String(16))
    auth_time: Mapped[int] = mapped_column(Integer)
    claims_json: Mapped[str] = mapped_column(Text)
    medium: Mapped[str | None] = mapped_column(String(8))
    """`card` or `phone`: which medium's key answered the login (for `amr`)."""
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    sid: Mapped[str | None] = mapped_column(String(64))
    """The IdP session the code was issued in (the ID token's `sid`; migration 0010)."""


class TokenRow(Base):
    __tablename__ = "tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    access_hash: Mapped[str] = mapped_column(String(64), unique=True)
    code_hash: Mapped[str | None] = mapped_column(String(64), index=True)
    """The authorization code it was issued for: revoked if that code is presented again."""
    refresh_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(64))
    scope: Mapped[str] = mapped_column(Text)
    holder: Mapped[str] = mapped_column(String(64))
    acr: Mapped[str] = mapped_column(String(16))
    auth_time: Mapped[int] = mapped_column(Integer)
    claims_json: Mapped[str] = mapped_column(Text)
    medium: Mapped[str | None] = mapped_column(String(8))
    """`card` or `phone`: which medium's key answered the login (for `amr`)."""
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    refresh_expires_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    sid: Mapped[str | None] = mapped_column(String(64), index=True)
    """The IdP session its code was issued in: ended with it unless `offline_access`."""


class ConsentRow(Base):
    """What a holder agreed to give an RP; revocable on the holder's account page."""

    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("holder", "client_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    holder: Mapped[str] = mapped_column(String(64))
    client_id: Mapped[str] = mapped_column(String(64))
    scopes: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SignRequestRow(Base):
    """A signing transaction: an RP's document (or its hash) waiting for the holder's card."""

    __tablename__ = "sign_requests"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64))
    holder: Mapped[str] = mapped_column(String(64))
    document_name: Mapped[str] = mapped_column(String(200))
    digest: Mapped[bytes] = mapped_column(LargeBinary)
    pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate_released: Mapped[bool] = mapped_column(Boolean)
    """The RP's token carried `sign_certificate`: the signature and certificate go to it (and
    are kept for it); otherwise neither is kept, only the verdict and the receipt."""
    state: Mapped[str] = mapped_column(String(16))
    cms: Mapped[bytes | None] = mapped_column(LargeBinary)
    certificate: Mapped[bytes | None] = mapped_column(LargeBinary)
    signed_pdf: Mapped[bytes | None] = mapped_column(LargeBinary)
    receipt: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    return_to: Mapped[str | None] = mapped_column(String(500))
    """Where the sign page sends the holder back at the RP once done (its registered origin)."""
    form: Mapped[str] = mapped_column(String(16), default="cms", server_default="cms")
    """What the card makes: `cms` (a detached CMS, ours) or `pkcs1` (the raw signature over
    the digest's DigestInfo: the Digital Agency profile's sign transactions, migration 0007)."""
    signature: Mapped[bytes | None] = mapped_column(LargeBinary)
    """The raw signature of a `pkcs1` transaction."""


class PasskeyRow(Base):
    """A WebAuthn passkey a holder enrolled after a card login (issue 23, migration 0008)."""

    __tablename__ = "passkeys"
    credential_id: Mapped[str] = mapped_column(String(512), primary_key=True)
    """The credential ID, base64url (unique: one credential belongs to one holder)."""
    holder: Mapped[str] = mapped_column(String(64), index=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    """COSE public key."""
    sign_count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    suspended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    """Set when the card's authentication certificate was found revoked; cleared by a new
    card login of the holder."""


class CardProofRow(Base):
    """The holder's last card login: the authentication certificate a passkey stands on (its
    revocation suspends the holder's passkeys)."""

    __tablename__ = "passkey_card_proofs"
    holder: Mapped[str] = mapped_column(String(64), primary_key=True)
    certificate: Mapped[bytes] = mapped_column(LargeBinary)
    proved_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class WebAuthnChallengeRow(Base):
    """A WebAuthn challenge, used once: `holder` for an enrolment, `login` for a login."""

    __tablename__ = "webauthn_challenges"
    challenge_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(64))
    """The holder (enrolment) or the login ID (login) the challenge was issued for."""
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


class AssertionRow(Base):
    """Client assertion IDs (private_key_jwt `jti`) seen, so none is accepted twice."""

    __tablename__ = "client_assertions"
    jti: Mapped[str] = mapped_column(String(200), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class SessionRow(Base):
    """A holder's single sign-on session at the IdP (its `sid`), named by the sealed cookie;
    ended by a logout, which every RP that took part in it is told of (migration 0010)."""

    __tablename__ = "idp_sessions"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class SessionClientRow(Base):
    """An RP that received a code in a session: told when the session ends."""

    __tablename__ = "idp_session_clients"
    sid: Mapped[str] = mapped_column(String(64), primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    joined_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LogoutDeliveryRow(Base):
    """A back-channel logout token waiting to be posted to an RP (an outbox: retried with
    growing delays until the RP answers 200 or the tries run out)."""

    __tablename__ = "logout_deliveries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    client_id: Mapped[str] = mapped_column(String(64))
    uri: Mapped[str] = mapped_column(Text)
    holder: Mapped[str] = mapped_column(String(64))
    sid: Mapped[str] = mapped_column(String(64))
    """The session that ended; each try signs a fresh logout token (its own `jti`, `iat`)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
    """When to try next (also a lease while one worker sends); None once done or given up."""
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_error: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = [
    "NO_CLAIMS",
    "AssertionRow",
    "AuthorizationCodeRow",
    "Base",
    "ClientRow",
    "ConsentRow",
    "LoginRow",
    "LogoutDeliveryRow",
    "SessionClientRow",
    "SessionRow",
    "SignRequestRow",
    "SigningKeyRow",
    "TokenRow",
    "revoked",
]


class DisclosureRow(Base):
    """What the IdP gave a relying party about a holder (開示記録): a login with its claims,
    a signing certificate with a signature. Kept by the IdP's own key for the holder. (Named
    apart from the platform's `disclosures`: the IdP may share the platform's database.)"""

    __tablename__ = "idp_disclosures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    holder: Mapped[str] = mapped_column(String(64), index=True)
    client_id: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    items: Mapped[str] = mapped_column(String(200))
    """The items, space-separated."""
    purpose: Mapped[str] = mapped_column(String(200))
    consent: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
