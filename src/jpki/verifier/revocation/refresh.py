"""Keeping the index fresh: fetch CRLs from files or URLs again before their nextUpdate.

A `Refresher` runs in a daemon thread. Each round it asks whether the earliest nextUpdate of the
loaded CRLs is within `margin` of now (by the injected clock, so tests move time by hand) and
if so fetches and loads every source. Loading builds new tables off to the side and swaps them
in by reference, so verifications never wait. A source that fails keeps its old data, which
the index then reports as stale once its nextUpdate passes: fail closed, never fail open.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path

import httpx

from jpki.clock import Clock
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.revocation.index import RevocationIndex

log = logging.getLogger(__name__)


@dataclasses.dataclass
class CrlFeed:
    """Where CRLs come from: local files and HTTP(S) URLs (with headers such as an API key)."""

    sources: Sequence[str | Path]
    headers: Mapping[str, str] = dataclasses.field(default_factory=dict)
    timeout: float = 30.0

    def fetch(self, source: str | Path) -> bytes:
        text = str(source)
        if text.startswith(("http://", "https://")):
            try:
                response = httpx.get(text, headers=dict(self.headers), timeout=self.timeout)
                response.raise_for_status()
            except httpx.HTTPError as exc:
                raise RevocationDataError(f"cannot fetch {text}: {exc}") from exc
            return response.content
        try:
            return Path(source).read_bytes()
        except OSError as exc:
            raise RevocationDataError(f"cannot read {source}: {exc.strerror}") from exc


@dataclasses.dataclass(frozen=True)
class RefreshReport:
    """What one round loaded, and why each source that failed did (its old data stays)."""

    loaded: int
    errors: tuple[str, ...]
    """One line per failed source, naming it."""


class Refresher:
    """Reloads a feed into an index when its data nears nextUpdate, in the background."""

    def __init__(
        self,
        index: RevocationIndex,
        feed: CrlFeed,
        clock: Clock,
        *,
        margin: dt.timedelta = dt.timedelta(minutes=10),
        poll_seconds: float = 30.0,
    ) -> None:
        self.index, self.feed, self.clock = index, feed, clock
        self.margin, self.poll_seconds = margin, poll_seconds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def refresh(self) -> RefreshReport:
        """Fetch and load every source now; one that fails does not stop the ones after it.

        `load_crl` turns every parser failure into a RevocationDataError, so a stranger's
        CRL (a compromised mirror, a truncated download) costs only its own source.
        """
        loaded, errors = 0, []
        for source in self.feed.sources:
            try:
                self.index.add_crl(self.feed.fetch(source))
                loaded += 1
            except RevocationDataError as exc:
                log.warning("CRL refresh: %s failed, its old data stays: %s", source, exc)
                errors.append(f"{source}: {exc}")
        return RefreshReport(loaded, tuple(errors))

    def due(self) -> bool:
        next_update = self.index.next_update()
        return next_update is None or self.clock.now() >= next_update - self.margin

    def refresh_if_due(self) -> RefreshReport | None:
        return self.refresh() if self.due() else None

    def start(self) -> None:
        """Keep refreshing in a daemon thread until `stop` (load once with `refresh` first)."""
        self._thread = threading.Thread(target=self._run, name="crl-refresh", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.refresh_if_due()
            except Exception:  # the thread must outlive any surprise; the data just ages
                log.exception("CRL refresh failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()


__all__ = ["CrlFeed", "RefreshReport", "Refresher"]
