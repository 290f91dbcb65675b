"""Emigrants who keep their card (国外継続利用, since 2024-05-27): the municipality keeping their
戸籍の附票, which names the place in their signing certificate.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("residents", sa.Column("domicile", sa.String(200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("residents") as batch:
        batch.drop_column("domicile")
