"""The services' revisions, spread over their folders, are still the one linear history a
database migrated before the move carries: same ids, same order, same head."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from jpki.apps.kit.database import MIGRATIONS, VERSIONS, AppsDatabase, Base
from jpki.apps.models import load_all

SHIPPED = [
    ("0001", "bank"), ("0002", "mvno"), ("0003", "tickets"), ("0004", "clinic"),
    ("0005", "insurer"), ("0006", "age"), ("0007", "gov_sso"), ("0008", "disaster"),
    ("0009", "mykey"), ("0010", "payments"), ("0011", "kiosk"), ("0012", "loan"),
    ("0013", "securities"),
]  # fmt: skip
"""The revisions databases already carry (`apps_alembic_version`), and whose folder holds each;
a new service's revisions continue the history after them."""


@pytest.fixture
def database(tmp_path):
    database = AppsDatabase(f"sqlite:///{tmp_path / 'apps.db'}")
    database.migrate()
    yield database
    database.dispose()


def history() -> ScriptDirectory:
    return ScriptDirectory(str(MIGRATIONS), version_locations=[str(v) for v in VERSIONS])


def version(database: AppsDatabase) -> list[str]:
    with database.engine.connect() as connection:
        return list(connection.scalars(text("SELECT version_num FROM apps_alembic_version")))


def test_the_history_keeps_its_ids_and_order_each_revision_in_its_services_folder():
    scripts = list(reversed(list(history().walk_revisions())))
    shipped = [(script.revision, Path(script.path).parent.parent.name) for script in scripts]
    assert shipped[: len(SHIPPED)] == SHIPPED
    downs = [script.down_revision for script in scripts]
    assert downs == [None, *(script.revision for script in scripts[:-1])]


def test_a_database_at_the_head_stays_there_and_its_tables_match_the_models(database):
    head = history().get_current_head()
    assert version(database) == [head]
    database.migrate()
    assert version(database) == [head]
    load_all()
    with database.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": "apps_alembic_version"}
        )
        assert compare_metadata(context, Base.metadata) == []
