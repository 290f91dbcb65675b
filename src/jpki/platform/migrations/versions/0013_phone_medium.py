"""The medium of a known certificate: `card`, or `phone` for スマホ用電子証明書.

Revision ID: 0013
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "known_certificates",
        sa.Column("medium", sa.String(8), nullable=False, server_default="card"),
    )


def downgrade() -> None:
    with op.batch_alter_table("known_certificates") as batch:
        batch.drop_column("medium")
