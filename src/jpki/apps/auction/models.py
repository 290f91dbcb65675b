"""The auction platform's tables: sellers (registered by a signed agreement) and listings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class SellerRow(Base):
    __tablename__ = "auction_sellers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    """The reference the platform links to the seller's card (代行); status checks name it."""
    user_id: Mapped[str] = mapped_column(String(64), unique=True)
    """The platform's pairwise ID of the seller: one seller account per person. A stopped
    account whose person registers anew (a new card) keeps `stopped:<id>` here instead, so the
    new account takes the ID and the old one stays as the record of the stop."""
    nickname: Mapped[str] = mapped_column(String(32))
    registration_receipt: Mapped[str] = mapped_column(String(40))
    """The platform's receipt of the signed agreement's verification: its evidence."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    stopped: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The situation that stopped the seller (card-lost, died, ...), or None."""
    stopped_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class ListingRow(Base):
    __tablename__ = "auction_listings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    seller_id: Mapped[int] = mapped_column(ForeignKey("auction_sellers.id"), index=True)
    item: Mapped[str] = mapped_column(String(80))
    price: Mapped[int] = mapped_column(Integer)
    listed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(40))
    """The platform's receipt of the listing's card authentication with the PIN."""


__all__ = ["ListingRow", "SellerRow"]
