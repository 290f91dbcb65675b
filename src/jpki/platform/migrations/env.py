"""Alembic environment of the platform: runs on the connection `jpki.storage.upgrade` hands over."""

from alembic import context

from jpki.platform.store.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
