"""Alembic environment of the attribute authority: runs on the connection
`jpki.storage.upgrade` hands over."""

from alembic import context

from jpki.attributes.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=True,
    version_table="aa_alembic_version",
)
with context.begin_transaction():
    context.run_migrations()
