"""Disclosure records (開示記録): what J-LIS told which verifier about a certificate.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("serial", sa.BigInteger, nullable=False),
        sa.Column("verifier_id", sa.Integer, nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("items", sa.String(200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_disclosures_serial", "disclosures", ["serial"])


def downgrade() -> None:
    op.drop_index("ix_disclosures_serial", "disclosures")
    op.drop_table("disclosures")
