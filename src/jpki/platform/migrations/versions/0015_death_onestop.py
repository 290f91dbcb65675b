"""The death one-stop (死亡・相続ワンストップ): the businesses each person chose, through a
registrar service, to be told to start their procedures on the person's death.

Revision ID: 0015
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "death_onestop_registrations",
        sa.Column("person_id", sa.Integer, sa.ForeignKey("persons.id"), primary_key=True),
        sa.Column("registrar_id", sa.String(40), sa.ForeignKey("tenants.id"), primary_key=True),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("targets", sa.Text, nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("death_onestop_registrations")
