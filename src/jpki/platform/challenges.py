"""Login challenges in the platform's database, so any worker can check any nonce once.

Spending is one conditional UPDATE (`... WHERE spent_at IS NULL`): of two workers receiving the
same response at the same moment, exactly one sees a row change; the other reports a replay.
Inside `within(session, tenant)` only the tenant's own challenges can be spent: another tenant
presenting a nonce it somehow learnt is told "no such challenge" and the nonce stays usable.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import os
from collections.abc import Iterator
from typing import cast

from sqlalchemy import Table, bindparam, func, update
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.platform.store.database import Database
from jpki.platform.store.models import ChallengeRow
from jpki.profile.challenge import NONCE_BYTES, normalise_origin
from jpki.verifier.challenge import Challenge
from jpki.verifier.errors import ExpiredChallenge, ReplayedChallenge, UnknownChallenge

CHALLENGES = cast(Table, ChallengeRow.__table__)
SPEND = (
    update(CHALLENGES)
    .where(
        CHALLENGES.c.nonce == bindparam("key"),
        CHALLENGES.c.spent_at.is_(None),
        CHALLENGES.c.tenant_id == func.coalesce(bindparam("tenant"), CHALLENGES.c.tenant_id),
    )
    .values(spent_at=bindparam("now"))
    .returning(
        CHALLENGES.c.tenant_id,
        CHALLENGES.c.audience,
        CHALLENGES.c.origin,
        CHALLENGES.c.issued_at,
        CHALLENGES.c.expires_at,
    )
)
"""Spend a nonce once (of `tenant`, or of any when it is None): exactly one caller gets the
row back (built once, used per login)."""


class StoredChallenges:
    """The verifier's `ChallengeStore`, kept in the platform's database."""

    def __init__(
        self, database: Database, clock: Clock, *, lifetime: dt.timedelta = dt.timedelta(seconds=60)
    ) -> None:
        self.database, self.clock, self.lifetime = database, clock, lifetime
        self._session: contextvars.ContextVar[tuple[Session, str] | None] = contextvars.ContextVar(
            "challenge_session", default=None
        )

    def issue(self, provider: str, origin: str, *, sealed: bool = False) -> Challenge:
        """`provider` is a tenant ID, or `tenant/audience` for a tenant logging in for others;
        a `sealed` challenge takes only an answer sealed to the platform."""
        now = self.clock.now()
        tenant_id, _, audience = provider.partition("/")
        challenge = Challenge(
            os.urandom(NONCE_BYTES), provider, normalise_origin(origin), now, now + self.lifetime
        )
        with self.database.transaction() as session:
            session.add(
                ChallengeRow(
                    nonce=challenge.nonce.hex(),
                    tenant_id=tenant_id,
                    audience=audience or None,
                    origin=challenge.origin,
                    issued_at=now,
                    expires_at=challenge.expires_at,
                    sealed=sealed,
                )
            )
        return challenge

    def sealed(self, nonce: bytes, tenant_id: str) -> bool:
        """Whether `nonce` is `tenant_id`'s challenge that takes only a sealed answer."""
        with self.database.transaction() as session:
            row = session.get(ChallengeRow, nonce.hex())
            return row is not None and row.tenant_id == tenant_id and row.sealed

    def outstanding(self, nonce: bytes, tenant_id: str) -> bool:
        """Whether `nonce` is a live challenge issued to `tenant_id` and not yet answered
        (its answer was paid for, under the rate limit, when the challenge was issued)."""
        with self.database.transaction() as session:
            row = session.get(ChallengeRow, nonce.hex())
            return (
                row is not None
                and row.tenant_id == tenant_id
                and row.spent_at is None
                and self.clock.now() <= row.expires_at
            )

    @contextlib.contextmanager
    def within(self, session: Session, tenant_id: str) -> Iterator[None]:
        """Spend `tenant_id`'s nonces inside the caller's transaction (it commits with the
        caller's work)."""
        token = self._session.set((session, tenant_id))
        try:
            yield
        finally:
            self._session.reset(token)

    def take(self, nonce: bytes) -> Challenge:
        scope = self._session.get()
        if scope is not None:
            challenge = self._spend(*scope, nonce)
        else:
            with self.database.transaction() as own:
                challenge = self._spend(own, None, nonce)
        if self.clock.now() > challenge.expires_at:  # spent all the same: it cannot come back
            raise ExpiredChallenge("the challenge expired / チャレンジの有効期限切れ")
        return challenge

    def _spend(self, session: Session, tenant_id: str | None, nonce: bytes) -> Challenge:
        key = nonce.hex()
        spent = {"key": key, "now": self.clock.now(), "tenant": tenant_id}
        row = session.execute(SPEND, spent).one_or_none()
        if row is None:
            stored = session.get(ChallengeRow, key)
            if stored is None or tenant_id not in (None, stored.tenant_id):
                raise UnknownChallenge("no such challenge was issued / 不明なチャレンジ")
            raise ReplayedChallenge("this challenge was already answered / 使用済み")
        tenant_id, audience, origin, issued_at, expires_at = row
        provider = f"{tenant_id}/{audience}" if audience else tenant_id
        return Challenge(nonce, provider, origin, issued_at, expires_at)  # UtcDateTime: aware UTC


__all__ = ["StoredChallenges"]
