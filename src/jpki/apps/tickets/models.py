"""The ticket seller's tables: events, tickets bound to a certificate, and the gate's log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class EventRow(Base):
    __tablename__ = "gate_events"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str] = mapped_column(String(200))
    venue: Mapped[str] = mapped_column(String(200))
    day: Mapped[dt.date] = mapped_column(Date)
    seats: Mapped[int] = mapped_column(Integer)


class TicketRow(Base):
    __tablename__ = "gate_tickets"
    __table_args__ = (UniqueConstraint("event", "seat"),)

    id: Mapped[str] = mapped_column(String(24), primary_key=True)
    event: Mapped[str] = mapped_column(ForeignKey("gate_events.id"), index=True)
    seat: Mapped[str] = mapped_column(String(16))
    holder_certificate: Mapped[str] = mapped_column(String(80), index=True)
    """The buyer's authentication certificate (issuer generation and serial, 委託 model)."""
    bought_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))
    admitted_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    admitted_gate: Mapped[str | None] = mapped_column(String(32), nullable=True)


class AdmissionRow(Base):
    __tablename__ = "gate_admissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event: Mapped[str] = mapped_column(String(32), index=True)
    gate: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    admitted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(64))
    institution_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    """The terminal that read the card PIN-less (its institution-code certificate)."""
    receipt: Mapped[str | None] = mapped_column(String(32), nullable=True)


__all__ = ["AdmissionRow", "EventRow", "TicketRow"]
