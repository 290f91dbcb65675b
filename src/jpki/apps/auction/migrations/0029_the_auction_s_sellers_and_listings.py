"""the auction's sellers and listings

Revision ID: 0029
Revises: 0028

"""

import sqlalchemy as sa
from alembic import op

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "auction_sellers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("reference", sa.String(length=32), nullable=False),
        sa.Column("user_id", sa.String(length=64), nullable=False),
        sa.Column("nickname", sa.String(length=32), nullable=False),
        sa.Column("registration_receipt", sa.String(length=40), nullable=False),
        sa.Column("registered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stopped", sa.String(length=32), nullable=True),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
        sa.UniqueConstraint("user_id"),
    )
    op.create_table(
        "auction_listings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("seller_id", sa.Integer(), nullable=False),
        sa.Column("item", sa.String(length=80), nullable=False),
        sa.Column("price", sa.Integer(), nullable=False),
        sa.Column("listed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("receipt", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(["seller_id"], ["auction_sellers.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        op.f("ix_auction_listings_seller_id"), "auction_listings", ["seller_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_auction_listings_seller_id"), table_name="auction_listings")
    op.drop_table("auction_listings")
    op.drop_table("auction_sellers")
