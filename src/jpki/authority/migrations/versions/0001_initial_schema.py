"""Initial schema of the authority: register, cards, CA generations, certificates,
revocations, CRL publications, verifiers, consents and fee counters.

Revision ID: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "ca_generations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("certificate_der", sa.LargeBinary(), nullable=False),
        sa.Column("key_file", sa.String(length=200), nullable=False),
        sa.Column("responder_certificate_der", sa.LargeBinary(), nullable=False),
        sa.Column("responder_key_file", sa.String(length=200), nullable=False),
        sa.Column("issued_count", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("purpose", "number"),
    )
    op.create_table(
        "residents",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("my_number", sa.String(length=12), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_flags", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=400), nullable=False),
        sa.Column("address_flags", sa.String(length=400), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("my_number"),
    )
    op.create_table(
        "verifiers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("linkage_allowed", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key_hash"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "cards",
        sa.Column("id", sa.String(length=16), nullable=False),
        sa.Column("resident_id", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("terminal_code", sa.String(length=9), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("activated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("expires_on", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_cards_resident_id"), ["resident_id"], unique=False)

    op.create_table(
        "consents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("verifier_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.String(length=16), nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["verifier_id"],
            ["verifiers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("verifier_id", "resident_id"),
    )
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consents_resident_id"), ["resident_id"], unique=False)

    op.create_table(
        "crl_publications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("generation_id", sa.Integer(), nullable=False),
        sa.Column("crl_number", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=True),
        sa.Column("base_crl_number", sa.BigInteger(), nullable=True),
        sa.Column("max_revocation_id", sa.Integer(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("this_update", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_update", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["generation_id"],
            ["ca_generations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("crl_publications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_crl_publications_generation_id"), ["generation_id"], unique=False
        )

    op.create_table(
        "fee_counters",
        sa.Column("verifier_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("count", sa.BigInteger(), nullable=False),
        sa.Column("unit_fee_yen", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["verifier_id"],
            ["verifiers.id"],
        ),
        sa.PrimaryKeyConstraint("verifier_id", "month", "purpose", "kind"),
    )
    op.create_table(
        "certificates",
        sa.Column("serial", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("purpose", sa.String(length=8), nullable=False),
        sa.Column("generation_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.String(length=16), nullable=False),
        sa.Column("resident_id", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=23), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.Column("der", sa.LargeBinary(), nullable=False),
        sa.Column("predecessor_serial", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["card_id"],
            ["cards.id"],
        ),
        sa.ForeignKeyConstraint(
            ["generation_id"],
            ["ca_generations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["resident_id"],
            ["residents.id"],
        ),
        sa.PrimaryKeyConstraint("serial"),
    )
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certificates_card_id"), ["card_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_certificates_generation_id"), ["generation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certificates_predecessor_serial"), ["predecessor_serial"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certificates_resident_id"), ["resident_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_certificates_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "revocations",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("serial", sa.BigInteger(), nullable=False),
        sa.Column("generation_id", sa.Integer(), nullable=False),
        sa.Column("shard", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Integer(), nullable=False),
        sa.Column("cause", sa.String(length=32), nullable=False),
        sa.Column("changed_fields", sa.String(length=64), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("not_after", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["generation_id"],
            ["ca_generations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["serial"],
            ["certificates.serial"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("serial"),
    )
    with op.batch_alter_table("revocations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_revocations_generation_id"), ["generation_id"], unique=False
        )
        batch_op.create_index(
            "ix_revocations_generation_not_after", ["generation_id", "not_after"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("revocations", schema=None) as batch_op:
        batch_op.drop_index("ix_revocations_generation_not_after")
        batch_op.drop_index(batch_op.f("ix_revocations_generation_id"))

    op.drop_table("revocations")
    with op.batch_alter_table("certificates", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certificates_subject_id"))
        batch_op.drop_index(batch_op.f("ix_certificates_resident_id"))
        batch_op.drop_index(batch_op.f("ix_certificates_predecessor_serial"))
        batch_op.drop_index(batch_op.f("ix_certificates_generation_id"))
        batch_op.drop_index(batch_op.f("ix_certificates_card_id"))

    op.drop_table("certificates")
    op.drop_table("fee_counters")
    with op.batch_alter_table("crl_publications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_crl_publications_generation_id"))

    op.drop_table("crl_publications")
    with op.batch_alter_table("consents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consents_resident_id"))

    op.drop_table("consents")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_cards_resident_id"))

    op.drop_table("cards")
    op.drop_table("verifiers")
    op.drop_table("residents")
    op.drop_table("ca_generations")
