"""The fee-reduction service's tables: the welfare office's copies of the certificates it had
issued (to revoke them), and the nursery-fee desk's decisions (no person named: the verdict,
the grounds and the platform's receipt)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class FeeCertificateRow(Base):
    __tablename__ = "fee_certificates"

    serial: Mapped[str] = mapped_column(String(50), primary_key=True)
    grounds: Mapped[str] = mapped_column(String(32))
    certificate: Mapped[str] = mapped_column(Text)
    """The AC, DER base64 (the office's copy)."""
    issued_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    not_after: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(40))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class FeeApplicationRow(Base):
    __tablename__ = "fee_applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    accepted: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(40))
    """The attribute check's status (`valid`, `revoked`, `other holder`, ...) or `login`."""
    grounds: Mapped[str | None] = mapped_column(String(32), nullable=True)
    receipt: Mapped[str | None] = mapped_column(String(40), nullable=True)


__all__ = ["FeeApplicationRow", "FeeCertificateRow"]
