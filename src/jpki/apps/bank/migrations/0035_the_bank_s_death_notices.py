"""the bank's death notices (death one-stop: frozen accounts)

Revision ID: 0035
Revises: 0034

"""

import sqlalchemy as sa
from alembic import op

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_death_notices",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=16), nullable=False),
        sa.Column("situation", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("frozen", sa.Boolean(), nullable=False),
        sa.Column("registrar", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("event_id"),
    )
    with op.batch_alter_table("bank_death_notices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_bank_death_notices_account"), ["account"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_death_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_bank_death_notices_account"))
    op.drop_table("bank_death_notices")
