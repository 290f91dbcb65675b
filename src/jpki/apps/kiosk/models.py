"""The kiosk's tables: issued record copies (the evidence of each issuance, with the sealed
PDF) and the online services' identification numbers."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class IssuanceRow(Base):
    __tablename__ = "kiosk_issuances"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    kiosk: Mapped[str] = mapped_column(String(32))
    municipality: Mapped[str] = mapped_column(String(100))
    receipt: Mapped[str] = mapped_column(String(64))
    """The platform's receipt of the card check that allowed the issuance."""
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class IdentificationRow(Base):
    __tablename__ = "kiosk_identifications"

    number: Mapped[str] = mapped_column(String(12), primary_key=True)
    """識別番号: what the online service told its customer to bring to the kiosk."""
    service: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    four_info: Mapped[str | None] = mapped_column(Text, nullable=True)
    """JSON of the verified 4 information, for the online service only."""
    receipt: Mapped[str | None] = mapped_column(String(64), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


__all__ = ["IdentificationRow", "IssuanceRow"]
