"""The services' database: one SQLAlchemy metadata and one Alembic chain for every service of
the use cases, each service owning its own tables (named with its prefix: `bank_`, `gate_`...).

In the sandbox all services share one SQLite file under `<data>/apps/`; a deployment gives
each its own URL (the tables of the others stay empty there).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import DeclarativeBase

from jpki import storage

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class Base(DeclarativeBase):
    pass


class AppsDatabase(storage.Database):
    def __init__(self, url: str) -> None:
        super().__init__(url, MIGRATIONS)


__all__ = ["AppsDatabase", "Base"]
