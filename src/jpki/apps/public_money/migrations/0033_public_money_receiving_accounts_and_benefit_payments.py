"""public-money receiving accounts and benefit payments

Revision ID: 0033
Revises: 0032

"""

import sqlalchemy as sa
from alembic import op

revision = "0033"
down_revision = "0032"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "public_money_accounts",
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("bank", sa.String(length=4), nullable=False),
        sa.Column("branch", sa.String(length=3), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("number", sa.String(length=7), nullable=False),
        sa.Column("holder_kana", sa.String(length=100), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("reference"),
        sa.UniqueConstraint("user_id"),
    )
    op.create_table(
        "public_money_payments",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("benefit", sa.String(length=32), nullable=False),
        sa.Column("municipality", sa.String(length=40), nullable=False),
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("account", sa.String(length=40), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["reference"], ["public_money_accounts.reference"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("benefit", "reference"),
    )
    with op.batch_alter_table("public_money_payments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_public_money_payments_benefit"), ["benefit"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_public_money_payments_reference"), ["reference"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("public_money_payments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_public_money_payments_reference"))
        batch_op.drop_index(batch_op.f("ix_public_money_payments_benefit"))
    op.drop_table("public_money_payments")
    op.drop_table("public_money_accounts")
