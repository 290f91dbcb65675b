"""The IdP's database at the head of its migrations has exactly the tables, columns and indexes
of its models (the sessions and the logout outbox of revision 0010 included), and a database
made before 0010 keeps its tokens through the upgrade."""

from __future__ import annotations

import datetime as dt

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text

from jpki.idp.store.database import Database
from jpki.idp.store.models import Base, TokenRow
from tests.idp.flow import migrate_to


def test_the_migrated_database_matches_the_models(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'idp.db'}")
    database.migrate()
    try:
        with database.engine.connect() as connection:
            found = compare_metadata(MigrationContext.configure(connection), Base.metadata)
        assert [d for d in found if not str(d[1]).endswith("alembic_version")] == []
    finally:
        database.dispose()


def test_tokens_from_before_sessions_survive_the_upgrade(tmp_path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'idp.db'}")
    try:
        migrate_to(database, "0009")
        now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC).isoformat(sep=" ")
        with database.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO tokens (access_hash, client_id, scope, holder, acr, auth_time,"
                    " claims_json, issued_at, expires_at) VALUES ('a', 'rp', 'openid', 'h',"
                    " 'urn:jpki:acr:pin', 0, '{}', :now, :now)"
                ),
                {"now": now},
            )
        database.migrate()
        with database.transaction() as session:
            [row] = session.query(TokenRow).all()
            assert (row.access_hash, row.sid) == ("a", None)
    finally:
        database.dispose()
