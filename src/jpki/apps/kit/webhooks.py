"""Receiving the platform's change notifications: the signature and freshness check every
service that subscribes does before believing one."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Mapping
from typing import Any

from jpki.apps.kit.card_requests import CardRefusal

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
        event = json.loads(body)
    except ValueError:
        raise CardRefusal("the notification is not JSON") from None
    if not isinstance(event, dict) or not isinstance(event.get("data"), dict):
        raise CardRefusal("the notification has no data")
    return event


__all__ = ["TOLERANCE", "verified_event"]
