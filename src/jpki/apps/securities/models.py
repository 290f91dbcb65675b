"""The securities company's tables: accounts and the trading API's access log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class SecuritiesAccountRow(Base):
    __tablename__ = "securities_accounts"

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    """The account number, also the customer reference linked at the platform."""
    name: Mapped[str] = mapped_column(String(100))
    """From the 4 information the holder consented to at opening."""
    opened_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(64))
    cash_yen: Mapped[int] = mapped_column(Integer)


class TlsAccessRow(Base):
    __tablename__ = "securities_tls_access"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    account: Mapped[str | None] = mapped_column(String(16), nullable=True)
    """None when the certificate was refused or linked to no account."""
    outcome: Mapped[str] = mapped_column(String(40))
    receipt: Mapped[str] = mapped_column(String(64))
    """The platform's receipt of the certificate check."""


__all__ = ["SecuritiesAccountRow", "TlsAccessRow"]
