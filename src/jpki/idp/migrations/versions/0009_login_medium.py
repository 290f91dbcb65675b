"""The medium whose key answered a login (`card`, or `phone` for スマホ用電子証明書), kept with the
login, its code and its tokens so the ID token's `amr` can name it.

Revision ID: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

TABLES = ("logins", "authorization_codes", "tokens")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("medium", sa.String(8), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("medium")
