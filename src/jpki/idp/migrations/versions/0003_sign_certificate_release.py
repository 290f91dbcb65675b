"""A signing request records whether its RP may receive the signature and the certificate
(`sign_certificate`); without it the IdP keeps neither (issue 25).

Requests made before were answered with both, so they are marked released.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sign_requests") as batch:
        batch.add_column(sa.Column("certificate_released", sa.Boolean(), nullable=True))
    op.execute(sa.text("UPDATE sign_requests SET certificate_released = TRUE"))
    with op.batch_alter_table("sign_requests") as batch:
        batch.alter_column("certificate_released", existing_type=sa.Boolean(), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("sign_requests") as batch:
        batch.drop_column("certificate_released")
