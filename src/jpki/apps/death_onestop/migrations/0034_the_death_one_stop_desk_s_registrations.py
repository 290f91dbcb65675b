"""the death one-stop desk's registrations

Revision ID: 0034
Revises: 0033

"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "onestop_registrations",
        sa.Column("reference", sa.String(length=24), nullable=False),
        sa.Column("family_code", sa.String(length=16), nullable=False),
        sa.Column("targets", sa.Text(), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("death_situation", sa.String(length=32), nullable=True),
        sa.Column("death_noticed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notified", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("reference"),
        sa.UniqueConstraint("family_code"),
    )


def downgrade() -> None:
    op.drop_table("onestop_registrations")
