"""Passkeys after card proofing (issue 23): WebAuthn credentials of holders who logged in with
the card, the authentication certificate each holder's passkeys stand on, and one-time
WebAuthn challenges.

Revision ID: 0008
"""

import sqlalchemy as sa
from alembic import op

TIME = sa.DateTime(timezone=True)

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "passkeys",
        sa.Column("credential_id", sa.String(length=512), primary_key=True),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.LargeBinary(), nullable=False),
        sa.Column("sign_count", sa.Integer(), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("last_used_at", TIME, nullable=True),
        sa.Column("suspended_at", TIME, nullable=True),
    )
    op.create_table(
        "passkey_card_proofs",
        sa.Column("holder", sa.String(length=64), primary_key=True),
        sa.Column("certificate", sa.LargeBinary(), nullable=False),
        sa.Column("proved_at", TIME, nullable=False),
    )
    op.create_table(
        "webauthn_challenges",
        sa.Column("challenge_hash", sa.String(length=64), primary_key=True),
        sa.Column("purpose", sa.String(length=16), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=False),
        sa.Column("expires_at", TIME, nullable=False),
    )
    op.create_index("ix_passkeys_holder", "passkeys", ["holder"])
    op.create_index("ix_webauthn_challenges_expires_at", "webauthn_challenges", ["expires_at"])


def downgrade() -> None:
    op.drop_table("webauthn_challenges")
    op.drop_table("passkey_card_proofs")
    op.drop_table("passkeys")
