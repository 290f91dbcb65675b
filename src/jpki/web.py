"""HTTP plumbing every party's API shares: a request-size limit, error-to-status mapping, and
bilingual (English / 日本語) pages.

Bad input must never become a 500: each party maps its deliberate errors to 4xx statuses, and
bodies over the party's limit are refused before they are read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any

import segno
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint


class ErrorBody(BaseModel):
    """What `add_error_handlers` and `BodyLimit` answer: a deliberate refusal, in words."""

    error: str = Field(description="Why the request was refused")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for refusals answered with an `ErrorBody`."""
    return {
        status: {"model": ErrorBody, "description": HTTPStatus(status).phrase}
        for status in statuses
    }


class BodyLimit(BaseHTTPMiddleware):
    """Refuse (413) a request whose declared body is larger than `limit` bytes."""

    def __init__(self, app: object, limit: int) -> None:
        super().__init__(app)  # type: ignore[arg-type]
        self._limit = limit

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        length = request.headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self._limit):
            return JSONResponse({"error": "request body too large"}, status_code=413)
        return await call_next(request)


def add_error_handlers(app: FastAPI, statuses: Mapping[type[Exception], int]) -> None:
    """Answer each error class with its status and `{"error": message}`."""
    for error, status in statuses.items():

        async def handler(_request: Request, exc: Exception, status: int = status) -> JSONResponse:
            return JSONResponse({"error": str(exc)}, status_code=status)

        app.add_exception_handler(error, handler)


def text_response(media_type: str, description: str) -> dict[int | str, dict[str, Any]]:
    """An OpenAPI `responses=` entry for a 200 answered as text of `media_type` (CSV, JSON Lines)
    rather than JSON."""
    return {
        200: {"description": description, "content": {media_type: {"schema": {"type": "string"}}}}
    }


SHARED_TEMPLATES = Path(__file__).with_name("templates")
"""Templates the holder-facing apps share (the bilingual `base.html`)."""


def templates_beside(module_file: str) -> Jinja2Templates:
    """The `templates/` folder next to a module, falling back to the shared templates."""
    return Jinja2Templates(directory=[Path(module_file).with_name("templates"), SHARED_TEMPLATES])


def session_cookie_for(origin: str) -> str:
    """A session cookie name of its own for the service at `origin`: browsers share cookies
    between ports of one host, so services on 127.0.0.1 must not all call theirs `session`."""
    return "session-" + hashlib.sha256(origin.encode()).hexdigest()[:12]


def translator(text: Mapping[str, Mapping[str, str]], lang: str) -> Callable[[str], str]:
    """`t(key)`: `text[key][lang]`, or the key itself when there is no such text."""

    def t(key: str) -> str:
        return text.get(key, {}).get(lang, key)

    return t


def language(request: Request) -> str:
    """The visitor's language: ?lang=, then the `lang` cookie, then Accept-Language (en/ja)."""
    chosen = request.query_params.get("lang") or request.cookies.get("lang")
    if chosen in ("en", "ja"):
        return chosen
    accept = request.headers.get("accept-language", "")
    return "ja" if accept.lower().startswith("ja") else "en"


def render_page(
    templates: Jinja2Templates,
    text: Mapping[str, Mapping[str, str]],
    request: Request,
    template: str,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A page in the visitor's language, with `t(key)` looking up `text[key][lang]`; a
    language chosen with ?lang= is remembered in a cookie."""
    lang = language(request)
    response = templates.TemplateResponse(
        request,
        template,
        {"lang": lang, "t": translator(text, lang), **context},
        status_code=status,
    )
    if request.query_params.get("lang") in ("en", "ja"):
        response.set_cookie("lang", lang, samesite="lax", httponly=True)
    return response


def qr_svg(data: str) -> str:
    """A link as an inline SVG QR code (the wallet's login and signing links). Any of the eight
    masks is valid (ISO/IEC 18004); a fixed one skips scoring all eight, which took two thirds
    of an IdP /authorize."""
    return str(segno.make(data, error="m", mask=0).svg_inline(scale=4, dark="#123a6b"))


__all__ = [
    "SHARED_TEMPLATES",
    "BodyLimit",
    "ErrorBody",
    "add_error_handlers",
    "error_responses",
    "language",
    "qr_svg",
    "render_page",
    "templates_beside",
    "text_response",
    "translator",
]
