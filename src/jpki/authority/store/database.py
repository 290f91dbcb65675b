"""The authority's database: the shared plumbing (`jpki.storage`) with the authority's
migrations, and the lock a CRL snapshot needs."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from jpki import storage

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


class Database(storage.Database):
    """The authority's engine and sessions."""

    def __init__(self, url: str) -> None:
        super().__init__(url, MIGRATIONS)

    def lock_revocations(self, session: Session) -> None:
        """Wait for in-flight revocations to commit before a CRL snapshot (PostgreSQL).

        SQLite serialises writers already; PostgreSQL could otherwise commit a revocation
        with a smaller id after the snapshot, and a delta CRL would miss it.
        """
        if self.is_postgresql:
            session.execute(text("LOCK TABLE revocations IN SHARE MODE"))


__all__ = ["MIGRATIONS", "Database"]
