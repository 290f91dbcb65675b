"""the clinic keys cards by its own HMAC, not the certificate's SHA-256 (代行: no hashes)

The offline cache's fingerprints were SHA-256 hashes of holders' authentication certificates;
they are dropped (the cache refills at each card's next online check) and the table that
replaces them holds keys under the clinic's secret (`jpki.apps.clinic.card_keys`).

Revision ID: 0015
Revises: 0014
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("clinic_seen_certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_seen_certificates_insured"))
    op.drop_table("clinic_seen_certificates")
    op.create_table(
        "clinic_card_keys",
        sa.Column("card_key", sa.String(length=64), nullable=False),
        sa.Column("insured", sa.String(length=32), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("card_key"),
    )
    with op.batch_alter_table("clinic_card_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_clinic_card_keys_insured"), ["insured"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("clinic_card_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_clinic_card_keys_insured"))
    op.drop_table("clinic_card_keys")
    op.create_table(
        "clinic_seen_certificates",
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("insured", sa.String(length=32), nullable=False),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("fingerprint"),
    )
    with op.batch_alter_table("clinic_seen_certificates", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_clinic_seen_certificates_insured"), ["insured"], unique=False
        )
