"""The payment relay's tables and its issuers' accounts.

The relay keeps which issuer account each linked reference stands for (紐付管理機能), never
the certificate's serial (代行: the platform keeps serials) and never an issuer's PIN; the
issuers' accounts with their PIN hashes are the issuers' own tables.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class IssuerAccountRow(Base):
    __tablename__ = "payments_issuer_accounts"
    __table_args__ = (UniqueConstraint("issuer", "number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    issuer: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(16))
    balance: Mapped[int] = mapped_column(Integer)
    """Yen: the deposit of a bank account, the credit line left on a credit card."""
    pin_salt: Mapped[bytes] = mapped_column(LargeBinary(16))
    pin_hash: Mapped[bytes] = mapped_column(LargeBinary(32))
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)


class RelayLinkRow(Base):
    __tablename__ = "payments_links"

    reference: Mapped[str] = mapped_column(String(32), primary_key=True)
    """The reference the platform links to the holder's card."""
    issuer: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(16))
    linked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class TransactionRow(Base):
    __tablename__ = "payments_transactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    flow: Mapped[str] = mapped_column(String(8))
    terminal: Mapped[str] = mapped_column(String(32))
    issuer: Mapped[str] = mapped_column(String(16))
    number: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(Integer)
    approved: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(64))
    receipt: Mapped[str] = mapped_column(String(64))
    """The platform's receipt of the card authentication that identified the customer."""


__all__ = ["IssuerAccountRow", "RelayLinkRow", "TransactionRow"]
