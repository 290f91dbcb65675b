"""The evidence chain in the platform's database: appended in the transaction of the work it
records, sealed periodically, exported for offline checking (`jpki platform evidence verify`)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, text, update
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.platform.evidence import Checkpoint, EvidenceChain, EvidenceRecord, canonical_json
from jpki.platform.store.database import Database
from jpki.platform.store.models import EvidenceHeadRow, EvidenceRow, SealRow
from jpki.storage import UtcDateTime

# Built once: appending is on every request's path, and building statements costs more than
# running them.
HEAD = cast(Table, EvidenceHeadRow.__table__)
RECORDS = cast(Table, EvidenceRow.__table__)
ADVANCE_HEAD = (
    update(HEAD)
    .where(HEAD.c.id == 1)
    .values(sequence=HEAD.c.sequence + 1)
    .returning(HEAD.c.sequence, HEAD.c.digest)
)
INSERT_RECORD = insert(RECORDS)
SET_HEAD_DIGEST = update(HEAD).where(HEAD.c.id == 1).values(digest=bindparam("head_digest"))
"""Core statements on the tables (not the ORM entities): no identity-map bookkeeping per call."""
INSERT_AND_SET_HEAD = text(
    """
    WITH record AS (
        INSERT INTO evidence (sequence, receipt, at, tenant_id, kind, payload, previous, digest)
        VALUES (:sequence, :receipt, :at, :tenant_id, :kind, :payload, :previous, :digest)
    )
    UPDATE evidence_head SET digest = :digest WHERE id = 1
    """
).bindparams(bindparam("at", type_=UtcDateTime()))
"""PostgreSQL: the record and the new head digest in one round trip (SQLite has no DML in a
WITH clause and no round trip to save)."""


class EvidenceLog:
    """Appends, seals and exports the platform's evidence."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database, self.clock = database, clock

    def append(
        self,
        session: Session,
        tenant: str,
        kind: str,
        payload: Mapping[str, Any],
        at: dt.datetime | None = None,
    ) -> EvidenceRecord:
        """Add a record inside `session`'s transaction (it commits with the work it records).

        Call it last in the transaction: advancing the head takes the head row's lock
        (PostgreSQL) or the write lock (SQLite), which every appender of every worker queues
        for until this transaction commits. Everything else the transaction writes (fees,
        disclosure records) goes before, so the lock is held for two statements and the
        commit (benchmarks/workers_logins.py measured 67-70% of a login's time waiting here
        when the head came first). `at` is the record's time (default: now), for the
        caller's fee month to match it."""
        next_sequence, previous = session.execute(ADVANCE_HEAD).one()
        chain = EvidenceChain(self.clock, head=previous, next_sequence=next_sequence)
        record = chain.append(tenant, kind, payload, at=at)
        values = {
            "sequence": record.sequence,
            "receipt": record.receipt,
            "at": record.at,
            "tenant_id": tenant,
            "kind": kind,
            "payload": canonical_json(dict(payload)).decode(),
            "previous": record.previous,
            "digest": record.digest,
        }
        if session.get_bind().dialect.name == "postgresql":
            session.execute(INSERT_AND_SET_HEAD, values)
        else:
            session.execute(INSERT_RECORD, values)
            session.execute(SET_HEAD_DIGEST, {"head_digest": record.digest})
        return record

    def seal(self, stamp: Callable[[bytes], bytes]) -> Checkpoint | None:
        """Time-stamp the current head if anything was added since the last seal."""
        with self.database.transaction() as session:
            head = session.scalar(select(EvidenceHeadRow).where(EvidenceHeadRow.id == 1))
            assert head is not None
            if head.sequence == 0 or session.get(SealRow, head.sequence) is not None:
                return None
            checkpoint = EvidenceChain(
                self.clock, head=head.digest, next_sequence=head.sequence + 1
            ).seal(stamp)
            session.add(
                SealRow(
                    sequence=checkpoint.sequence,
                    head=checkpoint.head,
                    token=checkpoint.token,
                    sealed_at=self.clock.now(),
                )
            )
            return checkpoint

    def export(
        self, *, tenant: str | None = None, batch: int = 5000
    ) -> Iterator[EvidenceRecord | Checkpoint]:
        """Records (all, or one tenant's) and, for a full export, the seals, in log order."""
        after = 0
        while True:
            with self.database.transaction() as session:
                query = select(EvidenceRow).where(EvidenceRow.sequence > after)
                if tenant is not None:
                    query = query.where(EvidenceRow.tenant_id == tenant)
                rows = list(session.scalars(query.order_by(EvidenceRow.sequence).limit(batch)))
                seals = (
                    {}
                    if tenant is not None or not rows
                    else {
                        s.sequence: s
                        for s in session.scalars(
                            select(SealRow).where(
                                SealRow.sequence > after, SealRow.sequence <= rows[-1].sequence
                            )
                        )
                    }
                )
            if not rows:
                return
            for row in rows:
                yield _record(row)
                if row.sequence in seals:
                    seal = seals[row.sequence]
                    yield Checkpoint(seal.sequence, seal.head, seal.token)
            after = rows[-1].sequence

    def recent(
        self, *, tenant: str | None = None, kinds: tuple[str, ...] = (), limit: int = 50
    ) -> list[EvidenceRecord]:
        """The newest records first (for the console)."""
        with self.database.transaction() as session:
            query = select(EvidenceRow)
            if tenant is not None:
                query = query.where(EvidenceRow.tenant_id == tenant)
            if kinds:
                query = query.where(EvidenceRow.kind.in_(kinds))
            rows = session.scalars(query.order_by(EvidenceRow.sequence.desc()).limit(limit))
            return [_record(row) for row in rows]


def _record(row: EvidenceRow) -> EvidenceRecord:
    return EvidenceRecord(
        row.sequence,
        row.receipt,
        row.at.astimezone(dt.UTC),
        row.tenant_id,
        row.kind,
        json.loads(row.payload),
        row.previous,
        row.digest,
    )


__all__ = ["EvidenceLog"]
