"""Per-tenant rate limits (流量制限): a token bucket per SP, shared by every worker.

One SP's burst must not starve the others or run up the platform's J-LIS bill. A request over
the limit gets HTTP 429, with `Retry-After`, before any work or fee. A login is two requests
(the challenge, then the card's answer) but one token: the answer to a live challenge of the
tenant is not limited again, so a 429 can never waste a challenge the holder's card has
already signed.

On PostgreSQL the bucket is one row per tenant, refilled and taken from in one statement by
the database's clock (`SharedRateLimiter`), so R per second is R for the whole deployment
however many workers serve it (before, each worker kept its own buckets and N workers let
N times R through). On SQLite, which serves one worker, the bucket is in memory
(`RateLimiter`).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol

from sqlalchemy import text

from jpki.storage import Database


class Limiter(Protocol):
    """Takes a tenant's token: 0.0, or the seconds until there will be one (nothing taken)."""

    rate: float
    burst: int

    def wait(self, key: str) -> float: ...


class RateLimiter:
    """`rate` requests per second on average, bursts of up to `burst`, per key, in memory."""

    def __init__(
        self, rate: float, burst: int, *, now: Callable[[], float] = time.monotonic
    ) -> None:
        self.rate, self.burst, self._now = rate, burst, now
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def wait(self, key: str) -> float:
        """Take one token for `key`: 0.0 if there was one, else the seconds until there is
        one (nothing is taken), which a 429 names in its `Retry-After`."""
        now = self._now()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return (1.0 - tokens) / self.rate
            self._buckets[key] = (tokens - 1.0, now)
            return 0.0


_REFILLED = (
    "least(CAST(:burst AS float8), rate_buckets.tokens"
    " + greatest(0, excluded.updated_at - rate_buckets.updated_at) * :rate)"
)
TAKE = text(
    f"""
    INSERT INTO rate_buckets (tenant_id, tokens, updated_at, taken)
    VALUES (:key, CAST(:burst AS float8) - 1, extract(epoch FROM clock_timestamp()), true)
    ON CONFLICT (tenant_id) DO UPDATE SET
        tokens = CASE WHEN {_REFILLED} >= 1 THEN {_REFILLED} - 1 ELSE {_REFILLED} END,
        taken = {_REFILLED} >= 1,
        updated_at = excluded.updated_at
    RETURNING taken, tokens
    """
)
"""Refill the key's bucket for the time since its last request and take a token if one is
there (a new key starts full), in one statement under the row's lock."""


class SharedRateLimiter:
    """The same bucket as `RateLimiter`, kept in the platform's PostgreSQL: one row per key,
    refilled and taken in one statement under the row's lock, timed by the database."""

    def __init__(self, database: Database, rate: float, burst: int) -> None:
        self.database, self.rate, self.burst = database, rate, burst

    def wait(self, key: str) -> float:
        with self.database.engine.begin() as connection:
            taken, tokens = connection.execute(
                TAKE, {"key": key, "rate": self.rate, "burst": self.burst}
            ).one()
        return 0.0 if taken else (1.0 - tokens) / self.rate


def limiter_for(database: Database, rate: float, burst: int) -> Limiter:
    """The shared bucket on PostgreSQL (any number of workers), the in-memory one on SQLite."""
    if database.is_postgresql:
        return SharedRateLimiter(database, rate, burst)
    return RateLimiter(rate, burst)


__all__ = ["Limiter", "RateLimiter", "SharedRateLimiter", "limiter_for"]
