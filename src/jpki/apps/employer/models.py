"""The employer's tables: HR's issuances (with the JPKI check's receipt), the gate's badges
(employee number and applet key only: the gate holds no JPKI data) and the gate's log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class IssuanceRow(Base):
    """HR's record of one staff ID written to a card (人事部の発行記録)."""

    __tablename__ = "employer_issuances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    employee: Mapped[str] = mapped_column(String(16), index=True)
    name: Mapped[str] = mapped_column(String(100))
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    sequence: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[str] = mapped_column(String(32))
    """The platform's receipt of the JPKI check the issuance followed."""


class BadgeRow(Base):
    """What the gate knows of a staff ID: the number and the applet's public key."""

    __tablename__ = "employer_badges"

    employee: Mapped[str] = mapped_column(String(16), primary_key=True)
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    """The applet key's SubjectPublicKeyInfo (DER), made on the card at installation."""
    active: Mapped[bool] = mapped_column(Boolean)


class PassageRow(Base):
    """One touch at the gate (入退館記録)."""

    __tablename__ = "employer_passages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    gate: Mapped[str] = mapped_column(String(32))
    employee: Mapped[str] = mapped_column(String(16))
    admitted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(32))


__all__ = ["BadgeRow", "IssuanceRow", "PassageRow"]
