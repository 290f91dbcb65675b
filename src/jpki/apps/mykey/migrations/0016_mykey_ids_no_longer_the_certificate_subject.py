"""MyKey IDs are no longer the authentication certificate's subject (代行: no subjects)

Every account whose MyKey ID is not a chosen one confirmed by the holder held its card's
subject CN (or nothing before the first login); each gets 14 fresh random characters instead.

Revision ID: 0016
Revises: 0015
"""

import secrets
import string

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

ALPHABET = string.ascii_uppercase + string.digits
"""The MyKey ID's characters (as `jpki.profile.identifiers`, frozen here for this revision)."""


def upgrade() -> None:
    accounts = sa.table(
        "mykey_accounts",
        sa.column("id", sa.Integer()),
        sa.column("mykey_id", sa.String()),
        sa.column("confirmed_chosen", sa.Boolean()),
    )
    connection = op.get_bind()
    unconfirmed = connection.scalars(
        sa.select(accounts.c.id).where(sa.not_(accounts.c.confirmed_chosen))
    ).all()
    for account_id in unconfirmed:
        fresh = "".join(secrets.choice(ALPHABET) for _ in range(14))
        connection.execute(
            accounts.update().where(accounts.c.id == account_id).values(mykey_id=fresh)
        )


def downgrade() -> None:
    """The subjects are gone on purpose; the random IDs stay."""
