"""Engine, sessions and migrations of the authority's database.

SQLite (a file under the data folder) is the embedded default; PostgreSQL is used by URL
(`postgresql+psycopg://...`). SQLite runs in WAL mode with synchronous=FULL so that a
revocation acknowledged to a caller survives a killed process.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    """An engine for the authority's database, tuned per backend."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Database:
    """The authority's engine and a session factory; `transaction()` commits or rolls back."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def url_is_shareable(self) -> bool:
        """True if another process can open the same database by URL (not in-memory SQLite)."""
        return ":memory:" not in self.url and self.url not in ("sqlite://", "sqlite:///")

    @property
    def is_postgresql(self) -> bool:
        return self.engine.dialect.name == "postgresql"

    def migrate(self) -> None:
        upgrade(self.engine)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed (durably) on success and rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def lock_revocations(self, session: Session) -> None:
        """Wait for in-flight revocations to commit before a CRL snapshot (PostgreSQL).

        SQLite serialises writers already; PostgreSQL could otherwise commit a revocation
        with a smaller id after the snapshot, and a delta CRL would miss it.
        """
        if self.is_postgresql:
            session.execute(text("LOCK TABLE revocations IN SHARE MODE"))

    def dispose(self) -> None:
        self.engine.dispose()


__all__ = ["Database", "make_engine", "sqlite_url", "upgrade"]
