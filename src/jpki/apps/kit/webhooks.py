"""Receiving the platform's change notifications: the signature and freshness check every
service that subscribes does before believing one."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

from jpki import strict_json
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import PlatformUnavailable
from jpki.files import atomic_write

TOLERANCE = dt.timedelta(minutes=5)


def verified_event(
    secret: str, headers: Mapping[str, str], body: bytes, now: dt.datetime
) -> dict[str, Any]:
    """The notification in `body` if its signature is the platform's and it is fresh
    (`X-JPKI-Webhook-Signature: v1=HMAC-SHA256(secret, timestamp "." body)`)."""
    try:
        timestamp = int(headers.get("x-jpki-webhook-timestamp", ""))
        key = bytes.fromhex(secret)
    except ValueError:
        raise CardRefusal("a notification needs a numeric timestamp") from None
    expected = hmac.new(key, str(timestamp).encode() + b"." + body, hashlib.sha256).hexdigest()
    given = headers.get("x-jpki-webhook-signature", "")
    if not hmac.compare_digest(given, f"v1={expected}"):
        raise CardRefusal("the notification's signature is not the platform's")
    if abs(now - dt.datetime.fromtimestamp(timestamp, dt.UTC)) > TOLERANCE:
        raise CardRefusal("the notification is too old or from the future")
    try:
        event = strict_json.loads(body)
    except strict_json.MalformedJson:
        raise CardRefusal("the notification is not JSON") from None
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise CardRefusal("the notification has no data")
    return event


class Subscription:
    """A service's subscription to the platform's change notifications: the signing secret
    the platform gave, kept in the service's folder (mode 0600), and the events it signs."""

    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.secret_file = context.folder / "webhook-secret"

    def ensure(self) -> None:
        """Subscribe once, at `<origin>/hooks/jpki`; a platform not serving yet (while
        `jpki up` builds the services) is asked again on the next call."""
        if self.secret_file.exists():
            return
        with contextlib.suppress(PlatformUnavailable):
            secret = self.context.platform.set_webhook(f"{self.context.origin}/hooks/jpki")
            atomic_write(self.secret_file, secret.encode(), mode=0o600)

    def event(self, headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
        """The notification in `body`, once its signature and freshness are checked."""
        if not self.secret_file.exists():
            raise CardRefusal("not subscribed")
        return verified_event(self.secret_file.read_text(), headers, body, self.context.clock.now())


def add_hook_route(app: FastAPI, apply: Callable[[dict[str, str], bytes], Any], key: str) -> None:
    """`POST /hooks/jpki`: `apply(headers, body)` to each notification, answered as
    `{key: result}`, or 400 with the refusal."""

    @app.post("/hooks/jpki")
    async def hook(request: Request) -> Response:
        body = await request.body()
        try:
            result = apply({k.lower(): v for k, v in request.headers.items()}, body)
        except CardRefusal as error:
            return JSONResponse({"error": str(error)}, 400)
        return JSONResponse({key: result})


__all__ = ["TOLERANCE", "Subscription", "add_hook_route", "verified_event"]
