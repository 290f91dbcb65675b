"""the clinic's e-prescriptions, written after a card check and signed with the doctor's HPKI key

Revision ID: 0021
Revises: 0020

"""

import sqlalchemy as sa
from alembic import op

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "clinic_prescriptions",
        sa.Column("access_code", sa.String(length=16), nullable=False),
        sa.Column("reception_number", sa.String(length=32), nullable=False),
        sa.Column("insured", sa.String(length=32), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed", sa.LargeBinary(), nullable=True),
        sa.Column("doctor", sa.String(length=200), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("access_code"),
    )
    op.create_index(
        "ix_clinic_prescriptions_reception_number", "clinic_prescriptions", ["reception_number"]
    )


def downgrade() -> None:
    op.drop_index("ix_clinic_prescriptions_reception_number", table_name="clinic_prescriptions")
    op.drop_table("clinic_prescriptions")
