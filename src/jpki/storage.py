"""Database plumbing every party with a database shares: engines, sessions, migrations.

Each party owns its own tables and Alembic migrations (an authority's database is not a
platform's); what they share is how a database is opened. SQLite (a file under the data
folder) is the embedded default, tuned for durability (WAL, synchronous=FULL: an acknowledged
write survives a killed process); PostgreSQL is used by URL (`postgresql+psycopg://...`).

A SQLite file is created 0600 in a 0700 folder before SQLite opens it (SQLite gives its -wal
and -shm files the database's mode), so no database is ever readable by another user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import DateTime, Engine, create_engine, event, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from jpki.files import private_file

Row = TypeVar("Row")
"""A mapped row of any party's tables."""


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def _tune_sqlite(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _private_sqlite_files(url: str) -> None:
    """The database file of a SQLite `url` (and any -wal, -shm left beside it) made 0600."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return
    path = Path(database)
    private_file(path)
    for companion in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if companion.exists():
            private_file(companion)


def make_engine(url: str) -> Engine:
    """An engine tuned per backend; a SQLite file private to its owner (0600)."""
    if url.startswith("sqlite"):
        _private_sqlite_files(url)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _tune_sqlite)
        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


MIGRATION_LOCK = 0x4A504B49_4D494752
"""PostgreSQL advisory lock key held while a party's migrations run ("JPKI" "MIGR")."""


def upgrade(engine: Engine, migrations: Path, versions: Sequence[Path] = ()) -> None:
    """Bring the schema to the newest migration in `migrations` (idempotent).

    The revisions are in `migrations/versions/` unless `versions` names the folders that hold
    them (the services keep theirs beside each service's code)."""
    config = Config()
    config.set_main_option("script_location", str(migrations))
    if versions:
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", os.pathsep.join(map(str, versions)))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Workers started together (`serve --workers N`, several hosts) would otherwise
            # race to create the same tables: one migrates, the others wait and find the head.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class UtcDateTime(TypeDecorator[dt.datetime]):
    """Aware UTC datetimes on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: object) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(dt.UTC)

    def process_result_value(
        self, value: dt.datetime | None, dialect: object
    ) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class Database:
    """An engine and a session factory; `transaction()` commits or rolls back."""

    def __init__(self, url: str, migrations: Path, versions: Sequence[Path] = ()) -> None:
        self.url = url
        self.migrations = migrations
        self.versions = tuple(versions)
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
        upgrade(self.engine, self.migrations, self.versions)

    @contextlib.contextmanager
    def only_one(self, job: str) -> Iterator[bool]:
        """Whether this process may run `job` now, no other worker running it at the same time.

        On PostgreSQL a session advisory lock named after the job is tried (never waited for)
        on a connection of its own and held for the block: of N workers whose timers fire
        together, one runs the job and the others skip that round (a scheduled status check
        run twice would queue every change notification twice). SQLite serves one worker:
        always True."""
        if not self.is_postgresql:
            yield True
            return
        key = zlib.crc32(f"jpki-job:{job}".encode())
        with self.engine.connect() as connection:
            got = bool(
                connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
            )
            connection.commit()
            try:
                yield got
            finally:
                if got:
                    connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                    connection.commit()

    def healthy(self) -> bool:
        """Whether the database answers a round trip now (a worker's health check)."""
        try:
            with self.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except SQLAlchemyError:
            return False
        return True

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session whose work is committed (durably) on success and rolled back on error."""
        with self._sessions() as session, session.begin():
            yield session

    def added(self, row: Row) -> Row:
        """`row`, inserted in a transaction of its own."""
        with self.transaction() as session:
            session.add(row)
        return row

    def found(self, model: type[Row], key: object, missing: Exception) -> Row:
        """The `model` row with primary key `key`, read in a transaction of its own; raises
        `missing` when there is none."""
        with self.transaction() as session:
            row = session.get(model, key)
        if row is None:
            raise missing
        return row

    def dispose(self) -> None:
        self.engine.dispose()


__all__ = ["Database", "UtcDateTime", "make_engine", "sqlite_url", "upgrade"]
