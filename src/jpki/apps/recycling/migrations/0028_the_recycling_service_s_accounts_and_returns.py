"""the recycling service's accounts and returns

Revision ID: 0028
Revises: 0017

"""

import sqlalchemy as sa
from alembic import op

revision = "0028"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recycling_accounts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("user_id"),
    )
    op.create_table(
        "recycling_returns",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("appliance", sa.String(length=16), nullable=False),
        sa.Column("box", sa.String(length=16), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["account_id"], ["recycling_accounts.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_recycling_returns_account_id"), "recycling_returns", ["account_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_recycling_returns_account_id"), table_name="recycling_returns")
    op.drop_table("recycling_returns")
    op.drop_table("recycling_accounts")
