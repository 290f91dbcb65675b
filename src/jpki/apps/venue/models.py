"""The venue's tables: members (the day each turns 20, under the platform's pairwise ID), the
self-exclusion list, and the gate's log (outcome, time, the visitor ID of admitted visits)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class MemberRow(Base):
    __tablename__ = "venue_members"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[str] = mapped_column(String(64), unique=True)
    """The platform's pairwise ID of the person for this venue: the visitor ID."""
    adult_on: Mapped[dt.date] = mapped_column(Date)
    """The day the person turns 20: all the venue keeps of the 4 information."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ExclusionRow(Base):
    __tablename__ = "venue_exclusions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(String(64), unique=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    """The reference the platform linked when the declaration was signed."""
    until: Mapped[dt.date] = mapped_column(Date)
    """The last day (JST) of the exclusion."""
    text: Mapped[str] = mapped_column(Text)
    """The latest declaration the person signed, as signed."""
    receipt: Mapped[str] = mapped_column(String(40))
    declared_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class GateRow(Base):
    __tablename__ = "venue_gate"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    outcome: Mapped[str] = mapped_column(String(16))
    visitor: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    """The visitor ID of an admitted entry (to count visits); None for a refusal."""
    counted: Mapped[bool] = mapped_column(Boolean, default=False)
    """Whether this entry began a visit (else it fell in the last visit's 24 hours)."""
    receipt: Mapped[str | None] = mapped_column(String(40), nullable=True)


__all__ = ["ExclusionRow", "GateRow", "MemberRow"]
