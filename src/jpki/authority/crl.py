"""CRL publication (証明書失効リスト) per CA generation: full, sharded and delta CRLs.

Every publication builds the list of revoked entries once and hands it to cryptography's
builder in one call (adding entries one by one is quadratic there). Entries are cached
across publications, keyed by revocation id, because a revocation never changes once
written: a republication only builds the entries revoked since the last one.

Files (DER, written atomically, served over HTTP by the API) are named as
`jpki.protocol.published` lays them out. A shard CRL carries an issuingDistributionPoint equal
to the distribution point named in the certificates of that shard, so each certificate knows
which partition covers it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections.abc import Iterable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from jpki.authority.ca import CaGeneration, CertificateAuthorities, crl_shard_name
from jpki.authority.crl_entries import ENTRY_QUERY, build_in_parallel, build_rows
from jpki.authority.store.database import Database
from jpki.authority.store.models import CaGenerationRow, CrlPublicationRow, RevocationRow
from jpki.clock import Clock
from jpki.files import atomic_write
from jpki.profile import oids
from jpki.protocol.published import crl_name

FULL, SHARD, DELTA = "full", "shard", "delta"


def sign_crl(
    generation: CaGeneration,
    revoked: list[x509.RevokedCertificate],
    number: int,
    this_update: dt.datetime,
    next_update: dt.datetime,
    *,
    shard_name: x509.Name | None = None,
    delta_base: int | None = None,
) -> x509.CertificateRevocationList:
    """Sign one CRL with the whole entry list in one builder call."""
    extensions = [
        x509.Extension(
            x509.AuthorityKeyIdentifier.oid,
            False,
            x509.AuthorityKeyIdentifier.from_issuer_public_key(generation.key.public_key()),
        ),
        x509.Extension(x509.CRLNumber.oid, False, x509.CRLNumber(number)),
    ]
    if shard_name is not None:
        extensions.append(
            x509.Extension(
                x509.IssuingDistributionPoint.oid,
                True,
                x509.IssuingDistributionPoint(
                    full_name=[x509.DirectoryName(shard_name)],
                    relative_name=None,
                    only_contains_user_certs=True,
                    only_contains_ca_certs=False,
                    only_some_reasons=None,
                    indirect_crl=False,
                    only_contains_attribute_certs=False,
                ),
            )
        )
    if delta_base is not None:
        extensions.append(
            x509.Extension(x509.DeltaCRLIndicator.oid, True, x509.DeltaCRLIndicator(delta_base))
        )
    builder = x509.CertificateRevocationListBuilder(
        issuer_name=generation.name,
        last_update=this_update,
        next_update=next_update,
        extensions=extensions,
        revoked_certificates=revoked,
    )
    return builder.sign(generation.key, hashes.SHA256())


@dataclasses.dataclass(frozen=True)
class PublishedCrl:
    """A CRL that was signed and written."""

    path: Path
    kind: str
    generation: int
    purpose: str
    crl_number: int
    entries: int
    next_update: dt.datetime


class _EntryCache:
    """Built CRL entries of one generation by revocation id, as (shard, entry)."""

    def __init__(self) -> None:
        self.last_id = 0
        self.entries: dict[int, tuple[int, x509.RevokedCertificate]] = {}


class CrlPublisher:
    """Signs and writes the CRLs of every generation."""

    def __init__(
        self,
        database: Database,
        authorities: CertificateAuthorities,
        clock: Clock,
        crl_dir: Path,
        validity: dt.timedelta,
        shard_size: int,
        with_detail: bool,
        *,
        parallel_threshold: int = 200_000,
    ) -> None:
        """`parallel_threshold`: from how many new revocations worker processes build entries."""
        self._parallel_threshold = parallel_threshold
        self._database = database
        self._authorities = authorities
        self._clock = clock
        self._dir = crl_dir
        self._validity = validity
        self._shard_size = shard_size
        self._with_detail = with_detail
        self._caches: dict[int, _EntryCache] = {}
        self._lock = threading.Lock()

    def _refresh_cache(
        self, session: Session, generation: CaGeneration, base: CrlPublicationRow | None
    ) -> _EntryCache:
        cache = self._caches.get(generation.id)
        if cache is None:
            cache = self._carried_over(session, generation, base) or _EntryCache()
            self._caches[generation.id] = cache
        high = session.scalar(
            select(func.max(RevocationRow.id)).where(RevocationRow.generation_id == generation.id)
        )
        if high is None or high <= cache.last_id:
            return cache
        if high - cache.last_id >= self._parallel_threshold and self._database.url_is_shareable:
            built = build_in_parallel(
                self._database.url, generation.id, cache.last_id, high, self._with_detail
            )
        else:
            rows = session.execute(
                ENTRY_QUERY, {"generation": generation.id, "low": cache.last_id, "high": high}
            )
            built = build_rows(rows, self._with_detail)
        for revocation_id, shard, revoked in built:
            cache.entries[revocation_id] = (shard, revoked)
        cache.last_id = high
        return cache

    def _carried_over(
        self, session: Session, generation: CaGeneration, base: CrlPublicationRow | None
    ) -> _EntryCache | None:
        """Entries of the last full CRL we signed, so a restarted publisher rebuilds nothing.

        The file is trusted only if its signature verifies under the generation's key, its CRL
        number is the one the database recorded, and every entry matches a stored revocation;
        otherwise the entries are rebuilt from the database.
        """
        if base is None:
            return None
        try:
            crl = x509.load_der_x509_crl(
                (
                    self._dir / crl_name(generation.purpose, generation=generation.number)
                ).read_bytes()
            )
            number = crl.extensions.get_extension_for_class(x509.CRLNumber).value.crl_number
            if number != base.crl_number or not crl.is_signature_valid(generation.key.public_key()):
                return None
        except (OSError, ValueError, x509.ExtensionNotFound):
            return None
        stored = {
            serial: (revocation_id, shard)
            for revocation_id, serial, shard in session.execute(
                text(
                    "SELECT id, serial, shard FROM revocations"
                    " WHERE generation_id = :generation AND id <= :last"
                ),
                {"generation": generation.id, "last": base.max_revocation_id},
            )
        }
        entries = list(crl)
        # We sign every entry of a CRL the same way, so the first tells whether the entries
        # carry the seeds' detail extension as the current settings want.
        if entries and self._with_detail != any(
            e.oid == oids.REVOCATION_DETAIL for e in entries[0].extensions
        ):
            return None
        cache = _EntryCache()
        for revoked in entries:
            known = stored.get(revoked.serial_number)
            if known is None:
                return None
            cache.entries[known[0]] = (known[1], revoked)
        cache.last_id = base.max_revocation_id
        return cache

    def _drop_expired(
        self, session: Session, generation: CaGeneration, cache: _EntryCache, now: dt.datetime
    ) -> None:
        """RFC 5280 lets a CRL forget a revoked certificate once it has expired."""
        expired = session.scalars(
            select(RevocationRow.id).where(
                RevocationRow.generation_id == generation.id, RevocationRow.not_after <= now
            )
        )
        for revocation_id in expired:
            cache.entries.pop(revocation_id, None)

    def publish(self, *, delta_only: bool = False) -> list[PublishedCrl]:
        """Publish CRLs for every generation; `delta_only` signs only delta CRLs."""
        published: list[PublishedCrl] = []
        with self._lock:
            for generation in self._authorities.all():
                published += self._publish_generation(generation, delta_only)
        return published

    def _publish_generation(self, generation: CaGeneration, delta_only: bool) -> list[PublishedCrl]:
        now = self._clock.now().replace(microsecond=0)
        next_update = now + self._validity
        with self._database.transaction() as session:
            self._database.lock_revocations(session)
            last_number = session.scalar(
                select(func.max(CrlPublicationRow.crl_number)).where(
                    CrlPublicationRow.generation_id == generation.id
                )
            )
            number = (last_number or 0) + 1
            base = session.scalar(
                select(CrlPublicationRow)
                .where(
                    CrlPublicationRow.generation_id == generation.id,
                    CrlPublicationRow.kind == FULL,
                )
                .order_by(CrlPublicationRow.crl_number.desc())
                .limit(1)
            )
            cache = self._refresh_cache(session, generation, base)
            self._drop_expired(session, generation, cache, now)
            issued = session.scalar(
                select(CaGenerationRow.issued_count).where(CaGenerationRow.id == generation.id)
            )
            is_current = self._authorities.current(generation.purpose).id == generation.id
            results: list[PublishedCrl] = []

            def write(
                kind: str,
                name: str,
                items: list[x509.RevokedCertificate],
                shard_index: int | None = None,
                delta_base: int | None = None,
            ) -> None:
                shard_name = (
                    None if shard_index is None else crl_shard_name(generation, shard_index)
                )
                crl = sign_crl(
                    generation,
                    items,
                    number,
                    now,
                    next_update,
                    shard_name=shard_name,
                    delta_base=delta_base,
                )
                der = crl.public_bytes(serialization.Encoding.DER)
                names = [name]
                if is_current and kind in (FULL, DELTA):
                    names.append(crl_name(generation.purpose, delta=kind == DELTA))
                for file_name in names:
                    atomic_write(self._dir / file_name, der)
                session.add(
                    CrlPublicationRow(
                        generation_id=generation.id,
                        crl_number=number,
                        kind=kind,
                        shard=shard_index,
                        base_crl_number=delta_base,
                        max_revocation_id=cache.last_id,
                        entry_count=len(items),
                        this_update=now,
                        next_update=next_update,
                    )
                )
                results.append(
                    PublishedCrl(
                        self._dir / name,
                        kind,
                        generation.number,
                        generation.purpose.value,
                        number,
                        len(items),
                        next_update,
                    )
                )

            if base is not None:
                since = base.max_revocation_id  # a plain int: read a million times below
                delta = [
                    revoked
                    for revocation_id, (_, revoked) in cache.entries.items()
                    if revocation_id > since
                ]
                write(
                    DELTA,
                    crl_name(generation.purpose, generation=generation.number, delta=True),
                    delta,
                    delta_base=base.crl_number,
                )
            if not delta_only or base is None:
                write(
                    FULL,
                    crl_name(generation.purpose, generation=generation.number),
                    [revoked for _, revoked in cache.entries.values()],
                )
                shards = max(1, -(-(issued or 0) // self._shard_size))
                if shards > 1:
                    for shard_index, items in enumerate(_by_shard(cache.entries.values(), shards)):
                        write(
                            SHARD,
                            crl_name(
                                generation.purpose, generation=generation.number, shard=shard_index
                            ),
                            items,
                            shard_index=shard_index,
                        )
            return results


def _by_shard(
    entries: Iterable[tuple[int, x509.RevokedCertificate]], shards: int
) -> list[list[x509.RevokedCertificate]]:
    grouped: list[list[x509.RevokedCertificate]] = [[] for _ in range(shards)]
    for shard, revoked in entries:
        grouped[shard].append(revoked)
    return grouped


__all__ = ["CrlPublisher", "PublishedCrl", "sign_crl"]
