"""Linkage management: persons (chains of certificates), customers of tenants, and links.

Revision ID: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "persons",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_table(
        "known_certificates",
        sa.Column("serial", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("purpose", sa.String(8), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("partner_serial", sa.BigInteger(), nullable=True),
        sa.Column("successor_serial", sa.BigInteger(), nullable=True),
        sa.Column("added_at", TIME, nullable=False),
    )
    op.create_index("ix_known_certificates_person_id", "known_certificates", ["person_id"])
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(40), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("reference", sa.String(100), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.UniqueConstraint("tenant_id", "reference"),
    )
    op.create_table(
        "links",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(40), sa.ForeignKey("tenants.id"), nullable=False),
        sa.Column("customer_id", sa.Integer(), sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("person_id", sa.Integer(), sa.ForeignKey("persons.id"), nullable=False),
        sa.Column("linked_at", TIME, nullable=False),
        sa.Column("unlinked_at", TIME, nullable=True),
    )
    op.create_index("ix_links_customer_id", "links", ["customer_id"])
    op.create_index("ix_links_person_id", "links", ["person_id"])


def downgrade() -> None:
    for table in ("links", "customers", "known_certificates", "persons"):
        op.drop_table(table)
