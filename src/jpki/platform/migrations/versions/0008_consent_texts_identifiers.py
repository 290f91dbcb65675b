"""Consent texts a registration spends once, and the tenant's choice of user IDs.

Revision ID: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "consent_texts",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("tenant_id", sa.String(40), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("items", sa.String(64), nullable=False),
        sa.Column("issued_at", TIME, nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
        sa.Column("spent_at", TIME, nullable=True),
    )
    op.create_index("ix_consent_texts_tenant_id", "consent_texts", ["tenant_id"])
    with op.batch_alter_table("tenants") as batch:
        batch.add_column(
            sa.Column("identifiers", sa.String(16), nullable=False, server_default="stable")
        )


def downgrade() -> None:
    with op.batch_alter_table("tenants") as batch:
        batch.drop_column("identifiers")
    op.drop_index("ix_consent_texts_tenant_id", "consent_texts")
    op.drop_table("consent_texts")
