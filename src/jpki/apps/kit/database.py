"""The services' database: one SQLAlchemy metadata and one Alembic chain for every service of
the use cases, each service owning its own tables (named with its prefix: `bank_`, `gate_`...)
and keeping their revisions in its own `migrations/` folder. The chain stays one linear
history (0001 the bank ... 0013 the securities company) spread over those folders, so a
database migrated before the revisions moved is at the same head.

In the sandbox all services share one SQLite file under `<data>/apps/`; a deployment gives
each its own URL (the tables of the others stay empty there).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import DeclarativeBase

from jpki import storage
from jpki.apps.registry import SERVICES

MIGRATIONS = Path(__file__).resolve().with_name("migrations")
"""The services' Alembic environment (`env.py`, the revision template)."""
VERSIONS = tuple(MIGRATIONS.parent.parent / service / "migrations" for service in SERVICES)
"""Every registered service's revisions."""


class Base(DeclarativeBase):
    pass


class AppsDatabase(storage.Database):
    def __init__(self, url: str) -> None:
        super().__init__(url, MIGRATIONS, VERSIONS)


__all__ = ["MIGRATIONS", "VERSIONS", "AppsDatabase", "Base"]
