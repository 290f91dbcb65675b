"""The one-stop desk's table: each advance registration, and what became of it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class RegistrationRow(Base):
    __tablename__ = "onestop_registrations"

    reference: Mapped[str] = mapped_column(String(24), primary_key=True)
    """The customer reference the signed registration linked at the platform."""
    family_code: Mapped[str] = mapped_column(String(16), unique=True)
    """The enquiry number (照会番号) the holder hands to their family."""
    targets: Mapped[str] = mapped_column(Text)
    """The businesses chosen, one `tenant<TAB>name` a line."""
    registered_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    receipt: Mapped[str] = mapped_column(String(32))
    ended_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    """Set when the holder replaced the registration by a newer one."""
    death_situation: Mapped[str | None] = mapped_column(String(32), nullable=True)
    """The situation of the platform's death notification (`died`, `died-or-emigrated`)."""
    death_noticed_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, nullable=True)
    notified: Mapped[str | None] = mapped_column(Text, nullable=True)
    """The businesses the platform notified, one `tenant<TAB>name` a line."""


__all__ = ["RegistrationRow"]
