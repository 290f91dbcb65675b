"""The MVNO's contracts: what the signed terms proved, kept as 本人確認記録."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class ContractRow(Base):
    __tablename__ = "mvno_contracts"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    plan: Mapped[str] = mapped_column(String(32))
    phone_number: Mapped[str] = mapped_column(String(16), unique=True)
    store: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(8))
    certificate_serial: Mapped[str] = mapped_column(String(40))
    """The signing certificate's serial: the 委託 model's verifier keeps it for its records."""
    signed_terms: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    """The CMS over the terms: the record the law asks the carrier to keep."""
    receipt: Mapped[str] = mapped_column(String(32))
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = ["ContractRow"]
