"""Revocation refreshes every worker follows (失効情報の即時反映).

Each worker keeps its own revocation index (a CRL's entries in memory, `jpki.verifier`) and
reloads it before the CRLs' nextUpdate by itself. When the operator asks for the CRLs at once
(`POST /v1/revocation/refresh`, e.g. after the authority published early), the request reaches
one worker behind the load balancer; that worker reloads and counts the request in the
database, and every worker compares the count with the one it last followed every
`POLL_SECONDS` and reloads when it has moved. So a revocation the operator pulled in is applied
by every worker within `POLL_SECONDS` plus one CRL download (docs/deploy.md).
"""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table, select, update

from jpki.platform.store.models import RevocationRefreshRow
from jpki.storage import Database

POLL_SECONDS = 1.0
"""How often each worker looks for a refresh asked of another."""

_ROWS = cast(Table, RevocationRefreshRow.__table__)
ANNOUNCE = (
    update(_ROWS).where(_ROWS.c.id == 1).values(generation=_ROWS.c.generation + 1)
).returning(_ROWS.c.generation)
CURRENT = select(_ROWS.c.generation).where(_ROWS.c.id == 1)


class RefreshRequests:
    """The count of refreshes asked for, and the one this worker has followed."""

    POLL_SECONDS = POLL_SECONDS

    def __init__(self, database: Database) -> None:
        self.database = database
        self.followed = self._current()
        """The count when this worker last loaded its CRLs (at start it just did)."""

    def _current(self) -> int:
        with self.database.engine.begin() as connection:
            return int(connection.execute(CURRENT).scalar_one())

    def announce(self) -> int:
        """Count a refresh this worker has just made (so the others follow); the new count."""
        with self.database.engine.begin() as connection:
            generation = int(connection.execute(ANNOUNCE).scalar_one())
        self.followed = generation
        return generation

    def due(self) -> int | None:
        """The count to follow if another worker refreshed since this one last did, else None;
        the caller reloads, then calls `followed_up_to` (a load that fails keeps the old data,
        and the next nextUpdate check tries again)."""
        current = self._current()
        return current if current > self.followed else None

    def followed_up_to(self, generation: int) -> None:
        self.followed = max(self.followed, generation)


__all__ = ["POLL_SECONDS", "RefreshRequests"]
