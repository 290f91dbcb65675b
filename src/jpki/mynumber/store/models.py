"""SQLAlchemy models of the numbering system.

One database holds every party of the sandbox's network, each row naming its party (`agency`
or `party`); no query of one party reads another's rows. A deployment gives each agency its
own database by URL.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from jpki.storage import UtcDateTime


class Base(DeclarativeBase):
    pass


class PersonRow(Base):
    """A person of the resident register as numbered: resident-register code and My Number."""

    __tablename__ = "mn_persons"
    resident_code: Mapped[str] = mapped_column(String(11), primary_key=True)
    my_number: Mapped[str] = mapped_column(String(12), unique=True)
    assigned_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class RetiredNumberRow(Base):
    """A My Number no longer in use (changed after a leak): never assigned again."""

    __tablename__ = "mn_retired_numbers"
    my_number: Mapped[str] = mapped_column(String(12), primary_key=True)
    resident_code: Mapped[str] = mapped_column(String(11))
    reason: Mapped[str] = mapped_column(String(200))
    retired_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class AgencyRow(Base):
    """An agency connected to the network, with the public keys the core knows it by."""

    __tablename__ = "mn_agencies"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    public_keys: Mapped[str] = mapped_column(Text)


class CoreCodeRow(Base):
    """The core's own index: which linkage code an agency's code stands for."""

    __tablename__ = "mn_core_codes"
    agency: Mapped[str] = mapped_column(String(64), primary_key=True)
    institution_code: Mapped[str] = mapped_column(String(32), primary_key=True)
    linkage_code: Mapped[str] = mapped_column(String(32), index=True)


class AgencyPersonRow(Base):
    """An agency's own index (interface system): its address number and its code per person."""

    __tablename__ = "mn_agency_people"
    __table_args__ = (UniqueConstraint("agency", "institution_code"),)
    agency: Mapped[str] = mapped_column(String(64), primary_key=True)
    address_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    institution_code: Mapped[str] = mapped_column(String(32))


class IntermediateRow(Base):
    """A copy of data an agency may provide, in its intermediate server (中間サーバー)."""

    __tablename__ = "mn_intermediate"
    agency: Mapped[str] = mapped_column(String(64), primary_key=True)
    address_number: Mapped[str] = mapped_column(String(32), primary_key=True)
    item: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class LogHeadRow(Base):
    """The newest record of a party's provision log (locked while appending)."""

    __tablename__ = "mn_log_heads"
    party: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


class LogRecordRow(Base):
    """One provision record of one party, hash-chained and signed by that party."""

    __tablename__ = "mn_log_records"
    party: Mapped[str] = mapped_column(String(64), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    exchange_id: Mapped[str] = mapped_column(String(64), index=True)
    person: Mapped[str] = mapped_column(String(64), index=True)
    """The party's own key for the person: the core's linkage code, an agency's code."""
    recorded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    keep_until: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    record_json: Mapped[str] = mapped_column(Text)
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(Text)


class SeenMessageRow(Base):
    """A message ID a party received, kept while a replay could still be in the window."""

    __tablename__ = "mn_seen_messages"
    party: Mapped[str] = mapped_column(String(64), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)


class HealthLinkRow(Base):
    """A holder's consent to link two purpose-specific health IDs."""

    __tablename__ = "mn_health_links"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    purposes: Mapped[str] = mapped_column(String(100), primary_key=True)
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class PostboxRow(Base):
    """A signed document delivered to a person's electronic post box (電子私書箱)."""

    __tablename__ = "mn_postbox"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    person: Mapped[str] = mapped_column(String(64), index=True)
    """The person's linkage code (the portal is the core's)."""
    sender: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[str] = mapped_column(Text)
    """The sender's ECDSA signature over the document's digest and title."""
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    opened_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    receipt: Mapped[str | None] = mapped_column(Text)
    """The proof of delivery (JSON signed by the core), made when the person opened it."""
