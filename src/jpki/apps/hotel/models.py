"""The hotel's tables: stays (the guest register, 宿泊者名簿) and the doors' log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class StayRow(Base):
    """One stay: what the guest register must hold (name and address, 旅館業法) and the room
    key, bound to the guest's phone."""

    __tablename__ = "hotel_stays"

    reference: Mapped[str] = mapped_column(String(32), primary_key=True)
    """The random reference the platform links the guest's certificates to (card and phone)."""
    room: Mapped[str] = mapped_column(String(8), index=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200))
    """The register's items; the birth date is read for the age check and not kept, the sex
    not at all."""
    arrived_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    departs_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(64))
    key_certificate: Mapped[str | None] = mapped_column(String(80), nullable=True)
    """The phone's authentication certificate (issuer generation and serial) the key is bound to."""
    key_issued_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    checked_out_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DoorRow(Base):
    __tablename__ = "hotel_doors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    room: Mapped[str] = mapped_column(String(8), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    opened: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(32))
    receipt: Mapped[str | None] = mapped_column(String(64), nullable=True)


__all__ = ["DoorRow", "StayRow"]
