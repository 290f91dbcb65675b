"""The PHR's tables: accounts, records, consents to viewers and the disclosure log."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class AccountRow(Base):
    """A person who accepted the terms with their signature."""

    __tablename__ = "phr_accounts"

    reference: Mapped[str] = mapped_column(String(32), primary_key=True)
    """The random reference the platform links the person's certificates to (card and phone)."""
    user_id: Mapped[str] = mapped_column(String(80), unique=True)
    """The platform's stable ID for the person (one account per person)."""
    name: Mapped[str] = mapped_column(String(100))
    """The name from the signing certificate: shown to those the person lets see the records."""
    share_code: Mapped[str] = mapped_column(String(12), unique=True)
    """The code the person gives someone who is to be let see records (閲覧者コード)."""
    joined_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    terms_receipt: Mapped[str] = mapped_column(String(64))


class RecordRow(Base):
    __tablename__ = "phr_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    account: Mapped[str] = mapped_column(ForeignKey("phr_accounts.reference"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(80))
    day: Mapped[dt.date] = mapped_column(Date)
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class ConsentRow(Base):
    """The person's consent that one other account may see the records (同意), until withdrawn."""

    __tablename__ = "phr_consents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    owner: Mapped[str] = mapped_column(ForeignKey("phr_accounts.reference"), index=True)
    viewer: Mapped[str] = mapped_column(ForeignKey("phr_accounts.reference"), index=True)
    purpose: Mapped[str] = mapped_column(String(100))
    granted_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DisclosureRow(Base):
    """One showing of a person's records to someone else (開示記録), shown to the person."""

    __tablename__ = "phr_disclosures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consent: Mapped[int] = mapped_column(ForeignKey("phr_consents.id"))
    owner: Mapped[str] = mapped_column(String(32), index=True)
    viewer_name: Mapped[str] = mapped_column(String(100))
    records: Mapped[int] = mapped_column(Integer)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = ["AccountRow", "ConsentRow", "DisclosureRow", "RecordRow"]
