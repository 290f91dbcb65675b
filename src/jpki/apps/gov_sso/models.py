"""The e-application sites' table: applications filed by logged-in users."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jpki.apps.kit.database import Base
from jpki.storage import UtcDateTime


class ApplicationRow(Base):
    __tablename__ = "gov_applications"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str] = mapped_column(String(128), index=True)
    """The IdP's `sub` for this site (pairwise: another site cannot join it)."""
    procedure: Mapped[str] = mapped_column(String(64))
    acr: Mapped[str] = mapped_column(String(64))
    filed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)


__all__ = ["ApplicationRow"]
