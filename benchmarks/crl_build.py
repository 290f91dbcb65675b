"""CRL of N revoked entries: build + sign time of our publisher vs cryptography's builder.

Baseline: the entries already in memory, turned into RevokedCertificate objects and handed to
cryptography's CertificateRevocationListBuilder in one call, then signed. Ours: the authority's
CrlPublisher signing the full CRL (and an empty delta) and writing the files, in three
situations: the first publication ever (every entry read from the database and built),
after a restart (entries carried over from the last signed CRL, whose signature and number
are checked, and matched against the database), and a republication by a running authority
after 1,000 new revocations.

    python benchmarks/crl_build.py [--entries 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from sqlalchemy import insert, text

from common import START, report, throwaway_authority, timed
from jpki.authority.crl import CrlPublisher
from jpki.authority.store.models import RevocationRow
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause

CAUSES = [RevocationCause.FOUR_INFO_CHANGED, RevocationCause.DEATH, RevocationCause.CARD_LOST,
          RevocationCause.RENEWAL, RevocationCause.EMIGRATION]  # fmt: skip


def synthetic_revocations(count: int, generation_id: int, first_id: int) -> list[dict[str, object]]:
    rng = random.Random(count)
    rows = []
    for index in range(count):
        cause = CAUSES[index % len(CAUSES)]
        rows.append(
            {
                "id": first_id + index,
                "serial": rng.getrandbits(62) | (1 << 62),
                "generation_id": generation_id,
                "shard": 0,
                "reason": int(cause.reason),
                "cause": cause.value,
                "changed_fields": "",
                "revoked_at": START - dt.timedelta(seconds=index),
                "not_after": START + dt.timedelta(days=365 + index % 1000),
            }
        )
    return rows


def load(authority, rows) -> None:  # type: ignore[no-untyped-def]
    """Bulk-load revocations (foreign keys off: no certificate bodies are needed for a CRL)."""
    with authority.database.engine.begin() as connection:
        if authority.database.engine.dialect.name == "sqlite":
            connection.execute(text("PRAGMA foreign_keys=OFF"))
        for start in range(0, len(rows), 50_000):
            connection.execute(insert(RevocationRow), rows[start : start + 50_000])


def baseline(generation, rows) -> bytes:  # type: ignore[no-untyped-def]
    revoked = [
        x509.RevokedCertificateBuilder()
        .serial_number(r["serial"])
        .revocation_date(r["revoked_at"])
        .add_extension(x509.CRLReason(RevocationCause(r["cause"]).reason.to_flag()), False)
        .build()
        for r in rows
    ]
    builder = x509.CertificateRevocationListBuilder(
        issuer_name=generation.name,
        last_update=START,
        next_update=START + dt.timedelta(days=1),
        extensions=[x509.Extension(x509.CRLNumber.oid, False, x509.CRLNumber(1))],
        revoked_certificates=revoked,
    )
    return builder.sign(generation.key, hashes.SHA256()).public_bytes(
        __import__(
            "cryptography.hazmat.primitives.serialization", fromlist=["Encoding"]
        ).Encoding.DER
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    arguments = parser.parse_args()
    with throwaway_authority() as authority:
        generation = authority.authorities.current(CertificatePurpose.AUTH)
        rows = synthetic_revocations(arguments.entries, generation.id, 1)
        load(authority, rows)
        authority.publish_crls()  # the base CRL, so the timed run's delta is empty

        settings = authority.settings

        def publisher() -> CrlPublisher:
            return CrlPublisher(authority.database, authority.authorities, authority.clock,
                                settings.crl_dir, settings.crl_validity, settings.crl_shard_size,
                                False)  # fmt: skip

        for path in settings.crl_dir.glob("auth*.crl"):
            path.unlink()
        first_time, _ = timed(publisher().publish)
        base_time, _ = timed(baseline, generation, rows)
        report(f"CRL of {arguments.entries:,} entries, first publication (all from the database)",
               first_time, base_time, "s", "<= 1.1")  # fmt: skip

        restarted = publisher()
        restart_time, _ = timed(restarted.publish)
        base_time, _ = timed(baseline, generation, rows)
        report(f"CRL of {arguments.entries:,} entries, after a restart (carried over)",
               restart_time, base_time, "s", "<= 1.1")  # fmt: skip

        load(authority, synthetic_revocations(1000, generation.id, arguments.entries + 1))
        warm_time, _ = timed(restarted.publish)
        base_time, _ = timed(baseline, generation, rows)
        report(f"CRL of {arguments.entries + 1000:,} entries, republication (1,000 new)",
               warm_time, base_time, "s", "<= 1.1")  # fmt: skip


if __name__ == "__main__":
    main()
