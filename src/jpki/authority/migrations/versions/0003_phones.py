"""Phones (スマホ用電子証明書): the medium of a card row, the card a phone was issued from, the
card certificate a phone's certificate follows, and the nonces of issuance requests seen.

Revision ID: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("cards", sa.Column("medium", sa.String(8), nullable=False, server_default="card"))
    op.add_column("cards", sa.Column("source_card_id", sa.String(16), nullable=True))
    op.create_index("ix_cards_source_card_id", "cards", ["source_card_id"])
    op.add_column("certificates", sa.Column("source_serial", sa.BigInteger, nullable=True))
    op.create_index("ix_certificates_source_serial", "certificates", ["source_serial"])
    op.create_table(
        "phone_requests",
        sa.Column("nonce", sa.String(64), primary_key=True),
        sa.Column("card_serial", sa.BigInteger, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_phone_requests_card_serial", "phone_requests", ["card_serial"])


def downgrade() -> None:
    op.drop_index("ix_phone_requests_card_serial", "phone_requests")
    op.drop_table("phone_requests")
    op.drop_index("ix_certificates_source_serial", "certificates")
    with op.batch_alter_table("certificates") as batch:
        batch.drop_column("source_serial")
    op.drop_index("ix_cards_source_card_id", "cards")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("source_card_id")
        batch.drop_column("medium")
