"""Tables of the authority's database. Each row class mirrors one object of J-LIS's world.

Residents are never deleted (a dead or emigrated resident keeps its row), so a My Number is
never handed out twice. Certificates are kept forever; their revocation is a separate row
whose auto-increment id orders revocations for delta CRLs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from jpki.storage import UtcDateTime


class Base(DeclarativeBase):
    """Declarative base of the authority's tables."""


class ResidentRow(Base):
    """A person in the resident register (住民基本台帳) with their 4 information."""

    __tablename__ = "residents"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    my_number: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_flags: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    address_flags: Mapped[str] = mapped_column(String(400))
    birth_date: Mapped[dt.date | None] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))
    status: Mapped[str] = mapped_column(String(16), default="resident")
    domicile: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """For an emigrant who kept the card (国外継続利用): the municipality keeping their 戸籍の附票
    (附票管理市町村, e.g. `東京都清瀬市`), which names the place of their signing certificate."""
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())

    cards: Mapped[list[CardRow]] = relationship(back_populates="resident")


class CardRow(Base):
    """One My Number card from application to return."""

    __tablename__ = "cards"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    terminal_code: Mapped[str] = mapped_column(String(9))
    applied_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    activated_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime())
    expires_on: Mapped[dt.date | None] = mapped_column(Date)
    medium: Mapped[str] = mapped_column(String(8), default="card", server_default="card")
    """`card`, or `phone` for a phone's secure element holding スマホ用電子証明書."""
    source_card_id: Mapped[str | None] = mapped_column(String(16), index=True)
    """For a phone: the card it was issued from (the holder's online act)."""

    resident: Mapped[ResidentRow] = relationship(back_populates="cards")


class CaGenerationRow(Base):
    """One key generation of a root CA (the 2015, 2019, 2023 roots share one name)."""

    __tablename__ = "ca_generations"
    __table_args__ = (UniqueConstraint("purpose", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    purpose: Mapped[str] = mapped_column(String(8))
    number: Mapped[int] = mapped_column(Integer)
    certificate_der: Mapped[bytes] = mapped_column(LargeBinary)
    key_file: Mapped[str] = mapped_column(String(200))
    responder_certificate_der: Mapped[bytes] = mapped_column(LargeBinary)
    responder_key_file: Mapped[str] = mapped_column(String(200))
    issued_count: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CertificateRow(Base):
    """An end-entity certificate the authority issued."""

    __tablename__ = "certificates"

    serial: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    purpose: Mapped[str] = mapped_column(String(8))
    generation_id: Mapped[int] = mapped_column(ForeignKey("ca_generations.id"), index=True)
    card_id: Mapped[str] = mapped_column(ForeignKey("cards.id"), index=True)
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    subject_id: Mapped[str] = mapped_column(String(23), index=True)
    shard: Mapped[int] = mapped_column(Integer)
    not_before: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    der: Mapped[bytes] = mapped_column(LargeBinary)
    predecessor_serial: Mapped[int | None] = mapped_column(BigInteger, index=True)
    source_serial: Mapped[int | None] = mapped_column(BigInteger, index=True)
    """For a phone's certificate: the card's certificate of the same purpose it was issued on
    the strength of; revoking that one revokes this one (authority/phone.py)."""


class PhoneRequestRow(Base):
    """A phone issuance request the authority has seen, by its nonce: a replay is refused."""

    __tablename__ = "phone_requests"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    card_serial: Mapped[int] = mapped_column(BigInteger, index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class RevocationRow(Base):
    """A revocation. Its id orders revocations, so a delta CRL takes those above a base's."""

    __tablename__ = "revocations"
    __table_args__ = (Index("ix_revocations_generation_not_after", "generation_id", "not_after"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    serial: Mapped[int] = mapped_column(ForeignKey("certificates.serial"), unique=True)
    generation_id: Mapped[int] = mapped_column(ForeignKey("ca_generations.id"), index=True)
    shard: Mapped[int] = mapped_column(Integer)
    reason: Mapped[int] = mapped_column(Integer)
    cause: Mapped[str] = mapped_column(String(32))
    changed_fields: Mapped[str] = mapped_column(String(64), default="")
    revoked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class CrlPublicationRow(Base):
    """A CRL the authority signed (full, shard or delta)."""

    __tablename__ = "crl_publications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    generation_id: Mapped[int] = mapped_column(ForeignKey("ca_generations.id"), index=True)
    crl_number: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(8))
    shard: Mapped[int | None] = mapped_column(Integer)
    base_crl_number: Mapped[int | None] = mapped_column(BigInteger)
    max_revocation_id: Mapped[int] = mapped_column(Integer)
    entry_count: Mapped[int] = mapped_column(Integer)
    this_update: Mapped[dt.datetime] = mapped_column(UtcDateTime())
    next_update: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class VerifierRow(Base):
    """An accredited verifier (総務大臣認定の署名検証者), identified by a hashed API key."""

    __tablename__ = "verifiers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    linkage_allowed: Mapped[bool] = mapped_column(Boolean, default=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class ConsentRow(Base):
    """A holder's signed consent that one verifier may receive their latest 4 information."""

    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("verifier_id", "resident_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    verifier_id: Mapped[int] = mapped_column(ForeignKey("verifiers.id"))
    resident_id: Mapped[str] = mapped_column(ForeignKey("residents.id"), index=True)
    serial: Mapped[int] = mapped_column(BigInteger)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class FeeCounterRow(Base):
    """How many checks of one kind a verifier made in one month (the basis of the statement)."""

    __tablename__ = "fee_counters"

    verifier_id: Mapped[int] = mapped_column(ForeignKey("verifiers.id"), primary_key=True)
    month: Mapped[str] = mapped_column(String(7), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(8), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    count: Mapped[int] = mapped_column(BigInteger, default=0)
    unit_fee_yen: Mapped[int] = mapped_column(Integer)


__all__ = [
    "Base",
    "CaGenerationRow",
    "CardRow",
    "CertificateRow",
    "ConsentRow",
    "CrlPublicationRow",
    "FeeCounterRow",
    "ResidentRow",
    "RevocationRow",
    "VerifierRow",
]


class DisclosureRow(Base):
    """What J-LIS told an accredited verifier about a certificate (開示記録): an OCSP status,
    linkage information, the latest 4 information. The resident is found through the
    certificate when the holder asks."""

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    serial: Mapped[int] = mapped_column(BigInteger, index=True)
    verifier_id: Mapped[int] = mapped_column(Integer)
    recipient: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    items: Mapped[str] = mapped_column(String(200))
    """The items, space-separated."""
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime())
