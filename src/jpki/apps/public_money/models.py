"""The registry's tables: one receiving account per person, and the benefits paid into them."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class ReceivingAccountRow(Base):
    __tablename__ = "public_money_accounts"

    reference: Mapped[str] = mapped_column(String(24), primary_key=True)
    """The registration's customer reference at the platform (linked by the signed application)."""
    user_id: Mapped[str] = mapped_column(String(64), unique=True)
    """The platform's stable ID of the holder: one receiving account per person."""
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(400))
    """From the consented 4 information: which municipality pays this person."""
    bank: Mapped[str] = mapped_column(String(4))
    branch: Mapped[str] = mapped_column(String(3))
    kind: Mapped[str] = mapped_column(String(8))
    """`ordinary` (普通) or `current` (当座)."""
    number: Mapped[str] = mapped_column(String(7))
    holder_kana: Mapped[str] = mapped_column(String(100))
    """The account holder's name in katakana (口座名義), as the bank has it."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))


class BenefitPaymentRow(Base):
    __tablename__ = "public_money_payments"
    __table_args__ = (UniqueConstraint("benefit", "reference"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    benefit: Mapped[str] = mapped_column(String(32), index=True)
    municipality: Mapped[str] = mapped_column(String(40))
    reference: Mapped[str] = mapped_column(
        ForeignKey("public_money_accounts.reference"), index=True
    )
    amount: Mapped[int] = mapped_column(Integer)
    outcome: Mapped[str] = mapped_column(String(32))
    """`paid`, or the holder's situation when the payment was held (`died`, ...)."""
    account: Mapped[str] = mapped_column(String(40))
    """The account paid into, as it was at payment time (bank-branch-kind-number)."""
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))
    """The platform's receipt of the status check made before paying."""


__all__ = ["BenefitPaymentRow", "ReceivingAccountRow"]
