"""Server-side IdP sessions for logout (issue 23): each single sign-on session's `sid`, the
RPs that received a code in it, the session a code or token belongs to, and the outbox of
back-channel logout tokens.

Revision ID: 0010
"""

import sqlalchemy as sa
from alembic import op

TIME = sa.DateTime(timezone=True)

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "idp_sessions",
        sa.Column("sid", sa.String(length=64), primary_key=True),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("created_at", TIME, nullable=False),
        sa.Column("ended_at", TIME, nullable=True),
    )
    op.create_index("ix_idp_sessions_holder", "idp_sessions", ["holder"])
    op.create_table(
        "idp_session_clients",
        sa.Column("sid", sa.String(length=64), primary_key=True),
        sa.Column("client_id", sa.String(length=64), primary_key=True),
        sa.Column("joined_at", TIME, nullable=False),
    )
    op.create_table(
        "logout_deliveries",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("client_id", sa.String(length=64), nullable=False),
        sa.Column("uri", sa.Text(), nullable=False),
        sa.Column("holder", sa.String(length=64), nullable=False),
        sa.Column("sid", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", TIME, nullable=True),
        sa.Column("delivered_at", TIME, nullable=True),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.Column("created_at", TIME, nullable=False),
    )
    op.create_index("ix_logout_deliveries_next_at", "logout_deliveries", ["next_at"])
    op.add_column("authorization_codes", sa.Column("sid", sa.String(64), nullable=True))
    op.add_column("tokens", sa.Column("sid", sa.String(64), nullable=True))
    op.create_index("ix_tokens_sid", "tokens", ["sid"])


def downgrade() -> None:
    op.drop_index("ix_tokens_sid", "tokens")
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("sid")
    with op.batch_alter_table("authorization_codes") as batch:
        batch.drop_column("sid")
    op.drop_table("logout_deliveries")
    op.drop_table("idp_session_clients")
    op.drop_table("idp_sessions")
