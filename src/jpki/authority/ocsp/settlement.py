"""Group commit of OCSP fees (手数料) and disclosure records: no answer leaves before its count.

J-LIS bills each OCSP status it gives an accredited verifier. The responder answers from
memory in microseconds, far faster than one transaction per answer could keep up with, so
counts are batched; but a batch held only in memory dies with a worker killed `-9`, and the
answers it had already sent would never be billed (nor shown in the holder's disclosure
records). `Settlement` closes that gap the way databases commit logs: each answer's count and
record are queued, the answer waits, and one transaction writes everything queued so far and
releases every answer it covered. Under load a batch holds many answers, so the cost is one
commit per batch and a commit's latency per answer, not one commit per answer.

An answer is released only after its batch committed, so every answer a verifier received is
counted; an answer whose batch failed is replaced by `internalError`, and its counts are
dropped with it. What a killed worker can leave is the other way round: a batch committed just
before the kill whose answers were not yet sent is billed but not received (at most one batch,
and exactly the rows of the disclosure records written with it: tests/world reconcile).
"""

from __future__ import annotations

import asyncio

import anyio.to_thread

from jpki.authority.disclosures import AuthorityDisclosures
from jpki.authority.store.database import Database
from jpki.authority.verifiers import FeeMeter, Pending, add_counts


class Settlement:
    """Holds OCSP answers until the batch holding their fees and records has committed."""

    def __init__(
        self, database: Database, meter: FeeMeter, disclosures: AuthorityDisclosures
    ) -> None:
        self.database, self.meter, self.disclosures = database, meter, disclosures
        self._waiting: list[asyncio.Future[None]] = []
        self._running: asyncio.Task[None] | None = None
        self.batches = 0
        """Batches committed (for the benchmarks: answers per commit)."""

    def _commit(self, counts: Pending, records: list[dict[str, object]]) -> None:
        """Write one batch in one transaction (in a worker thread)."""
        if not counts and not records:
            return
        with self.database.transaction() as session:
            add_counts(session, counts)
            self.disclosures.write(session, records)
        self.batches += 1

    async def settled(self) -> None:
        """Return once what was queued before the call is committed; raises if it failed."""
        waiter: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(waiter)
        if self._running is None or self._running.done():
            self._running = asyncio.create_task(self._commit_batches())
        await waiter

    async def _commit_batches(self) -> None:
        while self._waiting:
            # The waiters and what they queued are taken together, on the event loop's thread
            # (where the OCSP endpoint queues and waits), so a batch's commit covers exactly
            # the answers it releases.
            batch, self._waiting = self._waiting, []
            counts, records = self.meter.take(), self.disclosures.take()
            try:
                await anyio.to_thread.run_sync(self._commit, counts, records)
            except Exception as exc:  # the database refused: every answer of the batch fails
                for waiter in batch:
                    if not waiter.done():
                        waiter.set_exception(exc)
                continue
            for waiter in batch:
                if not waiter.done():
                    waiter.set_result(None)


__all__ = ["Settlement"]
