"""The recycling service's tables: accounts under the platform's pairwise ID, and the
returns made at the boxes (what, where, when, how many points)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class AccountRow(Base):
    __tablename__ = "recycling_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    """The reference the platform links to the holder (代行: the service keeps no serial)."""
    user_id: Mapped[str] = mapped_column(String(64), unique=True)
    """The platform's pairwise ID of the holder for this service: one account per holder."""
    points: Mapped[int] = mapped_column(Integer, default=0)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ReturnRow(Base):
    __tablename__ = "recycling_returns"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("recycling_accounts.id"), index=True)
    appliance: Mapped[str] = mapped_column(String(16))
    box: Mapped[str] = mapped_column(String(16))
    points: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(40))
    """The platform's receipt (受付処理番号) of the box's card authentication."""


__all__ = ["AccountRow", "ReturnRow"]
