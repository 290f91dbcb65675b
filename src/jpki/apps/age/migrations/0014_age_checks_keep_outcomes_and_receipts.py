"""the age service's check log keeps the outcome, its time and the platform's receipt only

Revision ID: 0014
Revises: 0013

"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("age_checks") as batch:
        batch.drop_column("terminal")
        batch.add_column(sa.Column("receipt", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("age_checks") as batch:
        batch.drop_column("receipt")
        batch.add_column(
            sa.Column("terminal", sa.String(length=32), nullable=False, server_default="api")
        )
