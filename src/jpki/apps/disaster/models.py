"""The disaster service's tables: residents registered in normal times, declared disasters,
shelter check-ins, and the allocations of relief goods."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class ResidentRow(Base):
    __tablename__ = "disaster_residents"

    reference: Mapped[str] = mapped_column(String(32), primary_key=True)
    """The reference the platform links to the card (代行: the service never sees a serial)."""
    user_id: Mapped[str] = mapped_column(String(64), index=True, unique=True)
    """The platform's stable ID of the holder for this service: a new registration replaces
    the holder's earlier one (登録/更新)."""
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    household: Mapped[int] = mapped_column(Integer)
    """People who shelter with the resident, the resident included (家族情報)."""
    family: Mapped[str] = mapped_column(Text)
    conditions: Mapped[str] = mapped_column(Text)
    """Chronic conditions and regular treatment (持病・通院歴), for medical support."""
    needs: Mapped[str] = mapped_column(String(200))
    """Special supplies needed, comma-separated keys of `allocation.SPECIAL`."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DisasterRow(Base):
    __tablename__ = "disaster_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    declared_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CheckinRow(Base):
    __tablename__ = "disaster_checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    disaster_id: Mapped[int] = mapped_column(ForeignKey("disaster_events.id"), index=True)
    shelter: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The registered resident, or None for a valid card of someone not registered (counted
    in the shelter's headcount, sent to the desk to register)."""
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(64))
    """The platform's receipt of the card authentication: the evidence of the check-in."""


class AllocationRow(Base):
    __tablename__ = "disaster_allocations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    disaster_id: Mapped[int] = mapped_column(ForeignKey("disaster_events.id"), index=True)
    item: Mapped[str] = mapped_column(String(32))
    shelter: Mapped[str] = mapped_column(String(32))
    demand: Mapped[int] = mapped_column(Integer)
    quantity: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = ["AllocationRow", "CheckinRow", "DisasterRow", "ResidentRow"]
