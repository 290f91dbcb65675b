"""The revocation index: per root generation, the revoked serials of its full CRL (or of each
CRL shard) plus the latest delta CRL, with freshness.

Loading replaces a scope's table by reference, so a background refresh never blocks or
disturbs verifications in flight. A lookup outside the data's validity (after nextUpdate) is
answered as unknown: the verdict fails closed rather than trusting old news.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Sequence
from pathlib import Path

from cryptography import x509

from jpki.clock import Clock
from jpki.profile.reasons import RevocationReason
from jpki.verifier.anchors import Anchor, TrustAnchors
from jpki.verifier.revocation.answer import RevocationAnswer
from jpki.verifier.revocation.crl import LoadedCrl, load_crl, load_crls
from jpki.verifier.revocation.table import RevokedEntry, RevokedSerials
from jpki.verifier.verdict import Revocation, RevocationSource, SourceKind


@dataclasses.dataclass(frozen=True)
class _Published:
    """One loaded CRL's table and its metadata."""

    table: RevokedSerials
    number: int
    base_number: int | None
    this_update: dt.datetime
    next_update: dt.datetime | None

    @classmethod
    def of(cls, crl: LoadedCrl) -> _Published:
        entries = crl.entries
        table = RevokedSerials(entries.serials, entries.times, entries.reasons, entries.overflow)
        return cls(table, crl.number or 0, crl.base_number, crl.this_update, crl.next_update)

    def fresh_at(self, at: dt.datetime, grace: dt.timedelta) -> bool:
        return self.next_update is None or at <= self.next_update + grace


@dataclasses.dataclass
class _IssuerData:
    scopes: dict[bytes | None, _Published] = dataclasses.field(default_factory=dict)
    delta: _Published | None = None


class RevocationIndex:
    """Revoked serials of every trusted root generation, fed by CRLs."""

    def __init__(
        self, anchors: TrustAnchors, clock: Clock, *, grace: dt.timedelta = dt.timedelta(0)
    ) -> None:
        self.anchors = anchors
        self.clock = clock
        self.grace = grace
        self._issuers: dict[bytes, _IssuerData] = {}
        self._lock = threading.Lock()

    def add_crl(self, der: bytes) -> LoadedCrl:
        """Verify, decode and file one CRL (full, shard or delta); returns what was loaded."""
        crl = load_crl(der, self.anchors)
        self.add_loaded(crl)
        return crl

    def add_crls(self, sources: Sequence[bytes | Path], *, workers: int = 1) -> list[LoadedCrl]:
        """Load many CRLs at once, decoding in `workers` processes (national-scale shards)."""
        loaded = load_crls(sources, self.anchors, workers=workers)
        for crl in loaded:
            self.add_loaded(crl)
        return loaded

    def add_loaded(self, crl: LoadedCrl) -> None:
        """File a CRL already verified by `load_crl` (e.g. in a worker process)."""
        published = _Published.of(crl)
        with self._lock:
            data = self._issuers.setdefault(crl.anchor.key_id, _IssuerData())
            if crl.is_delta:
                if data.delta is None or published.number >= data.delta.number:
                    data.delta = published
                return
            current = data.scopes.get(crl.scope)
            if current is None or published.number >= current.number:
                data.scopes[crl.scope] = published

    def tables(self) -> list[RevokedSerials]:
        """The loaded full-CRL and shard tables (for statistics and benchmarks)."""
        return [p.table for data in self._issuers.values() for p in data.scopes.values()]

    @property
    def entry_count(self) -> int:
        return sum(len(table) for table in self.tables())

    @property
    def nbytes(self) -> int:
        return sum(table.nbytes for table in self.tables())

    def find(self, serial: int) -> RevokedEntry | None:
        """`serial`'s entry in any loaded CRL or delta, whatever the issuer.

        For jobs that hold serials without certificates (e.g. following renewals): our and
        J-LIS's serials do not repeat across generations in practice, and a false hit only
        costs the caller one more question to the authority.
        """
        for data in self._issuers.values():
            for published in [*([data.delta] if data.delta else []), *data.scopes.values()]:
                entry = published.table.get(serial)
                if entry is not None:
                    return entry
        return None

    def fresh(self, at: dt.datetime) -> bool:
        """Whether some CRL is loaded and none is past its nextUpdate (plus grace) at `at`."""
        next_update = self.next_update()
        loaded = any(data.scopes for data in self._issuers.values())
        return loaded and (next_update is None or at <= next_update + self.grace)

    def next_update(self) -> dt.datetime | None:
        """The earliest nextUpdate of any loaded CRL: when a refresh is due."""
        moments = [
            p.next_update
            for data in self._issuers.values()
            for p in [*data.scopes.values(), *([data.delta] if data.delta else [])]
            if p.next_update is not None
        ]
        return min(moments, default=None)

    def check(
        self, certificate: x509.Certificate, anchor: Anchor, scope: bytes | None, at: dt.datetime
    ) -> RevocationAnswer:
        data = self._issuers.get(anchor.key_id)
        if data is None:
            return _unknown("no CRL of this root generation is loaded")
        base = data.scopes.get(None) or data.scopes.get(scope)
        if base is None:
            return _unknown("no CRL covering this certificate's distribution point is loaded")
        delta = data.delta
        if delta is not None and not (
            delta.base_number is not None and delta.base_number <= base.number < delta.number
        ):
            delta = None  # a delta applies only on top of a base at least as new as its own base
        newest = delta or base
        source = RevocationSource(
            SourceKind.DELTA_CRL if delta else SourceKind.CRL,
            newest.this_update,
            newest.next_update,
            self.clock.now(),
            f"CRL #{base.number}" + (f" + delta #{delta.number}" if delta else ""),
        )
        if not newest.fresh_at(at, self.grace):
            return RevocationAnswer(
                False, None, source, f"the CRL expired at {newest.next_update}: fail closed"
            )
        serial = certificate.serial_number
        entry = delta.table.get(serial) if delta else None
        if entry is not None and entry.reason == RevocationReason.REMOVE_FROM_CRL:
            return RevocationAnswer(True, None, source)
        entry = entry or base.table.get(serial)
        if entry is None or entry.revoked_at > at:
            return RevocationAnswer(True, None, source)
        return RevocationAnswer(True, revocation_of(entry), source)


def revocation_of(entry: RevokedEntry) -> Revocation:
    reason = RevocationReason.UNSPECIFIED if entry.reason is None else entry.reason
    try:
        code = RevocationReason(reason)
    except ValueError:
        code = RevocationReason.UNSPECIFIED
    return Revocation(code, entry.revoked_at)


def _unknown(message: str) -> RevocationAnswer:
    return RevocationAnswer(False, None, RevocationSource(SourceKind.CRL), message)


__all__ = ["RevocationIndex", "revocation_of"]
