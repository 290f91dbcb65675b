"""the counter's checks

Revision ID: 0017
Revises: 0016

"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "counter_checks",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=400), nullable=False),
        sa.Column("seal", sa.String(length=16), nullable=False),
        sa.Column("certificate", sa.String(length=200), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=8), nullable=False),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("municipality", sa.String(length=200), nullable=False),
        sa.Column("photo_png", sa.LargeBinary(), nullable=False),
        sa.Column("name_png", sa.LargeBinary(), nullable=False),
        sa.Column("address_png", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("counter_checks")
