"""The authority's database at the head of its migrations has exactly the tables and columns of
its models (the phone columns of revision 0003 included)."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from jpki.authority.store.database import Database
from jpki.authority.store.models import Base


def test_the_migrated_database_matches_the_models(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'authority.db'}")
    database.migrate()
    try:
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection)
            assert compare_metadata(context, Base.metadata) == []
    finally:
        database.dispose()
