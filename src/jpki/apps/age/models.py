"""The age service's tables: the least it must keep to answer, and a log without people."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class EnrolmentRow(Base):
    __tablename__ = "age_enrolments"

    reference: Mapped[str] = mapped_column(String(32), primary_key=True)
    """A random reference the platform links the card to (no name, no number)."""
    adult_on: Mapped[dt.date] = mapped_column(Date)
    """The day the holder turns 20: all the service keeps of the 4 information."""


class CheckRow(Base):
    __tablename__ = "age_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    terminal: Mapped[str] = mapped_column(String(32))
    adult: Mapped[bool] = mapped_column(Boolean)
    """The answer given; the log names no person, certificate or platform ID."""


__all__ = ["CheckRow", "EnrolmentRow"]
