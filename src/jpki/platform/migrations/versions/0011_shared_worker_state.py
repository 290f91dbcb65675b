"""State the platform's workers share (`serve --workers N`, docs/deploy.md): each tenant's
rate-limit bucket, and the count of revocation refreshes the operator asked for, which every
worker follows.

Revision ID: 0011
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rate_buckets",
        sa.Column("tenant_id", sa.String(40), primary_key=True),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.Column("taken", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "revocation_refreshes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("generation", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO revocation_refreshes (id, generation) VALUES (1, 0)")


def downgrade() -> None:
    op.drop_table("revocation_refreshes")
    op.drop_table("rate_buckets")
