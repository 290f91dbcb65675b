"""Building CRL entries from stored revocations, in this process or in worker processes.

Building a `RevokedCertificate` costs a few microseconds of Python, which at national scale
(a million entries) is most of a CRL's cost. A first publication with nothing to carry over
therefore splits the revocations into id ranges and lets worker processes read and build them
in parallel. A worker cannot hand Python objects back, so it signs a throwaway CRL of its
slice (with an ephemeral P-256 key) and returns the DER; the parent parses it, which is far
cheaper than building, checks every serial against the slice's list, and reuses the entries.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import NamedTuple

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from jpki.profile import oids
from jpki.profile.extensions import RevocationDetail, encode_revocation_detail
from jpki.profile.reasons import RevocationCause, RevocationReason

ENTRY_QUERY = text(
    "SELECT id, serial, revoked_at, reason, cause, changed_fields, shard FROM revocations"
    " WHERE generation_id = :generation AND id > :low AND id <= :high ORDER BY id"
)
"""A plain text() query: no per-row type processing, which would cost as much as the build."""

BuiltEntry = tuple[int, int, x509.RevokedCertificate]
"""(revocation id, shard, CRL entry)"""

_REASON_EXTENSIONS = {reason: x509.CRLReason(reason.to_flag()) for reason in RevocationReason}


class RevokedEntry(NamedTuple):
    """One revocation as the CRL needs it."""

    revocation_id: int
    serial: int
    revoked_at: dt.datetime
    reason: int
    cause: str
    changed_fields: str
    shard: int


def build_revoked_certificate(entry: RevokedEntry, with_detail: bool) -> x509.RevokedCertificate:
    """A CRL entry with its reason code and, with the seeds' STEP 1, the revocation detail."""
    builder = (
        x509.RevokedCertificateBuilder()
        .serial_number(entry.serial)
        .revocation_date(entry.revoked_at)
        .add_extension(_REASON_EXTENSIONS[RevocationReason(entry.reason)], critical=False)
    )
    if with_detail:
        detail = RevocationDetail(
            RevocationCause(entry.cause),
            frozenset(f for f in entry.changed_fields.split(",") if f),
        )
        builder = builder.add_extension(
            x509.UnrecognizedExtension(oids.REVOCATION_DETAIL, encode_revocation_detail(detail)),
            critical=False,
        )
    return builder.build()


def utc(value: dt.datetime | str) -> dt.datetime:
    """A driver's raw timestamp (SQLite gives text, PostgreSQL a datetime) as aware UTC."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def build_rows(rows: Iterable[tuple], with_detail: bool) -> Iterator[BuiltEntry]:  # type: ignore[type-arg]
    """Build the entries of raw `ENTRY_QUERY` rows, in order."""
    for row in rows:
        entry = RevokedEntry(row[0], row[1], utc(row[2]), row[3], row[4], row[5], row[6])
        yield row[0], row[6], build_revoked_certificate(entry, with_detail)


def _build_slice(
    database_url: str, generation_id: int, low: int, high: int, with_detail: bool
) -> tuple[bytes, list[tuple[int, int, int]]]:
    """Worker: read and build one id range; return a throwaway CRL and (id, serial, shard)s."""
    engine = create_engine(database_url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                ENTRY_QUERY, {"generation": generation_id, "low": low, "high": high}
            ).all()
    finally:
        engine.dispose()
    built = list(build_rows(rows, with_detail))
    key = ec.generate_private_key(ec.SECP256R1())
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jpki CRL slice")])
    crl = x509.CertificateRevocationListBuilder(
        issuer_name=name,
        last_update=now,
        next_update=now,
        revoked_certificates=[revoked for _, _, revoked in built],
    ).sign(key, hashes.SHA256())
    meta = [
        (revocation_id, row[1], shard)
        for (revocation_id, shard, _), row in zip(built, rows, strict=True)
    ]
    return crl.public_bytes(serialization.Encoding.DER), meta


def build_in_parallel(
    database_url: str,
    generation_id: int,
    low: int,
    high: int,
    with_detail: bool,
    workers: int | None = None,
) -> Iterator[BuiltEntry]:
    """Entries of revocations with low < id <= high, built by worker processes, in id order."""
    workers = workers or min(os.cpu_count() or 1, 4)
    # More slices than workers: the parent parses finished slices while later ones build.
    step = max(1, -(-(high - low) // (workers * 4)))
    bounds = [(start, min(start + step, high)) for start in range(low, high, step)]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(bounds)), mp_context=context) as pool:
        futures = [
            pool.submit(_build_slice, database_url, generation_id, a, b, with_detail)
            for a, b in bounds
        ]
        for future in futures:
            der, meta = future.result()
            entries = list(x509.load_der_x509_crl(der))
            if len(entries) != len(meta):
                raise RuntimeError("a CRL slice lost entries")
            for revoked, (revocation_id, serial, shard) in zip(entries, meta, strict=True):
                if revoked.serial_number != serial:
                    raise RuntimeError("a CRL slice came back out of order")
                yield revocation_id, shard, revoked


__all__ = [
    "ENTRY_QUERY",
    "BuiltEntry",
    "RevokedEntry",
    "build_in_parallel",
    "build_revoked_certificate",
    "build_rows",
    "utc",
]
