"""ID-token signing keys (JWKS) with rotation.

ES256 signs by default, RS256 for RPs that register `id_token_signed_response_alg=RS256`.
Rotation adds a new key of each algorithm, which signs from then on; the previous
generation stays published so tokens signed just before still verify, and older ones are
retired from the JWKS. Workers re-read the keys at most every `CACHE_SECONDS`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import threading
import time
from typing import Any, cast

from joserfc.jwk import ECKey, KeySet, RSAKey, import_key
from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.idp.store.database import Database
from jpki.idp.store.models import SigningKeyRow

ALGORITHMS = ("ES256", "RS256")
CACHE_SECONDS = 30.0
PUBLISHED_GENERATIONS = 2


def _generate(alg: str) -> ECKey | RSAKey:
    parameters: Any = {"alg": alg, "use": "sig"}
    if alg == "ES256":
        return ECKey.generate_key("P-256", parameters=parameters, private=True, auto_kid=True)
    return RSAKey.generate_key(2048, parameters=parameters, private=True, auto_kid=True)


@dataclasses.dataclass(frozen=True)
class KeyRecord:
    """One signing key as the operator sees it (never the private part)."""

    kid: str
    alg: str
    created_at: dt.datetime
    retired_at: dt.datetime | None


class KeyRing:
    """The IdP's signing keys, newest first per algorithm."""

    def __init__(self, database: Database, clock: Clock) -> None:
        self.database, self.clock = database, clock
        self._lock = threading.Lock()
        self._loaded_at = -CACHE_SECONDS
        self._keys: list[tuple[str, ECKey | RSAKey]] = []

    def ensure(self) -> None:
        """Create the first generation if there is none."""
        with self.database.transaction() as session:
            if session.scalar(select(SigningKeyRow.kid).limit(1)) is None:
                self._add_generation(session)
        self._loaded_at = -CACHE_SECONDS

    def rotate(self) -> list[str]:
        """A new generation signs from now on; generations beyond the previous one retire.
        Returns the new key IDs."""
        with self.database.transaction() as session:
            for alg in ALGORITHMS:
                rows = session.scalars(
                    select(SigningKeyRow)
                    .where(SigningKeyRow.alg == alg, SigningKeyRow.retired_at.is_(None))
                    .order_by(SigningKeyRow.created_at.desc(), SigningKeyRow.kid)
                ).all()
                for row in rows[PUBLISHED_GENERATIONS - 1 :]:
                    row.retired_at = self.clock.now()
            added = self._add_generation(session)
        self._loaded_at = -CACHE_SECONDS
        return added

    def inventory(self) -> list[KeyRecord]:
        """Every key ever made, newest first: which sign and which are retired."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(SigningKeyRow).order_by(SigningKeyRow.created_at.desc(), SigningKeyRow.kid)
            ).all()
            return [KeyRecord(r.kid, r.alg, r.created_at, r.retired_at) for r in rows]

    def _add_generation(self, session: Session) -> list[str]:
        added = []
        for alg in ALGORITHMS:
            key = _generate(alg)
            session.add(
                SigningKeyRow(
                    kid=key.kid,
                    alg=alg,
                    private_jwk=json.dumps(key.as_dict(private=True)),
                    created_at=self.clock.now(),
                )
            )
            added.append(str(key.kid))
        return added

    def _current(self) -> list[tuple[str, ECKey | RSAKey]]:
        """Published keys, newest first (the newest of an algorithm signs)."""
        with self._lock:
            if time.monotonic() - self._loaded_at >= CACHE_SECONDS:
                with self.database.transaction() as session:
                    rows = session.scalars(
                        select(SigningKeyRow)
                        .where(SigningKeyRow.retired_at.is_(None))
                        .order_by(SigningKeyRow.created_at.desc(), SigningKeyRow.kid)
                    ).all()
                    self._keys = [
                        (row.alg, cast(ECKey | RSAKey, import_key(json.loads(row.private_jwk))))
                        for row in rows
                    ]
                self._loaded_at = time.monotonic()
            return self._keys

    def signing_key(self, alg: str) -> ECKey | RSAKey:
        for key_alg, key in self._current():
            if key_alg == alg:
                return key
        raise LookupError(f"no signing key for {alg}")

    def public_jwks(self) -> dict[str, object]:
        return dict(KeySet([key for _, key in self._current()]).as_dict(private=False))

    def verification_keys(self) -> KeySet:
        """The published keys, to check an `id_token_hint` the IdP issued."""
        return KeySet.import_key_set(self.public_jwks())  # type: ignore[arg-type]


__all__ = ["ALGORITHMS", "KeyRecord", "KeyRing"]
