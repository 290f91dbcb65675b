"""The attribute authority's issued certificates and CRL numbers.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "aa_issued",
        sa.Column("serial", sa.String(50), primary_key=True),
        sa.Column("office", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("holder", sa.String(120), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(40), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reason", sa.String(32), nullable=True),
    )
    op.create_index("ix_aa_issued_office", "aa_issued", ["office"])
    op.create_index("ix_aa_issued_holder", "aa_issued", ["holder"])
    op.create_index("ix_aa_issued_revoked_at", "aa_issued", ["revoked_at"])
    op.create_table(
        "aa_crls",
        sa.Column("number", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("this_update", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("aa_crls")
    op.drop_table("aa_issued")
