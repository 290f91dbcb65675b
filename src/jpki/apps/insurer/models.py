"""The insurer's tables: policies with what the card said, status-check reports and the
change notifications received."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class PolicyRow(Base):
    __tablename__ = "insurer_policies"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    """Where the mailing goes: updated from the latest 4 information where consented."""
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    situation: Mapped[str] = mapped_column(String(32))
    """The last known situation (seed 002's table): `alive-unchanged` at enrolment."""
    situation_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    enrolled_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))


class ReportRow(Base):
    __tablename__ = "insurer_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))
    summary: Mapped[str] = mapped_column(Text)
    """The counts per situation, JSON."""


class NotificationRow(Base):
    __tablename__ = "insurer_notifications"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """The platform's event ID: a redelivery is recognised and not applied twice."""
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    policy: Mapped[str] = mapped_column(String(100))
    situation: Mapped[str] = mapped_column(String(32))
    previous: Mapped[str] = mapped_column(String(32))


__all__ = ["NotificationRow", "PolicyRow", "ReportRow"]
