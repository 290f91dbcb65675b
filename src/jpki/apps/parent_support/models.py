"""The municipality's parent-support tables: pregnancy notifications and personal notices."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class NotificationRow(Base):
    """A pregnancy notification (妊娠届) as filed and signed."""

    __tablename__ = "parent_notifications"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    """The random reference the platform links the person to: their later logins find it."""
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200))
    age: Mapped[int | None] = mapped_column(Integer, nullable=True)
    months: Mapped[str] = mapped_column(String(2))
    clinic: Mapped[str] = mapped_column(String(20))
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(64))
    document: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class NoticeRow(Base):
    """A notice to one person (the municipality's answer to their notification)."""

    __tablename__ = "parent_notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(32), index=True)
    key: Mapped[str] = mapped_column(String(20))
    """Which notice (`jpki.apps.parent_support.notification.AFTER_NOTIFICATION`)."""
    notification: Mapped[str] = mapped_column(String(16))
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = ["NoticeRow", "NotificationRow"]
