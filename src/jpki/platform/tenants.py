"""Tenants: the service providers (SPs) on the platform, and their API keys.

Each SP chooses a model of seed 004: 委託 (`itaku`, the SP is the verifier itself and may see
certificate serials) or 代行 (`daiko`, the platform verifies on the SP's behalf and the SP only
ever sees its own user IDs). Keys are random, shown once, stored as SHA-256, and rotated by
issuing a new one (the old one keeps working until it is revoked, so an SP can roll its
deployment without downtime).
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import re
import secrets
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from sqlalchemy import select, update

from jpki.clock import Clock
from jpki.platform.errors import InvalidRequest, NotAuthorized, NotFound
from jpki.platform.store.database import Database
from jpki.platform.store.models import ApiKeyRow, TenantRow
from jpki.profile.challenge import normalise_origin
from jpki.profile.errors import ProfileError

KEY_CACHE_SECONDS = 5.0
"""How long a worker trusts its last lookup of an API key."""
TENANT_ID = re.compile(r"[a-z0-9][a-z0-9-]{2,39}")


class Model(enum.StrEnum):
    """How an SP uses the platform (seed 004)."""

    ITAKU = "itaku"
    """委託: the SP is the verifier; the platform works for it and shows it everything."""
    DAIKO = "daiko"
    """代行: the platform is the verifier; the SP sees only its own user IDs."""


class RevocationPolicy(enum.StrEnum):
    """Which revocation data a tenant's checks use (the verdict always says which answered)."""

    CRL_THEN_OCSP = "crl-then-ocsp"
    """The CRL index first (free, fast); OCSP when the CRLs do not answer. The default."""
    OCSP_THEN_CRL = "ocsp-then-crl"
    """OCSP first, for the freshest answer (and the seeds' extensions); the CRLs as fallback."""
    CRL_ONLY = "crl-only"
    OCSP_ONLY = "ocsp-only"


class Identifiers(enum.StrEnum):
    """Which user ID (ID変換) a tenant receives for a holder: the tenant's one setting for it."""

    STABLE = "stable"
    """The tenant's pairwise ID, the same at every login and signature (the default)."""
    ANY_KNOWN = "any-known"
    """The pairwise ID for every holder the platform knows, linked to the tenant or not: for a
    tenant that logs holders in for others (the IdP, ID変換 for its relying parties), whose
    logins and the signatures it checks must name one holder before any registration. Its
    relying parties see only the IdP's own pairwise subjects, never this ID."""
    PER_USE = "per-use"
    """A fresh random reference per login, signature or registration, for services that
    answer an attribute only (the age service's yes/no): no ID joins two of a holder's uses,
    as the German eID's age verification gives no restricted ID."""


@dataclasses.dataclass(frozen=True)
class Tenant:
    id: str
    name: str
    model: Model
    origins: tuple[str, ...]
    revocation_policy: RevocationPolicy = RevocationPolicy.CRL_THEN_OCSP
    identifiers: Identifiers = Identifiers.STABLE

    @classmethod
    def of(cls, row: TenantRow) -> Tenant:
        return cls(
            row.id,
            row.name,
            Model(row.model),
            tuple(o for o in row.origins.split("\n") if o),
            RevocationPolicy(row.revocation_policy or RevocationPolicy.CRL_THEN_OCSP.value),
            Identifiers(row.identifiers or Identifiers.STABLE.value),
        )


