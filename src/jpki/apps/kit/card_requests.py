"""The service's side of the wallet protocol: what a service asks the holder's card for.

A service that wants a card login or a signature creates a `CardRequest`; the holder's wallet
(on the phone through the QR code, or on the same device) fetches what is asked (a request of
`jpki.protocol.wallet`), shows it, and posts the card's answer back. The service checks the answer (through the platform) in a handler of its own and
the page that made the request continues. The same protocol is spoken by the IdP and
Mynaportal, so one wallet answers them all.

A 代行 service made with `seal_to` (its platform and tenant) asks the wallet to seal the answers to
its sealed challenges (`ServiceContext.login_challenge`) and its signature requests (other
than a PDF's) to the platform (`jpki.protocol.sealing`): its handlers relay them unread, so
the service never holds the holder's certificate. A signature answered in the clear to a
request that asked for sealing is refused (`sealing-required`) before any handler sees it,
and the request stays answerable.

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
from typing import Any, TypeVar

from jpki.apps.kit.platform_api import PlatformRefusedInput, PlatformUnavailable
from jpki.clock import Clock
from jpki.protocol.levels import Level
from jpki.protocol.wallet import (
    BAD_REQUEST,
    PLATFORM_FAILED,
    UNKNOWN_REQUEST,
    Challenge,
    Kind,
    LoginAnswer,
    LoginRequest,
    RelyingParty,
    SealTo,
    Settled,
    SignatureAnswer,
    SignatureRequest,
    WalletRefused,
)

LIFETIME = dt.timedelta(minutes=5)
SEALING_REQUIRED = "sealing-required"


class CardRefusal(WalletRefused):
    """A card request cannot be answered or continued (unknown, expired, wrong browser, ...)."""

    def __init__(self, message: str, code: str = "refused") -> None:
        super().__init__(code, message)


@dataclasses.dataclass
class CardRequest:
    """One question to a holder's card and, once answered, what the service made of it."""

    id: str
    kind: Kind
    purpose: str
    """What the service will do with the answer (its handler's name)."""
    browser: str
    """The browser session that asked: only it may continue (no login planted in another's)."""
    asked: LoginRequest | SignatureRequest
    """What the wallet is shown (its `state` is this request's at the time it was made)."""
    context: dict[str, Any]
    expires_at: dt.datetime
    state: str = "pending"
    error: str | None = None
    outcome: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def settled(self) -> bool:
        return self.state != "pending"


LoginHandler = Callable[[CardRequest, LoginAnswer], dict[str, Any]]
SignatureHandler = Callable[[CardRequest, SignatureAnswer], dict[str, Any]]
"""A handler checks the wallet's answer and does the service's work; it returns the outcome to
keep, and raises `CardRefusal` (or any `ValueError`) to fail the request with a message."""
Handler = TypeVar("Handler", LoginHandler, SignatureHandler)


