"""the pharmacy's patients and dispensings (the medicine notebook)

Revision ID: 0020
Revises: 0035

"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0035"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "pharmacy_patients",
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("reference"),
    )
    op.create_table(
        "pharmacy_dispensings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("access_code", sa.String(length=16), nullable=False),
        sa.Column("patient", sa.String(length=32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prescribed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("clinic", sa.String(length=10), nullable=False),
        sa.Column("doctor", sa.String(length=200), nullable=False),
        sa.Column("hpki_serial", sa.String(length=40), nullable=False),
        sa.Column("medicines", sa.Text(), nullable=False),
        sa.Column("prescription_sha256", sa.String(length=64), nullable=False),
        sa.Column("receipt", sa.String(length=40), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("access_code"),
    )
    op.create_index("ix_pharmacy_dispensings_patient", "pharmacy_dispensings", ["patient"])


def downgrade() -> None:
    op.drop_index("ix_pharmacy_dispensings_patient", table_name="pharmacy_dispensings")
    op.drop_table("pharmacy_dispensings")
    op.drop_table("pharmacy_patients")
