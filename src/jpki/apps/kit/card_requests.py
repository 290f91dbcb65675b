"""The service's side of the wallet protocol: what a service asks the holder's card for.

A service that wants a card login or a signature creates a `CardRequest`; the holder's wallet
(on the phone through the QR code, or on the same device) fetches what is asked at
`/wallet/v1/logins/{id}` or `/wallet/v1/signatures/{id}`, shows it, and posts the card's
answer back. The service checks the answer (through the platform) in a handler of its own and
the page that made the request continues. The same protocol is spoken by the IdP and
Mynaportal, so one wallet answers them all.

Requests live in the process for five minutes: they are a login's or a signature's few
seconds of state, not business records (those are in each service's tables).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import secrets
import threading
from collections.abc import Callable
from typing import Any, Literal

from jpki.clock import Clock
from jpki.profile.errors import JpkiError
from jpki.protocol.levels import Level

LIFETIME = dt.timedelta(minutes=5)
Kind = Literal["login", "sign"]


class CardRefusal(JpkiError):
    """A card request cannot be answered or continued (unknown, expired, wrong browser, ...)."""


@dataclasses.dataclass
class CardRequest:
    """One question to a holder's card and, once answered, what the service made of it."""

    id: str
    kind: Kind
    purpose: str
    """What the service will do with the answer (its handler's name)."""
    browser: str
    """The browser session that asked: only it may continue (no login planted in another's)."""
    wallet_view: dict[str, Any]
    context: dict[str, Any]
    expires_at: dt.datetime
    state: str = "pending"
    error: str | None = None
    outcome: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def settled(self) -> bool:
        return self.state != "pending"


Handler = Callable[[CardRequest, dict[str, Any]], dict[str, Any]]
"""Checks the wallet's answer and does the service's work; returns the outcome to keep.
Raises `CardRefusal` (or any `ValueError`) to fail the request with a message."""


class CardRequests:
    """The pending requests of one service and the handlers that settle them."""

    def __init__(self, service_name: str, origin: str, clock: Clock) -> None:
        self.service_name, self.origin, self.clock = service_name, origin.rstrip("/"), clock
        self.handlers: dict[str, Handler] = {}
        self._requests: dict[str, CardRequest] = {}
        self._lock = threading.Lock()

    def handler(self, purpose: str) -> Callable[[Handler], Handler]:
        """Register the function that settles requests made for `purpose`."""

        def register(function: Handler) -> Handler:
            self.handlers[purpose] = function
            return function

        return register

    def _add(
        self, kind: Kind, purpose: str, browser: str, view: dict[str, Any], context: dict[str, Any]
    ) -> CardRequest:
        if purpose not in self.handlers:
            raise KeyError(f"no handler for {purpose}")
        now = self.clock.now()
        request = CardRequest(
            secrets.token_urlsafe(18), kind, purpose, browser, {}, context, now + LIFETIME
        )
        request.wallet_view = {
            "kind": kind,
            "id": request.id,
            "relying_party": {"name": self.service_name, "uri": self.origin},
            "state": "pending",
            "expires_at": request.expires_at.isoformat(),
        } | view
        with self._lock:
            self._requests = {k: r for k, r in self._requests.items() if r.expires_at > now}
            self._requests[request.id] = request
        return request

    def login(
        self,
        purpose: str,
        browser: str,
        challenge: dict[str, Any],
        *,
        levels: tuple[Level, ...] = (Level.PIN,),
        context: dict[str, Any] | None = None,
    ) -> CardRequest:
        """Ask for a card login answering the platform's `challenge` at one of `levels`."""
        view = {
            "items": [],
            "acr_required": levels[0].urn,
            "acr_label": levels[0].label,
            "levels": [level.urn for level in levels],
            "challenge": {k: challenge[k] for k in ("nonce", "provider", "origin")},
            "signing_consent": None,
        }
        return self._add(
            "login", purpose, browser, view, {"challenge": challenge} | (context or {})
        )

    def signature(
        self,
        purpose: str,
        browser: str,
        document_name: str,
        content: bytes,
        *,
        pdf: bool = False,
        timestamp_url: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> CardRequest:
        """Ask for a signature with the signing key: a detached CMS over `content`, or, with
        `pdf`, `content` (a PDF) signed in place (PAdES), time-stamped by the TSA at
        `timestamp_url` when given (PAdES B-T)."""
        view = {
            "document_name": document_name,
            "digest": hashlib.sha256(content).hexdigest(),
            "pdf": pdf,
            "timestamp_url": timestamp_url,
        }
        return self._add("sign", purpose, browser, view, {"content": content} | (context or {}))

    def get(self, request_id: str) -> CardRequest:
        with self._lock:
            request = self._requests.get(request_id)
        if request is None or request.expires_at <= self.clock.now():
            raise CardRefusal("unknown or expired request / 要求が見つからないか期限切れです")
        return request

    def answer(self, request_id: str, body: dict[str, Any]) -> CardRequest:
        """Settle a request with the wallet's answer (once)."""
        request = self.get(request_id)
        with self._lock:
            if request.state != "pending":
                raise CardRefusal("this request was already answered / 回答済みです")
            request.state = "checking"
        try:
            request.outcome = self.handlers[request.purpose](request, body)
        except (CardRefusal, ValueError, KeyError) as refusal:
            request.state, request.error = "failed", str(refusal) or type(refusal).__name__
            raise CardRefusal(request.error) from refusal
        except Exception:
            request.state, request.error = "failed", "the service could not check the answer"
            raise
        request.state = "done"
        return request

    def refuse(self, request_id: str) -> None:
        request = self.get(request_id)
        if request.state == "pending":
            request.state, request.error = "failed", "refused by the holder / 利用者が拒否しました"

    def take(self, request_id: str, browser: str) -> CardRequest:
        """The settled request, for the browser that made it."""
        request = self.get(request_id)
        if not browser or not secrets.compare_digest(request.browser, browser):
            raise CardRefusal("this request belongs to another browser / 別のブラウザの要求です")
        if request.state != "done":
            raise CardRefusal(request.error or "not answered yet / まだ回答がありません")
        return request


__all__ = [
    "CardRefusal",
    "CardRequest",
    "CardRequests",
    "Handler",
]
