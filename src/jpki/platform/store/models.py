"""Tables of the platform's database.

Evidence records and seals are append-only: nothing updates or deletes them. The one-row
`evidence_head` table is what concurrent workers lock to append to the chain in order.
Challenges live here (not in a worker's memory) so a nonce can be spent once across every
worker sharing the database.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from jpki.storage import UtcDateTime


class Base(DeclarativeBase):
    """Declarative base of the platform's tables."""


class TenantRow(Base):
    """A service provider (SP) using the platform."""

    __tablename__ = "tenants"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    model: Mapped[str] = mapped_column(String(16))
    """`itaku` (委託: the SP is the verifier) or `daiko` (代行: the platform is)."""
    origins: Mapped[str] = mapped_column(Text)
    """Newline-separated web origins the SP's logins may come from."""
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    client_cert_sha256: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    """SHA-256 of the client certificate the SP may authenticate with (mutual TLS)."""
    revocation_policy: Mapped[str] = mapped_column(String(16), default="crl-then-ocsp")
    """Which revocation source answers first: see `jpki.platform.tenants.RevocationPolicy`."""
    webhook_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    """Where change notifications go (on one of the SP's own hosts)."""
    webhook_secret: Mapped[str | None] = mapped_column(String(64), nullable=True)
    """HMAC key of the notifications' signatures (hex)."""
    identifiers: Mapped[str] = mapped_column(String(16), default="stable")
    """Which user IDs the tenant receives: see `jpki.platform.tenants.Identifiers`."""


class ApiKeyRow(Base):
    """An API key of a tenant, stored as its SHA-256 (the key itself is shown once)."""

    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class ChallengeRow(Base):
    """A login nonce issued to a tenant for an origin; `spent_at` set once, atomically."""

    __tablename__ = "challenges"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    """Hex of the 32-byte nonce."""
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    audience: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """The party a tenant logs the holder in for (an IdP's relying party), if any."""
    origin: Mapped[str] = mapped_column(String(300))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), index=True)
    spent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    sealed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """The answer must come sealed to the platform (a 代行 service's wallet login)."""


class EvidenceHeadRow(Base):
    """The chain head (one row, id 1): locked by whoever appends."""

    __tablename__ = "evidence_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sequence: Mapped[int] = mapped_column(BigInteger)
    digest: Mapped[str] = mapped_column(String(64))


class EvidenceRow(Base):
    """One evidence record (see jpki.platform.evidence)."""

    __tablename__ = "evidence"

    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    receipt: Mapped[str] = mapped_column(String(24), unique=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    tenant_id: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str] = mapped_column(Text)
    """Canonical JSON."""
    previous: Mapped[str] = mapped_column(String(64))
    digest: Mapped[str] = mapped_column(String(64))


class SealRow(Base):
    """A time-stamped chain head."""

    __tablename__ = "evidence_seals"

    sequence: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    head: Mapped[str] = mapped_column(String(64))
    token: Mapped[bytes] = mapped_column(LargeBinary)
    sealed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class PersonRow(Base):
    """A card holder as the platform knows them: the chain of their certificates.

    Nothing here identifies the person outside the platform: no name, no My Number. Renewed
    and reissued certificates join the same person through the authority's linkage
    information, so IDs derived from the person survive renewals and moves.
    """

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class KnownCertificateRow(Base):
    """A certificate the platform has tied to a person (both purposes, every generation)."""

    __tablename__ = "known_certificates"

    serial: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    purpose: Mapped[str] = mapped_column(String(8))
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    partner_serial: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """The same card's certificate of the other purpose (証明書紐付け情報)."""
    successor_serial: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    """Set once the authority names this certificate's renewal successor."""
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    medium: Mapped[str] = mapped_column(String(8), default="card", server_default="card")
    """`card`, or `phone` for スマホ用電子証明書 (from the authority's linkage answer)."""


