"""Accredited verifiers (署名検証者・利用者証明検証者) and J-LIS's fees to them.

Only registered verifiers get revocation information, linkage and the latest 4 information.
They authenticate with an API key that is stored as its SHA-256 hash (the key is 256 random
bits, so a fast hash is enough) and shown once at accreditation. Every check is metered:
20 yen per signing-certificate check, 2 yen per authentication-certificate check; CRL
downloads are logged at no charge. Linkage and 4-information answers are counted in their
own transaction. OCSP counts are kept in memory on the hot path and written in batches: on
PostgreSQL (several workers) each answer waits for the batch holding its count to commit
before it is sent (`jpki.authority.ocsp.settlement`), so a worker killed mid-load loses no
count of an answer a verifier received; on SQLite (one process) they are flushed every
second, and a killed process can lose at most one second of counts, never a revocation. CRL
downloads (free) are flushed every second everywhere.
"""

from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
import threading
import time
from collections.abc import Mapping
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from jpki.authority.errors import InvalidRequest, NotAuthorized, NotFound
from jpki.authority.store.database import Database
from jpki.authority.store.models import FeeCounterRow, VerifierRow
from jpki.clock import JST, Clock
from jpki.profile.purpose import CertificatePurpose

OCSP, LINKAGE, FOUR_INFO, CRL = "ocsp", "linkage", "four-info", "crl"
KIND_LABELS = {
    OCSP: "OCSP status check / 失効情報確認",
    LINKAGE: "linkage information / 紐付け情報",
    FOUR_INFO: "latest 4 information / 最新4情報",
    CRL: "CRL download / CRL取得",
}


def hash_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


@dataclasses.dataclass(frozen=True)
class VerifierIdentity:
    """An authenticated accredited verifier."""

    id: int
    name: str
    linkage_allowed: bool


def accredit(
    session: Session, name: str, now: dt.datetime, *, linkage_allowed: bool = True
) -> tuple[VerifierIdentity, str]:
    """Register a verifier; returns its identity and the API key (shown only this once)."""
    if not name.strip():
        raise InvalidRequest("a verifier needs a name")
    if session.scalar(select(VerifierRow.id).where(VerifierRow.name == name)) is not None:
        raise InvalidRequest(f"a verifier named {name!r} already exists")
    api_key = "jv_" + secrets.token_urlsafe(32)
    row = VerifierRow(
        name=name, key_hash=hash_key(api_key), linkage_allowed=linkage_allowed, created_at=now
    )
    session.add(row)
    session.flush()
    return VerifierIdentity(row.id, row.name, row.linkage_allowed), api_key


class VerifierDirectory:
    """Authenticates API keys, caching answers for a few seconds (hot path of OCSP)."""

    CACHE_SECONDS = 5.0

    def __init__(self, database: Database) -> None:
        self._database = database
        self._cache: dict[str, tuple[float, VerifierIdentity | None]] = {}

    def authenticate(self, api_key: str | None) -> VerifierIdentity:
        if not api_key:
            raise NotAuthorized(
                "an accredited verifier's API key is required (X-JPKI-Verifier-Key)"
            )
        now = time.monotonic()
        cached = self._cache.get(api_key)
        if cached is None or now - cached[0] > self.CACHE_SECONDS:
            digest = hash_key(api_key)
            with self._database.transaction() as session:
                row = session.scalar(select(VerifierRow).where(VerifierRow.key_hash == digest))
                identity = (
                    VerifierIdentity(row.id, row.name, row.linkage_allowed)
                    if row is not None and row.active and hmac.compare_digest(row.key_hash, digest)
                    else None
                )
            if len(self._cache) > 10_000:
                self._cache.clear()
            cached = (now, identity)
            self._cache[api_key] = cached
        if cached[1] is None:
            raise NotAuthorized("unknown or revoked verifier API key")
        return cached[1]


def month_of(instant: dt.datetime) -> str:
    """Billing month in Japan, `YYYY-MM`."""
    return f"{instant.astimezone(JST):%Y-%m}"


def next_month_start(instant: dt.datetime) -> dt.datetime:
    """First instant of the following billing month (JST)."""
    local = instant.astimezone(JST)
    year, month = (local.year + 1, 1) if local.month == 12 else (local.year, local.month + 1)
    return dt.datetime(year, month, 1, tzinfo=JST)


