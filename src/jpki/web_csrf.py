"""Cross-site request forgery (CSRF, クロスサイトリクエストフォージェリ) defence for every
holder-facing app: a form a browser posts from another site is refused before it is read.

Any page the holder visits can make the browser post a form to the wallet or a service (the
wallet's `POST /request` spends PIN tries, so such a page could block the holder's card). A
browser names where such a request comes from: `Origin` on every POST (Chromium, Firefox,
Safari), `Referer` otherwise, and `Sec-Fetch-Site`. A state-changing request whose body a form
can send without a CORS preflight (URL-encoded, multipart, plain text or none) is refused with
403 when any of them names another origin than the app's own. JSON bodies are left alone: a
browser only sends them cross-site after a preflight, which no app here allows, so the JSON
APIs (API keys, bearer tokens) and the wallet protocol's POSTs (from the wallet's server, which
names no origin) stay as they are. A client that names no origin at all is not a browser
acting for someone else and passes (OWASP CSRF Prevention Cheat Sheet, "Verifying Origin With
Standard Headers").
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
FORM_TYPES = frozenset(
    {"", "application/x-www-form-urlencoded", "multipart/form-data", "text/plain"}
)
"""Bodies a cross-site page can post without a preflight (the CORS-safelisted types)."""
REFUSAL = (
    "Refused: this form was sent from another site. Open the page again and send it from there."
    " / 他のサイトから送信されたため受け付けませんでした。ページを開き直してから送信してください。"
)


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, as a browser spells an `Origin` header."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def cross_site(headers: Headers, origin: str) -> bool:
    """Whether a browser says this request comes from a page of another origin than `origin`."""
    named = headers.get("origin")
    if named is None and headers.get("referer"):
        named = origin_of(headers["referer"])
    if named is not None:
        return named.lower() != origin
    return headers.get("sec-fetch-site") in ("cross-site", "same-site")


class SameOriginForms:
    """ASGI middleware: 403 for a form-like state-changing request another origin sent.

    `origin` is the app's own base URL (as the browser addresses it)."""

    def __init__(self, app: ASGIApp, origin: str) -> None:
        self.app = app
        self.origin = origin_of(origin)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = Headers(scope=scope)
            media_type = headers.get("content-type", "").split(";")[0].strip().lower()
            if media_type in FORM_TYPES and cross_site(headers, self.origin):
                await PlainTextResponse(REFUSAL, 403)(scope, receive, send)
                return
        await self.app(scope, receive, send)


__all__ = ["REFUSAL", "SameOriginForms", "cross_site", "origin_of"]
