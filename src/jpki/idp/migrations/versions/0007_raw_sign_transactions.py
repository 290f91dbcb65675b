"""Signing transactions of the Digital Agency profile (issue 23): the card's raw PKCS#1 v1.5
signature over the digest (`form` "pkcs1", kept in `signature`) beside our detached CMS
(`form` "cms", the default for every earlier row).

Revision ID: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sign_requests") as batch:
        batch.add_column(
            sa.Column("form", sa.String(length=16), nullable=False, server_default="cms")
        )
        batch.add_column(sa.Column("signature", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("sign_requests") as batch:
        batch.drop_column("signature")
        batch.drop_column("form")
