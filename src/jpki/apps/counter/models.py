"""The counter's record of each check (本人確認記録): what the chip showed and the verdicts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class CheckRow(Base):
    __tablename__ = "counter_checks"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    checked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    accepted: Mapped[bool]
    reason: Mapped[str] = mapped_column(String(400))
    """Why the card was refused (empty when accepted), in English and Japanese."""
    seal: Mapped[str] = mapped_column(String(16))
    """`jpki.client.card_face.SealStatus` of the card face, or `malformed`."""
    certificate: Mapped[str] = mapped_column(String(200))
    """The platform's verdict on the chip's authentication certificate."""
    receipt: Mapped[str] = mapped_column(String(32))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(8))
    expiry: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    municipality: Mapped[str] = mapped_column(String(200))
    photo_png: Mapped[bytes] = mapped_column(LargeBinary)
    """The face photo, converted from the chip's JPEG 2000 for browsers."""
    name_png: Mapped[bytes] = mapped_column(LargeBinary)
    address_png: Mapped[bytes] = mapped_column(LargeBinary)


__all__ = ["CheckRow"]