class FeeMeter:
    """Counts checks per verifier, month, purpose and kind; flushes counts in batches.

    `record` is on the OCSP hot path, so the billing month is formatted once per month, not
    once per check.
    """

    def __init__(self, database: Database, clock: Clock) -> None:
        self._database = database
        self._clock = clock
        self._pending: Pending = collections.Counter()
        self.settled_by_batches = False
        """True when a `jpki.authority.ocsp.settlement.Settlement` writes the counts."""
        self._lock = threading.Lock()
        self._month = (
            "",
            dt.datetime.min.replace(tzinfo=dt.UTC),
            dt.datetime.min.replace(tzinfo=dt.UTC),
        )

    def _current_month(self) -> str:
        now = self._clock.now()
        month, start, end = self._month
        if not start <= now < end:
            start = now
            month, end = month_of(now), next_month_start(now)
            self._month = (month, start, end)
        return month

    def record(self, verifier_id: int, purpose: CertificatePurpose, kind: str) -> None:
        key = (verifier_id, self._current_month(), purpose.value, kind)
        with self._lock:
            self._pending[key] += 1

    def take(self) -> Pending:
        """The counts recorded so far, no longer pending here (the caller writes them)."""
        with self._lock:
            pending, self._pending = self._pending, collections.Counter()
        return pending

    def put_back(self, pending: Pending) -> None:
        """Counts whose write failed, pending again for the next flush."""
        with self._lock:
            self._pending.update(pending)

    def count_now(
        self, session: Session, verifier_id: int, purpose: CertificatePurpose, kind: str
    ) -> None:
        """Count one check in `session`'s transaction (the answer's own: exact)."""
        add_counts(session, {(verifier_id, self._current_month(), purpose.value, kind): 1})

    def flush(self) -> int:
        """Add pending counts to the database; returns how many checks were written (none
        when a `Settlement` writes them: only it may, as it releases the answers)."""
        if self.settled_by_batches:
            return 0
        pending = self.take()
        if not pending:
            return 0
        try:
            with self._database.transaction() as session:
                add_counts(session, pending)
        except Exception:
            self.put_back(pending)
            raise
        return sum(pending.values())


Pending = collections.Counter[tuple[int, str, str, str]]
"""Counts by (verifier id, month, purpose, kind)."""


def _upsert(insert: Any) -> Any:
    """INSERT ... ON CONFLICT DO UPDATE count = count + :count, built once per dialect: workers
    adding to the same counter at once each add (a read-then-write would lose one's count)."""
    table = cast(Table, FeeCounterRow.__table__)
    statement = insert(table)
    return statement.on_conflict_do_update(
        index_elements=["verifier_id", "month", "purpose", "kind"],
        set_={"count": table.c.count + statement.excluded.count},
    )


_UPSERTS = {True: _upsert(postgresql.insert), False: _upsert(sqlite.insert)}


def add_counts(session: Session, pending: Mapping[tuple[int, str, str, str], int]) -> None:
    """Add `pending` to the fee counters in `session`'s transaction."""
    rows = [
        {
            "verifier_id": verifier_id,
            "month": month,
            "purpose": purpose,
            "kind": kind,
            "count": count,
            "unit_fee_yen": 0 if kind == CRL else CertificatePurpose(purpose).check_fee_yen,
        }
        for (verifier_id, month, purpose, kind), count in sorted(pending.items())
    ]
    if rows:
        session.execute(_UPSERTS[session.get_bind().dialect.name == "postgresql"], rows)


@dataclasses.dataclass(frozen=True)
class StatementLine:
    purpose: str
    kind: str
    count: int
    unit_fee_yen: int

    @property
    def amount_yen(self) -> int:
        return self.count * self.unit_fee_yen


@dataclasses.dataclass(frozen=True)
class Statement:
    """A verifier's monthly statement (利用料金明細)."""

    verifier_id: int
    verifier_name: str
    month: str
    lines: tuple[StatementLine, ...]

    @property
    def total_yen(self) -> int:
        return sum(line.amount_yen for line in self.lines)


def statement(session: Session, verifier_id: int, month: str) -> Statement:
    verifier = session.get(VerifierRow, verifier_id)
    if verifier is None:
        raise NotFound(f"no verifier {verifier_id}")
    rows = session.scalars(
        select(FeeCounterRow)
        .where(FeeCounterRow.verifier_id == verifier_id, FeeCounterRow.month == month)
        .order_by(FeeCounterRow.purpose, FeeCounterRow.kind)
    )
    lines = tuple(StatementLine(r.purpose, r.kind, r.count, r.unit_fee_yen) for r in rows)
    return Statement(verifier_id, verifier.name, month, lines)


__all__ = [
    "CRL",
    "FOUR_INFO",
    "KIND_LABELS",
    "LINKAGE",
    "OCSP",
    "FeeMeter",
    "Statement",
    "StatementLine",
    "VerifierDirectory",
    "VerifierIdentity",
    "accredit",
    "hash_key",
    "month_of",
    "statement",
]