class CustomerRow(Base):
    """A customer account of a tenant (the SP's own reference, e.g. an account number)."""

    __tablename__ = "customers"
    __table_args__ = (UniqueConstraint("tenant_id", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    reference: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class LinkRow(Base):
    """紐付け: a customer account linked to a person (unlinking keeps the row, dated)."""

    __tablename__ = "links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    linked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    unlinked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class FeeCountRow(Base):
    """How many billable checks a tenant had in a month, by item and certificate purpose."""

    __tablename__ = "fee_counts"

    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    item: Mapped[str] = mapped_column(String(24), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8), primary_key=True)
    slot: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    """Which of the counter's rows (`jpki.platform.fees.SLOTS`); a statement sums them."""
    count: Mapped[int] = mapped_column(BigInteger)


class CustomerSituationRow(Base):
    """The situation a customer was last found in (to notify only changes)."""

    __tablename__ = "customer_situations"

    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), primary_key=True)
    situation: Mapped[str] = mapped_column(String(32))
    checked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class DeathOnestopRow(Base):
    """死亡・相続ワンストップ: the businesses a person asked, through a registrar service, to be
    told to start their procedures on the person's death (jpki.platform.death_onestop)."""

    __tablename__ = "death_onestop_registrations"

    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), primary_key=True)
    registrar_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), primary_key=True)
    reference: Mapped[str] = mapped_column(String(100))
    """The registrar's customer reference of the person."""
    targets: Mapped[str] = mapped_column(Text)
    """Newline-separated tenant IDs of the chosen businesses."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class DeliveryRow(Base):
    """A change notification to deliver (pending), delivered, or given up on (dead)."""

    __tablename__ = "webhook_deliveries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"))
    event_id: Mapped[str] = mapped_column(String(40), unique=True)
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(12))
    attempts: Mapped[int] = mapped_column(Integer)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    delivered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class RateBucketRow(Base):
    """A tenant's token bucket, shared by every worker (`jpki.platform.ratelimit`)."""

    __tablename__ = "rate_buckets"

    tenant_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)
    """Seconds since the epoch by the database's clock (one clock for every worker)."""
    taken: Mapped[bool] = mapped_column(Boolean)
    """Whether the last request took a token (what the update returns)."""


class RevocationRefreshRow(Base):
    """How many revocation refreshes the operator has asked for (one row, id 1): each worker
    reloads its CRLs when the count passes the one it last followed."""

    __tablename__ = "revocation_refreshes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    generation: Mapped[int] = mapped_column(BigInteger)


class ConsentRow(Base):
    """A consent text (同意文) issued to a tenant, spent by the one registration it allows.

    Only the text's digest is kept: the service sends the signed text back, and its digest finds
    the row. The row names no person: who consented is in the registration's evidence."""

    __tablename__ = "consent_texts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    tenant_id: Mapped[str] = mapped_column(ForeignKey("tenants.id"), index=True)
    text_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    items: Mapped[str] = mapped_column(String(64))
    """The consented items, comma-separated (`jpki.protocol.four_info.FourInfoItem`)."""
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    spent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


__all__ = [
    "ApiKeyRow",
    "Base",
    "ChallengeRow",
    "ConsentRow",
    "CustomerRow",
    "CustomerSituationRow",
    "DeliveryRow",
    "EvidenceHeadRow",
    "EvidenceRow",
    "FeeCountRow",
    "KnownCertificateRow",
    "LinkRow",
    "PersonRow",
    "RateBucketRow",
    "RevocationRefreshRow",
    "SealRow",
    "TenantRow",
]


class DisclosureRow(Base):
    """What the platform told a tenant about a person (開示記録), for the person to see.

    Keyed by the serial of the certificate the disclosure was about: the person's other
    certificates are found through `known_certificates` when the person asks."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    serial: Mapped[int] = mapped_column(BigInteger, index=True)
    tenant_id: Mapped[str] = mapped_column(String(64))
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    items: Mapped[str] = mapped_column(Text)
    """The items, space-separated."""
    purpose: Mapped[str] = mapped_column(String(200))
    consent: Mapped[str | None] = mapped_column(String(64), nullable=True)
    outcome: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
