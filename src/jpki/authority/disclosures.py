"""J-LIS's disclosure records (開示記録): which accredited verifier was told what about a
person's certificates (an OCSP status, linkage information, the latest 4 information).

Linkage and 4-information answers are recorded in their own transaction. OCSP answers are on
the responder's hot path, so they are buffered like the fee counts and written in batches (at
every flush of the background task and before any holder's query). A holder asking is the
resident of their authentication certificate; every certificate of that resident (both
purposes, every card) is theirs, and only those records are answered.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session

from jpki.authority.store.database import Database
from jpki.authority.store.models import CertificateRow, DisclosureRow
from jpki.authority.verifiers import VerifierIdentity
from jpki.clock import Clock
from jpki.protocol.disclosures import Disclosure, Kind, Party, VerifiedHolder, stored_items

_ROWS = cast(Table, DisclosureRow.__table__)
INSERT = insert(_ROWS)


class AuthorityDisclosures:
    """Records and answers J-LIS's disclosures."""

    party = Party.AUTHORITY

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database, self.clock = database, clock
        self._pending: list[dict[str, object]] = []
        self._lock = threading.Lock()
        self.settled_by_batches = False

    def _row(
        self, serial: int, verifier: VerifierIdentity, kind: Kind, items: Iterable[str]
    ) -> dict[str, object]:
        return {
            "serial": serial,
            "verifier_id": verifier.id,
            "recipient": verifier.name,
            "kind": kind.value,
            "items": stored_items(items),
            "at": self.clock.now(),
        }

    def note(
        self,
        session: Session,
        serial: int,
        verifier: VerifierIdentity,
        kind: Kind,
        items: Iterable[str],
    ) -> None:
        """Record a disclosure in `session`'s transaction (the answer's own)."""
        session.execute(INSERT, [self._row(serial, verifier, kind, items)])

    def ocsp(self, verifier: VerifierIdentity, serials: Iterable[int]) -> None:
        """Queue the OCSP statuses just given to `verifier` (written at the next flush)."""
        rows = [self._row(serial, verifier, Kind.OCSP, ("ocsp-status",)) for serial in serials]
        if rows:
            with self._lock:
                self._pending += rows

    def take(self) -> list[dict[str, object]]:
        """The OCSP records queued so far, no longer queued here (the caller writes them)."""
        with self._lock:
            pending, self._pending = self._pending, []
        return pending

    def put_back(self, pending: list[dict[str, object]]) -> None:
        with self._lock:
            self._pending[:0] = pending

    @staticmethod
    def write(session: Session, pending: list[dict[str, object]]) -> None:
        if pending:
            session.execute(INSERT, pending)

    def flush(self) -> int:
        """Write the queued OCSP records; returns how many (none when a `Settlement` writes
        them with the answers' fees)."""
        if self.settled_by_batches:
            return 0
        pending = self.take()
        if not pending:
            return 0
        try:
            with self.database.transaction() as session:
                self.write(session, pending)
        except Exception:
            self.put_back(pending)
            raise
        return len(pending)

    def disclosures_of(self, holder: VerifiedHolder) -> list[Disclosure]:
        """The records about every certificate of the resident the holder's certificate (as
        J-LIS issued it, byte for byte) is of."""
        self.flush()
        with self.database.transaction() as session:
            resident = select(CertificateRow.resident_id).where(
                CertificateRow.serial == holder.serial, CertificateRow.der == holder.certificate
            )
            serials = select(CertificateRow.serial).where(
                CertificateRow.resident_id == resident.scalar_subquery()
            )
            rows = session.scalars(
                select(DisclosureRow)
                .where(DisclosureRow.serial.in_(serials))
                .order_by(DisclosureRow.at.desc(), DisclosureRow.id.desc())
            ).all()
        return [
            Disclosure.stored(
                party=Party.AUTHORITY,
                recipient=row.recipient,
                recipient_id=str(row.verifier_id),
                kind=row.kind,
                items=row.items,
                at=row.at,
            )
            for row in rows
        ]


__all__ = ["AuthorityDisclosures"]
