"""Alembic environment of the numbering system: runs on the connection `jpki.storage.upgrade` hands over."""

from alembic import context

from jpki.mynumber.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    version_table="mynumber_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