class CardRequests:
    """The pending requests of one service and the handlers that settle them; the service's
    `WalletStore` (see `jpki.protocol.wallet_routes`)."""

    def __init__(
        self, service_name: str, origin: str, clock: Clock, *, seal_to: SealTo | None = None
    ) -> None:
        self.service_name, self.origin, self.clock = service_name, origin.rstrip("/"), clock
        self.seal_to = seal_to
        """Where answers are sealed to (the platform), or None for answers in the clear."""
        self.login_handlers: dict[str, LoginHandler] = {}
        self.signature_handlers: dict[str, SignatureHandler] = {}
        self._requests: dict[str, CardRequest] = {}
        self._lock = threading.Lock()

    def on_login(self, purpose: str) -> Callable[[LoginHandler], LoginHandler]:
        """Register the function that settles the logins made for `purpose`."""
        return _registering(self.login_handlers, purpose)

    def on_signature(self, purpose: str) -> Callable[[SignatureHandler], SignatureHandler]:
        """Register the function that settles the signatures made for `purpose`."""
        return _registering(self.signature_handlers, purpose)

    @property
    def relying_party(self) -> RelyingParty:
        return RelyingParty(name=self.service_name, uri=self.origin)

    def _add(
        self,
        kind: Kind,
        purpose: str,
        browser: str,
        ask: Callable[[str, dt.datetime], LoginRequest | SignatureRequest],
        context: dict[str, Any],
    ) -> CardRequest:
        handlers = self.login_handlers if kind is Kind.LOGIN else self.signature_handlers
        if purpose not in handlers:
            raise KeyError(f"no {kind} handler for {purpose}")
        now = self.clock.now()
        request_id, expires_at = secrets.token_urlsafe(18), now + LIFETIME
        request = CardRequest(
            request_id, kind, purpose, browser, ask(request_id, expires_at), context, expires_at
        )
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
        """Ask for a card login answering the platform's `challenge` at one of `levels`
        (the first is the one named to the holder); a challenge the platform issued `sealed`
        asks the wallet to seal the answer to the platform."""
        asked = Challenge(
            nonce=challenge["nonce"], provider=challenge["provider"], origin=challenge["origin"]
        )

        def ask(request_id: str, expires_at: dt.datetime) -> LoginRequest:
            return LoginRequest.asking(
                request_id, self.relying_party, levels[0], levels, asked,
                state="pending", expires_at=expires_at,
                seal_to=self.seal_to if challenge.get("sealed") else None,
            )  # fmt: skip

        return self._add(
            Kind.LOGIN, purpose, browser, ask, {"challenge": challenge} | (context or {})
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
        `timestamp_url` when given (PAdES B-T). A `content` that is text (an application, a
        consent text) travels with the request, so the wallet shows the holder what they sign."""

        def ask(request_id: str, expires_at: dt.datetime) -> SignatureRequest:
            return SignatureRequest(
                id=request_id,
                relying_party=self.relying_party,
                document_name=document_name,
                digest=hashlib.sha256(content).hexdigest(),
                text=None if pdf else _readable(content),
                pdf=pdf,
                timestamp_url=timestamp_url,
                seal_to=None if pdf else self.seal_to,
                state="pending",
                expires_at=expires_at,
            )

        return self._add(Kind.SIGN, purpose, browser, ask, {"content": content} | (context or {}))

    def get(self, request_id: str, kind: Kind | None = None) -> CardRequest:
        with self._lock:
            request = self._requests.get(request_id)
        if (
            request is None
            or request.expires_at <= self.clock.now()
            or (kind is not None and request.kind is not kind)
        ):
            raise CardRefusal(
                "unknown or expired request / 要求が見つからないか期限切れです", UNKNOWN_REQUEST
            )
        return request

    def _settle(
        self, request_id: str, kind: Kind, check: Callable[[CardRequest], dict[str, Any]]
    ) -> CardRequest:
        """Settle a request with the wallet's answer (once)."""
        request = self.get(request_id, kind)
        with self._lock:
            if request.state != "pending":
                raise CardRefusal("this request was already answered / 回答済みです", "not-pending")
            request.state = "checking"
        try:
            request.outcome = check(request)
        except PlatformUnavailable as unavailable:
            request.state, request.error = "failed", str(unavailable)
            blamed = isinstance(unavailable, PlatformRefusedInput)  # the answer, not the platform
            code = BAD_REQUEST if blamed else PLATFORM_FAILED
            raise CardRefusal(request.error, code) from unavailable
        except (WalletRefused, ValueError, KeyError) as refusal:
            request.state, request.error = "failed", str(refusal) or type(refusal).__name__
            raise CardRefusal(request.error) from refusal
        except Exception:
            request.state, request.error = "failed", "the service could not check the answer"
            raise
        request.state = "done"
        return request

    def _settled(self, request: CardRequest, state: str) -> Settled:
        return Settled(
            state=state,
            receipt=request.outcome.get("receipt"),
            continue_url=f"{self.origin}/card/{request.id}/continue",
        )

    # -- the WalletStore ---------------------------------------------------------------------

    def login_request(self, request_id: str) -> LoginRequest:
        request = self.get(request_id, Kind.LOGIN)
        assert isinstance(request.asked, LoginRequest)
        return request.asked.model_copy(update={"state": request.state})

    def answer_login(self, request_id: str, answer: LoginAnswer) -> Settled:
        def check(request: CardRequest) -> dict[str, Any]:
            return self.login_handlers[request.purpose](request, answer)

        return self._settled(self._settle(request_id, Kind.LOGIN, check), "authenticated")

    def signature_request(self, request_id: str) -> SignatureRequest:
        request = self.get(request_id, Kind.SIGN)
        assert isinstance(request.asked, SignatureRequest)
        return request.asked.model_copy(update={"state": request.state})

    def document(self, request_id: str) -> bytes | None:
        request = self.get(request_id, Kind.SIGN)
        pdf = isinstance(request.asked, SignatureRequest) and request.asked.pdf
        return request.context["content"] if pdf else None

    def answer_signature(self, request_id: str, answer: SignatureAnswer) -> Settled:
        asked = self.signature_request(request_id)
        if asked.seal_to is not None and answer.sealed is None:  # refused, still answerable
            raise CardRefusal(
                "this request takes only a signature sealed to the platform / "
                "封緘された署名が必要です",
                SEALING_REQUIRED,
            )

        def check(request: CardRequest) -> dict[str, Any]:
            return self.signature_handlers[request.purpose](request, answer)

        return self._settled(self._settle(request_id, Kind.SIGN, check), "signed")

    def refuse_signature(self, request_id: str) -> None:
        request = self.get(request_id, Kind.SIGN)
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


def _readable(content: bytes) -> str | None:
    """`content` as text, when it is UTF-8."""
    try:
        return content.decode()
    except UnicodeDecodeError:
        return None


def _registering(handlers: dict[str, Handler], purpose: str) -> Callable[[Handler], Handler]:
    def register(function: Handler) -> Handler:
        handlers[purpose] = function
        return function

    return register


__all__ = [
    "CardRefusal",
    "CardRequest",
    "CardRequests",
    "LoginHandler",
    "SignatureHandler",
]
