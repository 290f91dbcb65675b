"""The loan service's table: concluded contracts with the long-term signed PDF."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class LoanContractRow(Base):
    __tablename__ = "loan_contracts"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    amount_yen: Mapped[int] = mapped_column(Integer)
    years: Mapped[int] = mapped_column(Integer)
    rate_bp: Mapped[int] = mapped_column(Integer)
    """Annual rate in basis points (0.01 %)."""
    monthly_yen: Mapped[int] = mapped_column(Integer)
    property_address: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(100))
    """The borrower's 4 information, from the verified signing certificate (委託)."""
    address: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    sex: Mapped[str] = mapped_column(String(1))
    certificate_serial: Mapped[str] = mapped_column(String(40))
    signature_receipt: Mapped[str] = mapped_column(String(64))
    """The platform's receipt of the borrower's signature check."""
    preservation_receipt: Mapped[str] = mapped_column(String(64))
    """The platform's receipt of the long-term completion (DSS + document time-stamp)."""
    concluded_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    """The contract as kept: card signature, bank seal, DSS, document time-stamp."""


__all__ = ["LoanContractRow"]
