"""The information bank's tables: drivers, the drives they deposit, their signed consents to
recipients and every disclosure made under a consent."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class DriverRow(Base):
    __tablename__ = "infobank_drivers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    """The reference the platform links to the driver's card (代行)."""
    user_id: Mapped[str] = mapped_column(String(64), unique=True)
    """The platform's pairwise ID of the driver: a consent's signer must be this person."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DriveRow(Base):
    __tablename__ = "infobank_drives"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("infobank_drivers.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    km: Mapped[int] = mapped_column(Integer)
    hard_brakes: Mapped[int] = mapped_column(Integer)
    speeding: Mapped[int] = mapped_column(Integer)
    night: Mapped[bool] = mapped_column(Boolean)


class ConsentRow(Base):
    __tablename__ = "infobank_consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    driver_id: Mapped[int] = mapped_column(ForeignKey("infobank_drivers.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(16), index=True)
    items: Mapped[str] = mapped_column(String(64))
    """The data the consent names, comma-separated keys of `service.DATA`."""
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    """The last day (JST) on which the recipient may receive the data."""
    text: Mapped[str] = mapped_column(Text)
    """The consent text the driver signed, as signed."""
    receipt: Mapped[str] = mapped_column(String(40))
    """The platform's receipt of the signature's verification (its evidence)."""
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    """The recipient's random ID for the driver under this consent (no name, no card)."""


class DisclosureRow(Base):
    __tablename__ = "infobank_disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consent_id: Mapped[int] = mapped_column(ForeignKey("infobank_consents.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    items: Mapped[str] = mapped_column(String(64))
    drives: Mapped[int] = mapped_column(Integer)


__all__ = ["ConsentRow", "DisclosureRow", "DriveRow", "DriverRow"]
