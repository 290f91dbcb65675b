"""Change notifications (変更通知) to service providers as signed webhooks.

A scheduled status check finds customers whose situation changed since the last one and queues
one notification each. Deliveries are POSTs of JSON signed with the tenant's webhook secret:

    X-JPKI-Webhook-Id: <event id>
    X-JPKI-Webhook-Timestamp: <unix seconds>
    X-JPKI-Webhook-Signature: v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>

so the SP can check the sender and refuse replays. A delivery that fails (network error or a
non-2xx answer) is retried with exponential back-off; after `MAX_ATTEMPTS` it is dead and stays
visible (dead-letter view) until the SP or operator retries it. Webhook URLs must point at one
of the SP's registered hosts: the platform is not an open proxy.

Every worker empties the queue, so each attempt is first claimed by one conditional UPDATE
(`CLAIM_DUE`): two workers finding the same delivery due never both post it. Only a worker
killed between posting and recording the answer leaves a delivery to be posted again once
its claim runs out (at least once, as every webhook sender): the SP keeps the event ids it
has seen (`X-JPKI-Webhook-Id`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import json
import secrets
import urllib.parse
import uuid
from typing import Any, cast

import httpx
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.platform.errors import InvalidRequest, NotFound
from jpki.platform.store.database import Database
from jpki.platform.store.models import DeliveryRow, TenantRow
from jpki.platform.tenants import Tenant
from jpki.profile.challenge import is_loopback

MAX_ATTEMPTS = 8
FIRST_DELAY = dt.timedelta(seconds=30)
LONGEST_DELAY = dt.timedelta(hours=6)
PENDING, DELIVERED, DEAD = "pending", "delivered", "dead"


CLAIM = dt.timedelta(seconds=60)
"""How long a worker holds a delivery it is posting (longer than the HTTP timeout, 10 s)."""
_DELIVERIES = cast(Table, DeliveryRow.__table__)
CLAIM_DUE = (
    update(_DELIVERIES)
    .where(
        _DELIVERIES.c.id == bindparam("delivery"),
        _DELIVERIES.c.status == PENDING,
        _DELIVERIES.c.next_attempt_at <= bindparam("due_by"),
    )
    .values(next_attempt_at=bindparam("claimed_until"))
    .returning(_DELIVERIES.c.tenant_id, _DELIVERIES.c.payload, _DELIVERIES.c.event_id)
)
"""Take a due delivery for one attempt: exactly one caller gets the row back."""


def backoff(attempts: int) -> dt.timedelta:
    """Delay before the next try after `attempts` failures: 30 s, 1 min, 2 min, ... up to 6 h."""
    return min(FIRST_DELAY * (2 ** max(0, attempts - 1)), LONGEST_DELAY)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(bytes.fromhex(secret), str(timestamp).encode() + b"." + body, hashlib.sha256)
    return f"v1={mac.hexdigest()}"


@dataclasses.dataclass(frozen=True)
class Delivery:
    id: int
    event_id: str
    status: str
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    payload: dict[str, Any]

    @classmethod
    def of(cls, row: DeliveryRow) -> Delivery:
        return cls(
            row.id,
            row.event_id,
            row.status,
            row.attempts,
            row.next_attempt_at,
            row.last_error,
            json.loads(row.payload),
        )


class Webhooks:
    """Webhook settings, the delivery queue and the worker that empties it."""

    def __init__(
        self, database: Database, clock: Clock, *, http: httpx.Client | None = None
    ) -> None:
        self.database, self.clock = database, clock
        self._http = http or httpx.Client(timeout=10.0, follow_redirects=False)

    def close(self) -> None:
        self._http.close()

    def configure(self, tenant: Tenant, url: str) -> str:
        """Set the tenant's webhook URL (on one of its hosts); returns a new signing secret."""
        parsed = urllib.parse.urlsplit(url)
        allowed = {urllib.parse.urlsplit(origin).hostname for origin in tenant.origins}
        if parsed.scheme not in ("https", "http") or parsed.hostname not in allowed:
            raise InvalidRequest(
                f"a webhook must point at one of {sorted(h or '' for h in allowed)}"
            )
        if parsed.scheme == "http" and not is_loopback(parsed.hostname or ""):
            raise InvalidRequest("a webhook must use https (http only on loopback)")
        secret = secrets.token_hex(32)
        with self.database.transaction() as session:
            row = session.get(TenantRow, tenant.id)
            assert row is not None
            row.webhook_url, row.webhook_secret = url, secret
        return secret

    def enqueue(self, session: Session, tenant_id: str, event: str, data: dict[str, Any]) -> str:
        """Queue a notification in the caller's transaction; returns its event id."""
        event_id = f"evt_{uuid.uuid4().hex}"
        now = self.clock.now()
        payload = {"id": event_id, "type": event, "created_at": now.isoformat(), "data": data}
        session.add(
            DeliveryRow(
                tenant_id=tenant_id,
                event_id=event_id,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                status=PENDING,
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
        return event_id

    def deliver_due(self, limit: int = 100) -> int:
        """Try every due pending delivery once; returns how many were delivered."""
        now = self.clock.now()
        with self.database.transaction() as session:
            due = [
                (row.id, row.tenant_id)
                for row in session.scalars(
                    select(DeliveryRow)
                    .where(DeliveryRow.status == PENDING, DeliveryRow.next_attempt_at <= now)
                    .order_by(DeliveryRow.next_attempt_at)
                    .limit(limit)
                )
            ]
        return sum(self._attempt(delivery_id) for delivery_id, _ in due)

    def _attempt(self, delivery_id: int) -> bool:
        now = self.clock.now()
        with self.database.transaction() as session:
            # Claim the delivery: of several workers that found it due, one moves it out of
            # reach for `CLAIM` and posts it; the others see no row and skip it. A worker that
            # dies while posting leaves it to be tried again when the claim runs out.
            claimed = session.execute(
                CLAIM_DUE,
                {"delivery": delivery_id, "due_by": now, "claimed_until": now + CLAIM},
            ).one_or_none()
            if claimed is None:
                return False
            tenant = session.get(TenantRow, claimed.tenant_id)
            if tenant is None:
                return False
            url, secret = tenant.webhook_url, tenant.webhook_secret
            body, event_id = claimed.payload.encode(), claimed.event_id
        error = None
        if url is None or secret is None:
            error = "the tenant has no webhook configured"
        else:
            timestamp = int(self.clock.now().timestamp())
            headers = {
                "content-type": "application/json",
                "x-jpki-webhook-id": event_id,
                "x-jpki-webhook-timestamp": str(timestamp),
                "x-jpki-webhook-signature": signature(secret, timestamp, body),
            }
            try:
                answer = self._http.post(url, content=body, headers=headers)
                if not 200 <= answer.status_code < 300:
                    error = f"HTTP {answer.status_code}"
            except httpx.HTTPError as exc:
                error = f"{type(exc).__name__}: {exc}"[:500]
        with self.database.transaction() as session:
            row = session.get(DeliveryRow, delivery_id)
            assert row is not None
            row.attempts += 1
            now = self.clock.now()
            if error is None:
                row.status, row.delivered_at, row.last_error = DELIVERED, now, None
                return True
            row.last_error = error
            if row.attempts >= MAX_ATTEMPTS:
                row.status = DEAD
            else:
                row.next_attempt_at = now + backoff(row.attempts)
            return False

    def deliveries(
        self, tenant: Tenant, status: str | None = None, limit: int = 100
    ) -> list[Delivery]:
        with self.database.transaction() as session:
            query = select(DeliveryRow).where(DeliveryRow.tenant_id == tenant.id)
            if status is not None:
                query = query.where(DeliveryRow.status == status)
            return [
                Delivery.of(row)
                for row in session.scalars(query.order_by(DeliveryRow.id.desc()).limit(limit))
            ]

    def retry(self, tenant: Tenant, delivery_id: int) -> Delivery:
        """Put a dead (or pending) delivery back in the queue, due now, with fresh attempts."""
        with self.database.transaction() as session:
            row = session.get(DeliveryRow, delivery_id)
            if row is None or row.tenant_id != tenant.id:
                raise NotFound(f"no delivery {delivery_id}")
            if row.status == DELIVERED:
                raise InvalidRequest("this notification was delivered")
            row.status, row.attempts, row.next_attempt_at = PENDING, 0, self.clock.now()
            return Delivery.of(row)


__all__ = [
    "DEAD",
    "DELIVERED",
    "MAX_ATTEMPTS",
    "PENDING",
    "Delivery",
    "Webhooks",
    "backoff",
    "signature",
]
