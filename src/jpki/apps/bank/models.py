"""The bank's own tables: accounts with the 4 information the certificate gave, and logins."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class AccountRow(Base):
    __tablename__ = "bank_accounts"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    """`savings` (普通預金) or `securities` (証券口座)."""
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(8))
    foreign_resident: Mapped[bool] = mapped_column(Boolean)
    """The name on the card is in the Latin alphabet (外国人住民, seed 002 No.20)."""
    user_id: Mapped[str] = mapped_column(String(64), index=True)
    """The platform's ID of the holder for this bank (代行: the bank never sees a serial)."""
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))
    """The platform's receipt for the signed application (the eKYC evidence)."""


class LoginRow(Base):
    __tablename__ = "bank_logins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account: Mapped[str] = mapped_column(ForeignKey("bank_accounts.number"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    assurance: Mapped[str] = mapped_column(String(16))
    receipt: Mapped[str] = mapped_column(String(32))


class DeathNoticeRow(Base):
    """A platform notification that an account holder died, and the procedure it started."""

    __tablename__ = "bank_death_notices"

    event_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    """The platform's event ID: a redelivery is recognised and not applied twice."""
    account: Mapped[str] = mapped_column(String(16), index=True)
    situation: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    frozen: Mapped[bool] = mapped_column(Boolean)
    """The holder asked in advance (death one-stop) that the bank start its procedure: the
    account is frozen (口座凍結) for the inheritance (相続手続)."""
    registrar: Mapped[str | None] = mapped_column(String(200), nullable=True)
    """The one-stop desk the holder registered with."""


__all__ = ["AccountRow", "DeathNoticeRow", "LoginRow"]
