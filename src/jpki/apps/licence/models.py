"""The licensing authority's register of what it wrote to cards, and the counter's checks."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class LicenceWriteRow(Base):
    """One licence record written to a card (免許情報の記録)."""

    __tablename__ = "licence_writes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    number: Mapped[str] = mapped_column(String(12), index=True)
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_on: Mapped[dt.date] = mapped_column(Date)
    categories: Mapped[str] = mapped_column(String(100))
    conditions: Mapped[str] = mapped_column(String(400))
    sequence: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[str] = mapped_column(String(32))
    """The platform's receipt of the JPKI check the write followed."""


class LicenceCheckRow(Base):
    """One reading at the counter and its verdict."""

    __tablename__ = "licence_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    checked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    valid: Mapped[bool] = mapped_column(Boolean)
    verdict: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(12))
    licensed_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    expires_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    categories: Mapped[str] = mapped_column(String(100))
    conditions: Mapped[str] = mapped_column(String(400))
    authority: Mapped[str] = mapped_column(String(40))


__all__ = ["LicenceCheckRow", "LicenceWriteRow"]
