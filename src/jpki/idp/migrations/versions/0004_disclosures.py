"""Disclosure records (開示記録): what the IdP gave which relying party about a holder.

Revision ID: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idp_disclosures",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("holder", sa.String(64), nullable=False),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("recipient", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("items", sa.String(200), nullable=False),
        sa.Column("purpose", sa.String(200), nullable=False),
        sa.Column("consent", sa.String(64), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_idp_disclosures_holder", "idp_disclosures", ["holder"])


def downgrade() -> None:
    op.drop_index("ix_idp_disclosures_holder", "idp_disclosures")
    op.drop_table("idp_disclosures")
