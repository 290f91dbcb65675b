"""licence data on the card (マイナ免許証)

Revision ID: 0023
Revises: 0022

"""

import sqlalchemy as sa
from alembic import op

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "licence_writes",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_on", sa.Date(), nullable=False),
        sa.Column("categories", sa.String(length=100), nullable=False),
        sa.Column("conditions", sa.String(length=400), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_licence_writes_number", "licence_writes", ["number"])
    op.create_table(
        "licence_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("valid", sa.Boolean(), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("number", sa.String(length=12), nullable=False),
        sa.Column("licensed_on", sa.Date(), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.Column("categories", sa.String(length=100), nullable=False),
        sa.Column("conditions", sa.String(length=400), nullable=False),
        sa.Column("authority", sa.String(length=40), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("licence_checks")
    op.drop_index("ix_licence_writes_number", "licence_writes")
    op.drop_table("licence_writes")
