"""the information bank's drivers, drives, consents and disclosures

Revision ID: 0030
Revises: 0029

"""

import sqlalchemy as sa
from alembic import op

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "infobank_drivers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("user_id"),
    )
    op.create_table(
        "infobank_drives",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("km", sa.Integer(), nullable=False),
        sa.Column("hard_brakes", sa.Integer(), nullable=False),
        sa.Column("speeding", sa.Integer(), nullable=False),
        sa.Column("night", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["driver_id"], ["infobank_drivers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_infobank_drives_driver_id"), "infobank_drives", ["driver_id"], unique=False
    )
    op.create_table(
        "infobank_consents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("driver_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=16), nullable=False),
        sa.Column("items", sa.String(length=64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("receipt", sa.String(length=40), nullable=False),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["driver_id"], ["infobank_drivers.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token"),
    )
    op.create_index(
        op.f("ix_infobank_consents_driver_id"), "infobank_consents", ["driver_id"], unique=False
    )
    op.create_index(
        op.f("ix_infobank_consents_recipient"), "infobank_consents", ["recipient"], unique=False
    )
    op.create_table(
        "infobank_disclosures",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consent_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("items", sa.String(length=64), nullable=False),
        sa.Column("drives", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["consent_id"], ["infobank_consents.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_infobank_disclosures_consent_id"),
        "infobank_disclosures",
        ["consent_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_infobank_disclosures_consent_id"), table_name="infobank_disclosures")
    op.drop_table("infobank_disclosures")
    op.drop_index(op.f("ix_infobank_consents_recipient"), table_name="infobank_consents")
    op.drop_index(op.f("ix_infobank_consents_driver_id"), table_name="infobank_consents")
    op.drop_table("infobank_consents")
    op.drop_index(op.f("ix_infobank_drives_driver_id"), table_name="infobank_drives")
    op.drop_table("infobank_drives")
    op.drop_table("infobank_drivers")