def _origins_text(origins: list[str]) -> str:
    """Origins as stored: normalised, sorted, one per line."""
    try:
        return "\n".join(sorted({normalise_origin(o) for o in origins}))
    except ProfileError as exc:
        raise InvalidRequest(str(exc)) from exc


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class TenantDirectory:
    """Registers tenants, issues and checks their keys."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database, self.clock = database, clock
        self._cache: dict[str, tuple[Tenant, float]] = {}

    def register(
        self, tenant_id: str, name: str, model: Model, origins: list[str]
    ) -> tuple[Tenant, str]:
        """A new tenant and its first API key (returned once, never stored)."""
        if not TENANT_ID.fullmatch(tenant_id):
            raise InvalidRequest("a tenant id is 3-40 characters of a-z, 0-9 and -")
        text = _origins_text(origins)
        with self.database.transaction() as session:
            if session.get(TenantRow, tenant_id) is not None:
                raise InvalidRequest(f"tenant {tenant_id} exists")
            row = TenantRow(
                revocation_policy=RevocationPolicy.CRL_THEN_OCSP.value,
                identifiers=Identifiers.STABLE.value,
                id=tenant_id,
                name=name,
                model=model.value,
                origins=text,
                created_at=self.clock.now(),
            )
            session.add(row)
            session.flush()  # the tenant row first: its key refers to it
            key = self._new_key(session, tenant_id)
            return Tenant.of(row), key

    def _new_key(self, session, tenant_id: str) -> str:  # type: ignore[no-untyped-def]
        key = f"jpkp_{secrets.token_urlsafe(32)}"
        session.add(
            ApiKeyRow(tenant_id=tenant_id, key_hash=hash_key(key), created_at=self.clock.now())
        )
        return key

    def set_client_certificate(self, tenant_id: str, certificate_pem_or_der: bytes) -> str:
        """Let the tenant authenticate with this client certificate (mutual TLS); its SHA-256."""
        try:
            if b"-----BEGIN" in certificate_pem_or_der:
                certificate = x509.load_pem_x509_certificate(certificate_pem_or_der)
            else:
                certificate = x509.load_der_x509_certificate(certificate_pem_or_der)
        except ValueError as exc:
            raise InvalidRequest(f"not a certificate: {exc}") from exc
        fingerprint = certificate.fingerprint(hashes.SHA256()).hex()
        with self.database.transaction() as session:
            row = session.get(TenantRow, tenant_id)
            if row is None:
                raise NotFound(f"no tenant {tenant_id}")
            taken = session.scalar(
                select(TenantRow.id).where(TenantRow.client_cert_sha256 == fingerprint)
            )
            if taken not in (None, tenant_id):
                raise InvalidRequest("this certificate belongs to another tenant")
            row.client_cert_sha256 = fingerprint
        return fingerprint

    def authenticate_certificate(self, pem: str) -> Tenant:
        """The tenant of a TLS client certificate (already verified by the TLS handshake)."""
        try:
            fingerprint = (
                x509.load_pem_x509_certificate(pem.encode()).fingerprint(hashes.SHA256()).hex()
            )
        except ValueError as exc:
            raise NotAuthorized(f"unreadable client certificate: {exc}") from exc
        with self.database.transaction() as session:
            row = session.scalar(
                select(TenantRow).where(TenantRow.client_cert_sha256 == fingerprint)
            )
            if row is None:
                raise NotAuthorized("this client certificate is not registered with any tenant")
            return Tenant.of(row)

    def set_revocation_policy(self, tenant_id: str, policy: RevocationPolicy) -> Tenant:
        return self._change(tenant_id, revocation_policy=policy.value)

    def set_identifiers(self, tenant_id: str, identifiers: Identifiers) -> Tenant:
        return self._change(tenant_id, identifiers=identifiers.value)

    def set_origins(self, tenant_id: str, origins: list[str]) -> Tenant:
        """Replace the origins a tenant's logins may come from (e.g. a service moved)."""
        return self._change(tenant_id, origins=_origins_text(origins))

    def _change(self, tenant_id: str, **values: str) -> Tenant:
        with self.database.transaction() as session:
            row = session.get(TenantRow, tenant_id)
            if row is None:
                raise NotFound(f"no tenant {tenant_id}")
            for key, value in values.items():
                setattr(row, key, value)
            self._cache.clear()
            return Tenant.of(row)

    def rotate(self, tenant_id: str, *, revoke_others: bool = False) -> str:
        """A new key for the tenant; with `revoke_others` every older key stops working now."""
        with self.database.transaction() as session:
            if session.get(TenantRow, tenant_id) is None:
                raise NotFound(f"no tenant {tenant_id}")
            if revoke_others:
                self._cache.clear()
                session.execute(
                    update(ApiKeyRow)
                    .where(ApiKeyRow.tenant_id == tenant_id, ApiKeyRow.revoked_at.is_(None))
                    .values(revoked_at=self.clock.now())
                )
            return self._new_key(session, tenant_id)

    def authenticate(self, key: str | None) -> Tenant:
        """The tenant of an API key. Answers are cached for `KEY_CACHE_SECONDS` per worker: a
        key revoked through another worker stops working within that time."""
        if not key:
            raise NotAuthorized("an API key is required (X-API-Key)")
        digest = hash_key(key)
        cached = self._cache.get(digest)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        tenant = self._lookup(digest)
        if len(self._cache) > 10_000:
            self._cache.clear()
        self._cache[digest] = (tenant, time.monotonic() + KEY_CACHE_SECONDS)
        return tenant

    def _lookup(self, digest: str) -> Tenant:
        with self.database.transaction() as session:
            row = session.scalar(
                select(TenantRow)
                .join(ApiKeyRow, ApiKeyRow.tenant_id == TenantRow.id)
                .where(ApiKeyRow.key_hash == digest, ApiKeyRow.revoked_at.is_(None))
            )
            if row is None:
                raise NotAuthorized("unknown or revoked API key")
            return Tenant.of(row)

    def get(self, tenant_id: str) -> Tenant:
        with self.database.transaction() as session:
            row = session.get(TenantRow, tenant_id)
            if row is None:
                raise NotFound(f"no tenant {tenant_id}")
            return Tenant.of(row)

    def all(self) -> list[Tenant]:
        with self.database.transaction() as session:
            return [
                Tenant.of(row) for row in session.scalars(select(TenantRow).order_by(TenantRow.id))
            ]


__all__ = ["Identifiers", "Model", "RevocationPolicy", "Tenant", "TenantDirectory", "hash_key"]
