"""The age service's tables: the least it must keep to answer, and a log without people:
each check's outcome, time and receipt."""

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
    adult: Mapped[bool] = mapped_column(Boolean)
    """The answer given; the log names no person, certificate, enrolment or platform ID."""
    receipt: Mapped[str | None] = mapped_column(String(40), nullable=True)
    """The platform's receipt of the check (受付処理番号), its evidence; absent on older rows."""


__all__ = ["CheckRow", "EnrolmentRow"]
