"""Health IDs (医療等ID, seed 000): a KeyID per person and purpose-specific IDs from it.

The KeyID is derived from the person's institution-specific code at the health agency (so it
inherits the network's unlinkability), and each purpose (qualification check, disease
databases, regional exchange) gets its own ID from the KeyID by a keyed one-way derivation.
Two purposes' IDs of one person can be linked only through `HealthIds.link`, which requires
the person's recorded consent.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from sqlalchemy import select

from jpki.clock import Clock
from jpki.mynumber.errors import ConsentMissing, NumberingError
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import HealthLinkRow

PURPOSES = {
    "qualification": "資格確認 / insurance qualification check",
    "disease-database": "疾病データベース / disease databases",
    "regional-exchange": "地域医療連携 / regional medical exchange",
}


def _derive(key: bytes, *parts: str) -> str:
    digest = hmac.new(key, "\x1f".join(parts).encode(), hashlib.sha256).digest()[:15]
    return base64.b32encode(digest).decode()


class HealthIds:
    def __init__(self, key: bytes, database: Database, clock: Clock) -> None:
        self._key, self.database, self.clock = key, database, clock

    def key_id(self, institution_code: str) -> str:
        """The person's KeyID from their institution-specific code at the health agency."""
        return "K" + _derive(self._key, "key-id", institution_code)

    def purpose_id(self, key_id: str, purpose: str) -> str:
        if purpose not in PURPOSES:
            raise NumberingError(f"unknown purpose {purpose!r}: one of {sorted(PURPOSES)}")
        return purpose[0].upper() + _derive(self._key, "purpose", purpose, key_id)

    def consent(self, key_id: str, first: str, second: str) -> None:
        """Record the person's consent to link two purposes' IDs."""
        pair = _pair(first, second)
        with self.database.transaction() as session:
            if session.get(HealthLinkRow, (key_id, pair)) is None:
                session.add(
                    HealthLinkRow(key_id=key_id, purposes=pair, granted_at=self.clock.now())
                )

    def withdraw(self, key_id: str, first: str, second: str) -> None:
        with self.database.transaction() as session:
            row = session.get(HealthLinkRow, (key_id, _pair(first, second)))
            if row is not None:
                session.delete(row)

    def link(self, key_id: str, first: str, second: str) -> tuple[str, str]:
        """Both purposes' IDs of the person, only with consent."""
        with self.database.transaction() as session:
            granted = session.scalar(
                select(HealthLinkRow.key_id).where(
                    HealthLinkRow.key_id == key_id, HealthLinkRow.purposes == _pair(first, second)
                )
            )
        if granted is None:
            raise ConsentMissing(f"no consent to link {first} and {second} for this person")
        return self.purpose_id(key_id, first), self.purpose_id(key_id, second)


def _pair(first: str, second: str) -> str:
    for purpose in (first, second):
        if purpose not in PURPOSES:
            raise NumberingError(f"unknown purpose {purpose!r}: one of {sorted(PURPOSES)}")
    return "+".join(sorted((first, second)))


__all__ = ["PURPOSES", "HealthIds"]
