"""The exam office's tables: exams, applicants with admission tickets bound to a certificate,
and the log of every card checked at a room's door."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class ExamRow(Base):
    __tablename__ = "exam_exams"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(200))
    name_ja: Mapped[str] = mapped_column(String(200))
    day: Mapped[dt.date] = mapped_column(Date)
    rooms: Mapped[str] = mapped_column(String(200))
    """The exam rooms, comma-separated (`A101,A102`); applicants are seated in turn."""
    seats_per_room: Mapped[int] = mapped_column(Integer)


class ApplicantRow(Base):
    __tablename__ = "exam_applicants"
    __table_args__ = (UniqueConstraint("exam", "holder_certificate"),)

    number: Mapped[str] = mapped_column(String(16), primary_key=True)
    """The examinee number (受験番号) printed on the admission ticket (受験票)."""
    exam: Mapped[str] = mapped_column(ForeignKey("exam_exams.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    """The name the applicant gave (the proctor reads it aloud; the card, not the name, binds)."""
    room: Mapped[str] = mapped_column(String(16))
    seat: Mapped[int] = mapped_column(Integer)
    holder_certificate: Mapped[str] = mapped_column(String(80), index=True)
    """The applicant's authentication certificate (issuer generation and serial, 委託 model)."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)


class DoorCheckRow(Base):
    __tablename__ = "exam_door_checks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    exam: Mapped[str] = mapped_column(String(32), index=True)
    room: Mapped[str] = mapped_column(String(16))
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    admitted: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(64))
    number: Mapped[str | None] = mapped_column(String(16), nullable=True)
    receipt: Mapped[str | None] = mapped_column(String(32), nullable=True)


__all__ = ["ApplicantRow", "DoorCheckRow", "ExamRow"]
