"""the welfare office's copies of the certificates of grounds it issued

Revision ID: 0018
Revises: 0021

"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "fee_certificates",
        sa.Column("serial", sa.String(length=50), nullable=False),
        sa.Column("grounds", sa.String(length=32), nullable=False),
        sa.Column("certificate", sa.Text(), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(length=40), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("serial"),
    )


def downgrade() -> None:
    op.drop_table("fee_certificates")
