"""Each tenant's revocation policy: which source answers first (CRL or OCSP), or only one.

Revision ID: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(
            sa.Column(
                "revocation_policy", sa.String(16), nullable=False, server_default="crl-then-ocsp"
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("revocation_policy")
