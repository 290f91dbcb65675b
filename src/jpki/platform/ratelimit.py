"""Per-tenant rate limits: a token bucket per SP in each worker.

One SP's burst must not starve the others or run up the platform's J-LIS bill. Each worker
keeps its own buckets (a limit of R per second per worker); a request over the limit gets HTTP
429, with `Retry-After`, before any work or fee. A login is two requests (the challenge, then
the card's answer) but one token: the answer to a live challenge of the tenant is not limited
again, so a 429 can never waste a challenge the holder's card has already signed.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class RateLimiter:
    """`rate` requests per second on average, bursts of up to `burst`, per key."""

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


__all__ = ["RateLimiter"]
