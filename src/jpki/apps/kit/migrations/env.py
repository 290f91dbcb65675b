"""Alembic environment of the services: runs on the connection `jpki.storage.upgrade` hands
over; the revisions are in each service's `migrations/` folder."""

from alembic import context

from jpki.apps.kit.database import Base
from jpki.apps.models import load_all

load_all()
connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    version_table="apps_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
