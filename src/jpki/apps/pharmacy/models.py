"""The pharmacy's tables: the patients who registered their card, and every dispensing (調剤)
recorded against the patient, which the medicine notebook shows to that patient alone."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class PatientRow(Base):
    __tablename__ = "pharmacy_patients"

    reference: Mapped[str] = mapped_column(String(32), primary_key=True)
    """A random reference the platform links the card to (代行: no serial, no number)."""
    name: Mapped[str] = mapped_column(String(200))
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    """Name and birth date (consented at registration): what a prescription is matched on."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


class DispensingRow(Base):
    __tablename__ = "pharmacy_dispensings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    access_code: Mapped[str] = mapped_column(String(16), unique=True)
    """The prescription's access code (引換番号): one prescription is dispensed once."""
    patient: Mapped[str] = mapped_column(String(32), index=True)
    """The `PatientRow.reference` it was dispensed to."""
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    prescribed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    clinic: Mapped[str] = mapped_column(String(10))
    doctor: Mapped[str] = mapped_column(String(200))
    """The prescribing doctor as the HPKI certificate names them."""
    hpki_serial: Mapped[str] = mapped_column(String(40))
    medicines: Mapped[str] = mapped_column(Text)
    """The prescription's medicines (JSON list of name, dose, days)."""
    prescription_sha256: Mapped[str] = mapped_column(String(64))
    """The signed prescription's digest, as evidence of what was dispensed."""
    receipt: Mapped[str | None] = mapped_column(String(40), nullable=True)
    """The platform's receipt of the patient's card login."""


__all__ = ["DispensingRow", "PatientRow"]
