"""Disclosure records (開示記録): what the platform told which tenant about a person.

Revision ID: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("serial", sa.BigInteger, nullable=False),
        sa.Column("tenant_id", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("items", sa.Text, nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("consent", sa.String(64), nullable=True),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_disclosures_serial", "disclosures", ["serial"])


def downgrade() -> None:
    op.drop_index("ix_disclosures_serial", "disclosures")
    op.drop_table("disclosures")
