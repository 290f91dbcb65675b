"""the exam office's exams, applicants and door checks

Revision ID: 0032
Revises: 0027

"""

import sqlalchemy as sa
from alembic import op

revision = "0032"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exam_exams",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("name_ja", sa.String(length=200), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("rooms", sa.String(length=200), nullable=False),
        sa.Column("seats_per_room", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "exam_applicants",
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("exam", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("room", sa.String(length=16), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=False),
        sa.Column("holder_certificate", sa.String(length=80), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(length=32), nullable=False),
        sa.Column("checked_in_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["exam"], ["exam_exams.id"]),
        sa.PrimaryKeyConstraint("number"),
        sa.UniqueConstraint("exam", "holder_certificate"),
    )
    with op.batch_alter_table("exam_applicants", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_applicants_exam"), ["exam"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_exam_applicants_holder_certificate"),
            ["holder_certificate"],
            unique=False,
        )
    op.create_table(
        "exam_door_checks",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("exam", sa.String(length=32), nullable=False),
        sa.Column("room", sa.String(length=16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("admitted", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=True),
        sa.Column("receipt", sa.String(length=32), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("exam_door_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_door_checks_exam"), ["exam"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("exam_door_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_door_checks_exam"))
    op.drop_table("exam_door_checks")
    with op.batch_alter_table("exam_applicants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_applicants_holder_certificate"))
        batch_op.drop_index(batch_op.f("ix_exam_applicants_exam"))
    op.drop_table("exam_applicants")
    op.drop_table("exam_exams")
