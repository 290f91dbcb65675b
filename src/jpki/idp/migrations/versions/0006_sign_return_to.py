"""A signing request may name where the holder returns to at its RP (`return_to`, on one of the
RP's registered redirect origins), so a signature ends back at the RP (issue 20).

Revision ID: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sign_requests") as batch:
        batch.add_column(sa.Column("return_to", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sign_requests") as batch:
        batch.drop_column("return_to")
