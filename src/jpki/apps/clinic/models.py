"""The qualification service's tables: insured persons, the keys of the cards seen for them (for
terminals' offline caches), every check as evidence, and the e-prescriptions written after a
check (電子処方箋)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class InsuredRow(Base):
    __tablename__ = "clinic_insured"

    number: Mapped[str] = mapped_column(String(32), primary_key=True)
    """The insured number (被保険者番号: insurer number, symbol and number): the platform
    reference the card is linked to."""
    insurer: Mapped[str] = mapped_column(String(100))
    name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    copay_percent: Mapped[int] = mapped_column(Integer)
    valid_from: Mapped[dt.date] = mapped_column(Date)
    valid_until: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    linked_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CardKeyRow(Base):
    __tablename__ = "clinic_card_keys"

    card_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    """The key (HMAC under the clinic's secret, `jpki.apps.clinic.card_keys`) of a card that
    checked in for `insured`; never the certificate or its hash."""
    insured: Mapped[str] = mapped_column(String(32), index=True)
    seen_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class CheckRow(Base):
    __tablename__ = "clinic_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    reception_number: Mapped[str] = mapped_column(String(32), unique=True)
    """The reception processing number (受付処理番号) the clinic files the visit under."""
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    clinic: Mapped[str] = mapped_column(String(16))
    """Where: the medical institution code (医療機関コード)."""
    terminal: Mapped[str] = mapped_column(String(32))
    insured: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """Who (None when the check failed)."""
    outcome: Mapped[str] = mapped_column(String(32))
    assurance: Mapped[str | None] = mapped_column(String(16), nullable=True)
    platform_receipt: Mapped[str | None] = mapped_column(String(32), nullable=True)
    offline: Mapped[bool] = mapped_column(Boolean, default=False)
    reconciled: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """For an offline check: what the later online status check said (`confirmed`,
    `revoked-since`)."""


class PrescriptionRow(Base):
    __tablename__ = "clinic_prescriptions"

    access_code: Mapped[str] = mapped_column(String(16), primary_key=True)
    """The prescription's access code (引換番号), what the patient shows at the pharmacy."""
    reception_number: Mapped[str] = mapped_column(String(32), index=True)
    """The reception check that authenticated the patient with the card (`CheckRow`)."""
    insured: Mapped[str] = mapped_column(String(32))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    """The canonical prescription the doctor signs (`jpki.protocol.hpki.Prescription`)."""
    written_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    signed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    """The doctor's CMS (HPKI signing key), once handed in and checked."""
    doctor: Mapped[str | None] = mapped_column(String(200), nullable=True)
    signed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


__all__ = ["CardKeyRow", "CheckRow", "InsuredRow", "PrescriptionRow"]
