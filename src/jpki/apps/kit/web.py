"""The web side every service shares: bilingual pages, the browser's session, and the routes
of the wallet protocol (mounted from `jpki.protocol.wallet_routes`) and of a card request's page (`/card/{id}`).

A service builds its app with `service_app`, registers handlers on its `CardRequests`, and
names, for each purpose, where the browser continues once the card has answered.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Request, Response
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from jpki.apps.kit.card_requests import CardRefusal, CardRequest, CardRequests
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import PlatformRefusedInput, PlatformUnavailable
from jpki.protocol.verification import LOGIN_REFUSAL_WORDS
from jpki.protocol.wallet import same_device, wallet_link
from jpki.protocol.wallet_routes import mount_wallet_routes, refusal
from jpki.web import (
    in_language,
    language,
    page_templates,
    party_app,
    qr_svg,
    render_page,
)
from jpki.web_session import EncryptedSessions

KIT_TEMPLATES = Path(__file__).with_name("templates")

ROW_ID = Annotated[int, PathParameter(ge=1, le=2**63 - 1)]
"""A row number in a path: out of a database integer's range is a 422, not the driver's
overflow (a 500 the world fuzz found at `/counter/-1555…`)."""
"""The pages every service shows (`app_card.html`, `app_message.html`)."""


def service_templates(module_file: str) -> Jinja2Templates:
    """A service's pages: the `templates/` folder beside its module first, then the kit's and
    the shared bilingual base. Each service keeps its pages in its own folder, named without a
    prefix; none takes the name of a kit or base page (tests/apps/test_self_contained.py)."""
    folder = Path(module_file).with_name("templates")
    return page_templates(folder, KIT_TEMPLATES)


COMMON_TEXT: dict[str, dict[str, str]] = {
    **{f"reason_{code}": words for code, words in LOGIN_REFUSAL_WORDS.items()},
    "scan": {
        "en": "Scan with the phone that reads your card, or use the wallet on this device.",
        "ja": "カードを読み取るスマートフォンでスキャンするか、この端末のウォレットを使ってください。",
    },
    "same_device": {"en": "Use the wallet on this device", "ja": "この端末のウォレットを使う"},
    "waiting": {"en": "Waiting for the card…", "ja": "カードの操作を待っています…"},
    "failed": {
        "en": "The card's answer was not accepted:",
        "ja": "カードの回答は受け付けられませんでした:",
    },
    "back": {"en": "Back", "ja": "戻る"},
    "receipt": {"en": "Receipt (受付処理番号)", "ja": "受付処理番号"},
    "logout": {"en": "Log out", "ja": "ログアウト"},
    "card_login": {"en": "Log in with your My Number card", "ja": "マイナンバーカードでログイン"},
}
Continuation = Callable[[Request, CardRequest], Response]


class ServiceWeb:
    """One service's pages, sessions and card requests."""

    def __init__(
        self,
        requests: CardRequests,
        text: Mapping[str, Mapping[str, str]],
        wallet_url: str,
        templates: Jinja2Templates,
    ) -> None:
        self.requests = requests
        self.templates = templates
        self.text = COMMON_TEXT | dict(text)
        self.wallet_url = wallet_url.rstrip("/")
        self.continuations: dict[str, Continuation] = {}

    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        return render_page(self.templates, self.text, request, template, status, **context)

    def message(self, request: Request, message: str, status: int = 200) -> HTMLResponse:
        return self.page(request, "app_message.html", status, message=message, ok=status < 400)

    def said(self, request: Request, key: str) -> str:
        """This service's text `key` in the visitor's language."""
        return self.text[key][language(request)]

    @staticmethod
    def browser(request: Request) -> str:
        """This browser's random ID, kept in its encrypted session cookie."""
        if "browser" not in request.session:
            request.session["browser"] = secrets.token_urlsafe(18)
        return str(request.session["browser"])

    def continues(self, purpose: str) -> Callable[[Continuation], Continuation]:
        """Register where the browser goes once a request for `purpose` is settled."""

        def register(function: Continuation) -> Continuation:
            self.continuations[purpose] = function
            return function

        return register

    def show(self, request: Request, card_request: CardRequest, **context: Any) -> Response:
        """The page that hands a card request to the wallet and waits for its answer."""
        link = wallet_link(
            self.wallet_url, self.requests.origin, card_request.kind, card_request.id
        )
        return self.page(
            request,
            "app_card.html",
            card_request=card_request,
            login_id=card_request.id,
            poll_base="/card",
            qr=qr_svg(link),
            same_device=same_device(link),
            **context,
        )


def service_app(
    title: str, text: Mapping[str, Mapping[str, str]], context: ServiceContext, module_file: str
) -> tuple[FastAPI, ServiceWeb, CardRequests]:
    """A service's FastAPI app (encrypted session, body limit, forms from other sites refused,
    card-request routes, refusals as pages or JSON), its pages (from the `templates/` beside `module_file`) and its card requests."""
    requests = CardRequests(title, context.origin, context.clock, seal_to=context.seal_to)
    web = ServiceWeb(requests, text, context.wallet_url, service_templates(module_file))
    app = party_app(title, forms_of=context.origin, docs_url=None, redoc_url=None)
    app.add_middleware(EncryptedSessions, secret=context.session_secret, origin=context.origin)
    mount_wallet_routes(app, requests)
    _card_page_routes(app, web)

    async def refused(request: Request, error: Exception) -> Response:
        status = 400 if isinstance(error, CardRefusal | PlatformRefusedInput) else 502
        if "text/html" in request.headers.get("accept", ""):
            return web.message(request, in_language(str(error), language(request)), status)
        return JSONResponse({"error": type(error).__name__, "message": str(error)}, status)

    app.add_exception_handler(CardRefusal, refused)
    app.add_exception_handler(PlatformUnavailable, refused)
    return app, web, requests


def _card_page_routes(app: FastAPI, web: ServiceWeb) -> None:
    @app.get("/card/{request_id}/status")
    def status(request_id: str) -> Response:
        try:
            card_request = web.requests.get(request_id)
        except CardRefusal as error:
            return refusal(error)
        state = {"done": "authenticated"}.get(card_request.state, card_request.state)
        return JSONResponse({"state": state, "error": card_request.error})

    @app.get("/card/{request_id}/continue")
    def carry_on(request: Request, request_id: str) -> Response:
        try:
            card_request = web.requests.take(request_id, web.browser(request))
        except CardRefusal as error:
            return web.message(request, in_language(str(error), language(request)), 400)
        return web.continuations[card_request.purpose](request, card_request)


def redirect(path: str) -> RedirectResponse:
    return RedirectResponse(path, 303)


__all__ = [
    "COMMON_TEXT",
    "KIT_TEMPLATES",
    "ROW_ID",
    "ServiceWeb",
    "redirect",
    "service_app",
    "service_templates",
]
