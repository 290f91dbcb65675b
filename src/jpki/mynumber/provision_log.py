"""Provision logs (情報提供等記録): one hash chain per party, every record signed by that party.

In the manner of X-Road's message log: each record holds the hash of the one before it and is
signed (ECDSA P-256) by the party that keeps it, so a removed, reordered or edited record breaks
the chain or a signature. Records are kept 7 years (`keep_until`); the requester, the provider
and the core each write their own record of every exchange, keyed by their own code for the
person (the core by the linkage code, which the portal uses to show a person their records).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterator
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import insert, select

from jpki.mynumber.errors import BadMessage
from jpki.mynumber.messages import PartyKeys, PublicKeys, canonical
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import LogHeadRow, LogRecordRow
from jpki.protocol.codec import decode_b64, encode_b64

RETENTION = dt.timedelta(days=7 * 366)
GENESIS = "0" * 64


@dataclasses.dataclass(frozen=True)
class ProvisionRecord:
    """What every party records of one exchange (its own view)."""

    exchange_id: str
    person: str
    requester: str
    provider: str
    task: str
    items: tuple[str, ...]
    requested_at: str
    outcome: str
    """provided, no-record or refused (with `reason`)."""
    provided_at: str | None = None
    withheld: bool = False
    reason: str | None = None
    withheld_until: str | None = None
    """When a withheld (不開示) record's hold ends and the person may see it (ISO 8601); None
    for a record withheld for good (or not withheld at all)."""

    def to_json(self) -> dict[str, Any]:
        return {**dataclasses.asdict(self), "items": list(self.items)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ProvisionRecord:
        return cls(**{**data, "items": tuple(data["items"])})


def _chain_hash(previous: str, seq: int, record: bytes) -> str:
    return hashlib.sha256(f"{previous}|{seq}|".encode() + record).hexdigest()


_append_lock = threading.Lock()


class ProvisionLog:
    """The logs of every party in one database (each party signs and chains its own)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def append(self, keys: PartyKeys, record: ProvisionRecord, now: dt.datetime) -> int:
        """Add a record to `keys.party`'s chain; returns its sequence number."""
        body = canonical(record.to_json())
        with _append_lock, self.database.transaction() as session:
            head = session.scalar(
                select(LogHeadRow).where(LogHeadRow.party == keys.party).with_for_update()
            )
            seq, previous = (head.seq + 1, head.hash) if head else (1, GENESIS)
            digest = _chain_hash(previous, seq, body)
            signature = keys.sign.sign(bytes.fromhex(digest), ec.ECDSA(hashes.SHA256()))
            session.execute(
                insert(LogRecordRow).values(
                    party=keys.party,
                    seq=seq,
                    exchange_id=record.exchange_id,
                    person=record.person,
                    recorded_at=now,
                    keep_until=now + RETENTION,
                    record_json=body.decode(),
                    previous_hash=previous,
                    hash=digest,
                    signature=encode_b64(signature),
                )
            )
            if head is None:
                session.add(LogHeadRow(party=keys.party, seq=seq, hash=digest))
            else:
                head.seq, head.hash = seq, digest
        return seq

    def of_person(self, party: str, person: str) -> list[ProvisionRecord]:
        """A party's records about one person (by that party's key for them), oldest first."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(LogRecordRow.record_json)
                .where(LogRecordRow.party == party, LogRecordRow.person == person)
                .order_by(LogRecordRow.seq)
            ).all()
        return [ProvisionRecord.from_json(json.loads(row)) for row in rows]

    def of_exchange(self, exchange_id: str) -> dict[str, ProvisionRecord]:
        """Every party's record of one exchange."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(LogRecordRow.party, LogRecordRow.record_json).where(
                    LogRecordRow.exchange_id == exchange_id
                )
            ).all()
        return {party: ProvisionRecord.from_json(json.loads(body)) for party, body in rows}

    def _rows(self, party: str) -> Iterator[LogRecordRow]:
        with self.database.transaction() as session:
            yield from session.scalars(
                select(LogRecordRow).where(LogRecordRow.party == party).order_by(LogRecordRow.seq)
            )

    def verify(self, party: PublicKeys) -> list[str]:
        """Problems in a party's chain (empty when intact): gaps, edits, broken signatures."""
        problems: list[str] = []
        previous, expected = GENESIS, 1
        for row in self._rows(party.party):
            if row.seq != expected:
                problems.append(f"record {expected} is missing (next is {row.seq})")
            digest = _chain_hash(previous, row.seq, row.record_json.encode())
            if row.previous_hash != previous or row.hash != digest:
                problems.append(f"record {row.seq} does not chain (altered or reordered)")
            try:
                party.sign.verify(
                    decode_b64(row.signature, "signature", BadMessage),
                    bytes.fromhex(row.hash),
                    ec.ECDSA(hashes.SHA256()),
                )
            except (InvalidSignature, ValueError):
                problems.append(f"record {row.seq} is not signed by {party.party}")
            previous, expected = row.hash, row.seq + 1
        with self.database.transaction() as session:
            head = session.get(LogHeadRow, party.party)
        if head is not None and (head.seq != expected - 1 or head.hash != previous):
            problems.append(f"the chain ends at {expected - 1}, its head says {head.seq}")
        return problems


__all__ = ["RETENTION", "ProvisionLog", "ProvisionRecord"]
