"""The procurement site's tables: registered bidders, delegations and the bids received."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class CompanyRow(Base):
    """A company registered to bid (入札参加資格者), with its representative (代表者) as the
    representative's own signature on the registration named them."""

    __tablename__ = "procurement_companies"

    corporate_number: Mapped[str] = mapped_column(String(13), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    representative_name: Mapped[str] = mapped_column(String(100))
    representative_birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    representative_serial: Mapped[str] = mapped_column(String(40))
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(64))


class DelegationRow(Base):
    """An electronic power of attorney (電子委任状) as the representative signed it."""

    __tablename__ = "procurement_delegations"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    corporate_number: Mapped[str] = mapped_column(
        ForeignKey("procurement_companies.corporate_number"), index=True
    )
    delegate_name: Mapped[str] = mapped_column(String(100))
    delegate_birth_date: Mapped[dt.date] = mapped_column(Date)
    delegate_title: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str] = mapped_column(String(100))
    """The categories covered, comma-separated (`goods,services`)."""
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date] = mapped_column(Date)
    document: Mapped[bytes] = mapped_column(LargeBinary)
    """The text the representative signed."""
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    """The representative's detached CMS over `document` (checked again at each bid)."""
    representative_serial: Mapped[str] = mapped_column(String(40))
    signed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    """When the site checked the signature and found the certificate valid (署名時に有効)."""
    receipt: Mapped[str] = mapped_column(String(64))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    revocation_receipt: Mapped[str | None] = mapped_column(String(64), nullable=True)


class BidRow(Base):
    """A bid received (入札書), accepted or refused, with the reason and the platform's
    receipt of the bidder's signature check."""

    __tablename__ = "procurement_bids"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    tender: Mapped[str] = mapped_column(String(16), index=True)
    corporate_number: Mapped[str] = mapped_column(String(13))
    amount_yen: Mapped[int] = mapped_column(Integer)
    bidder_name: Mapped[str] = mapped_column(String(100))
    bidder_serial: Mapped[str] = mapped_column(String(40))
    accepted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(32))
    delegation: Mapped[str | None] = mapped_column(String(16), nullable=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(64))
    document: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


__all__ = ["BidRow", "CompanyRow", "DelegationRow"]
