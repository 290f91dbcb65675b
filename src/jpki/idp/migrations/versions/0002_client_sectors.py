"""Each RP's sector (OIDC Core 8.1) becomes a column the IdP sets, no longer the
`sector_identifier` an RP's metadata claimed.

Existing RPs keep the sector their holders' `sub` was computed under when the IdP's operator
registered them (their `sector_identifier`, else their client ID); a dynamically registered RP
gets its own client ID, since its claimed sector may be another RP's (issue 25).

Revision ID: 0002
"""

import json

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _legacy_sector(client_id: str, metadata_json: str, registered_by: str) -> str:
    claimed = json.loads(metadata_json).get("sector_identifier")
    return str(claimed) if registered_by == "operator" and claimed else client_id


def upgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.add_column(sa.Column("sector", sa.String(length=255), nullable=True))
    clients = sa.table(
        "clients",
        sa.column("client_id", sa.String),
        sa.column("metadata_json", sa.Text),
        sa.column("registered_by", sa.String),
        sa.column("sector", sa.String),
    )
    connection = op.get_bind()
    rows = connection.execute(
        sa.select(clients.c.client_id, clients.c.metadata_json, clients.c.registered_by)
    ).all()
    for client_id, metadata_json, registered_by in rows:
        connection.execute(
            clients.update()
            .where(clients.c.client_id == client_id)
            .values(sector=_legacy_sector(client_id, metadata_json, registered_by))
        )
    with op.batch_alter_table("clients") as batch:
        batch.alter_column("sector", existing_type=sa.String(length=255), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("clients") as batch:
        batch.drop_column("sector")
