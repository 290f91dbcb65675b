"""The MyKey platform's tables: accounts (the MyKey ID management table, マイキーID管理
テーブル), service IDs linked to them, point conversions, and notices to services."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class AccountRow(Base):
    __tablename__ = "mykey_accounts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    """The reference the platform links to the holder (代行: the platform keeps serials)."""
    user_id: Mapped[str] = mapped_column(String(64), unique=True)
    """The platform's stable ID of the holder for this service: one account per holder."""
    mykey_id: Mapped[str | None] = mapped_column(String(23), unique=True, nullable=True)
    """14 random characters given at registration, or the holder's 14 chosen characters once
    confirmed; never the certificate's subject (代行). Nullable only for the rows of old
    databases, which revision 0015 fills."""
    chosen: Mapped[str | None] = mapped_column(String(14), unique=True, nullable=True)
    """A chosen ID: provisional (仮登録) until a login shows it written on the card (本登録)."""
    confirmed_chosen: Mapped[bool] = mapped_column(default=False)
    revoked: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The situation that ended the account's card (died, card-lost, ...), or None."""
    local_points: Mapped[int] = mapped_column(Integer, default=0)
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ServiceLinkRow(Base):
    __tablename__ = "mykey_service_links"
    __table_args__ = (
        UniqueConstraint("service", "service_id"),
        UniqueConstraint("account_id", "service"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("mykey_accounts.id"), index=True)
    service: Mapped[str] = mapped_column(String(32))
    service_id: Mapped[str] = mapped_column(String(32))
    """The library card number, the point card number: the service's own ID (サービスID)."""
    points: Mapped[int] = mapped_column(Integer, default=0)
    linked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ConversionRow(Base):
    __tablename__ = "mykey_conversions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("mykey_accounts.id"), index=True)
    service: Mapped[str] = mapped_column(String(32))
    points: Mapped[int] = mapped_column(Integer)
    local_points: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class NoticeRow(Base):
    __tablename__ = "mykey_notices"
    __table_args__ = (UniqueConstraint("event_id", "service", "service_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(64))
    """The platform's notification: a redelivery adds no second notice."""
    service: Mapped[str] = mapped_column(String(32), index=True)
    service_id: Mapped[str] = mapped_column(String(32))
    situation: Mapped[str] = mapped_column(String(32))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = ["AccountRow", "ConversionRow", "NoticeRow", "ServiceLinkRow"]
