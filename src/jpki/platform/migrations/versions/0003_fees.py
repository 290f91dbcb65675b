"""Fee counters: per tenant, month, billable item and certificate purpose.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee_counts",
        sa.Column("tenant_id", sa.String(40), sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("month", sa.String(7), primary_key=True),
        sa.Column("item", sa.String(24), primary_key=True),
        sa.Column("purpose", sa.String(8), primary_key=True),
        sa.Column("count", sa.BigInteger(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("fee_counts")
