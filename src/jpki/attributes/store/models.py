"""The attribute authority's tables: every AC it issued (by serial, with the holder URN and
never a card's serial or a My Number) and the CRL numbers it has used."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from jpki.storage import UtcDateTime


class Base(DeclarativeBase):
    pass


class IssuedRow(Base):
    """One attribute certificate as issued, and its revocation (失効) if any."""

    __tablename__ = "aa_issued"

    serial: Mapped[str] = mapped_column(String(50), primary_key=True)
    """Decimal; random 127 bits."""
    office: Mapped[str] = mapped_column(String(64), index=True)
    """The office that asked for it (and alone may revoke it)."""
    kind: Mapped[str] = mapped_column(String(32))
    holder: Mapped[str] = mapped_column(String(120), index=True)
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(40))
    """The platform's receipt of the card login the issuance followed."""
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True, index=True)
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)


class CrlNumberRow(Base):
    """A CRL the authority signed: its number (strictly increasing, RFC 5280 5.2.3)."""

    __tablename__ = "aa_crls"

    number: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    this_update: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = ["Base", "CrlNumberRow", "IssuedRow"]
