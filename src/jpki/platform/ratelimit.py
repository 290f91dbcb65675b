"""Per-tenant rate limits: a token bucket per SP in each worker.

One SP's burst must not starve the others or run up the platform's J-LIS bill. Each worker
keeps its own buckets (a limit of R per second per worker); a request over the limit gets HTTP
429 before any work or fee.
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

    def allow(self, key: str) -> bool:
        """Take one token for `key` if there is one."""
        now = self._now()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens < 1.0:
                self._buckets[key] = (tokens, now)
                return False
            self._buckets[key] = (tokens - 1.0, now)
            return True


__all__ = ["RateLimiter"]
