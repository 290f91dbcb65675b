"""the employer's staff IDs on the card's free area

Revision ID: 0022
Revises: 0031

"""

import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0031"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "employer_issuances",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("employee", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sequence", sa.Integer(), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_employer_issuances_employee", "employer_issuances", ["employee"])
    op.create_table(
        "employer_badges",
        sa.Column("employee", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("employee"),
    )
    op.create_table(
        "employer_passages",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gate", sa.String(length=32), nullable=False),
        sa.Column("employee", sa.String(length=16), nullable=False),
        sa.Column("admitted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )


def downgrade() -> None:
    op.drop_table("employer_passages")
    op.drop_table("employer_badges")
    op.drop_index("ix_employer_issuances_employee", "employer_issuances")
    op.drop_table("employer_issuances")
