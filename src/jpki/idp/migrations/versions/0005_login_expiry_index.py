"""Logins are found by their expiry: claims a holder never decided on are dropped once the
login is over (issue 25), without scanning every login.

Revision ID: 0005
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_logins_expires_at", "logins", ["expires_at"])


def downgrade() -> None:
    op.drop_index("ix_logins_expires_at", table_name="logins")
