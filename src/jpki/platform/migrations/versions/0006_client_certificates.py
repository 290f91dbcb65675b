"""Mutual TLS: the SHA-256 of each tenant's client certificate.

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(sa.Column("client_cert_sha256", sa.String(64), nullable=True))
        batch.create_unique_constraint("uq_tenants_client_cert", ["client_cert_sha256"])


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_constraint("uq_tenants_client_cert")
        batch.drop_column("client_cert_sha256")
