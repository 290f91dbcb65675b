"""HTTP plumbing every party's API shares: how an app is built (a streaming request-size
limit, strict JSON bodies), error-to-status mapping, and bilingual (English / 日本語) pages.

Bad input must never become a 500: each party maps its deliberate errors to 4xx statuses,
bodies over the party's limit are refused as they arrive, and JSON bodies are parsed strictly
(`jpki.strict_json`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine, Mapping
from http import HTTPStatus
from pathlib import Path
from typing import Any

import segno
from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from jpki import strict_json
from jpki.body_limit import BodyLimit
from jpki.clock import in_jst
from jpki.profile.four_info import Sex
from jpki.protocol.levels import Level
from jpki.web_csrf import SameOriginForms


class ErrorBody(BaseModel):
    """What `add_error_handlers` and `BodyLimit` answer: a deliberate refusal, in words."""

    error: str = Field(description="Why the request was refused")


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for refusals answered with an `ErrorBody`."""
    return {
        status: {"model": ErrorBody, "description": HTTPStatus(status).phrase}
        for status in statuses
    }


SERVICE_BODY_LIMIT = 8 * 1024 * 1024
"""The body limit of an app whose party sets none of its own (a service, the wallet)."""


class _MalformedBody(HTTPException):
    """A JSON body `jpki.strict_json` refused; an HTTPException so that FastAPI, which turns
    any other failure while reading a body into a bare 400, lets it through to the route."""


class StrictJsonRequest(Request):
    """A request whose `json()` is `jpki.strict_json.loads`: what FastAPI parses into a route's
    pydantic body, and what a handler calling `request.json()` gets."""

    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            try:
                self._json = strict_json.loads(await self.body())
            except strict_json.MalformedJson as error:
                raise _MalformedBody(400, str(error)) from None
        return self._json


class StrictJsonRoute(APIRoute):
    """A route reading JSON bodies strictly, answering 400 `{"error": "malformed-json",
    "message": ...}` to one that is not (the route class of every party's app and router)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict(request: Request) -> Response:
            try:
                return await handler(StrictJsonRequest(request.scope, request.receive))
            except _MalformedBody as error:
                return JSONResponse({"error": "malformed-json", "message": error.detail}, 400)

        return strict


def party_app(
    title: str, limit: int = SERVICE_BODY_LIMIT, *, forms_of: str | None = None, **options: Any
) -> FastAPI:
    """A FastAPI app as every party builds one (`FastAPI(title, **options)`): its routes read
    JSON strictly (`StrictJsonRoute`), its bodies stop at `limit` bytes (`BodyLimit`) and, for
    an app with pages at the origin `forms_of`, forms posted by other sites are refused
    (`SameOriginForms`) before their body is read."""
    app = FastAPI(title=title, **options)
    app.router.route_class = StrictJsonRoute
    app.add_middleware(BodyLimit, limit=limit)
    if forms_of is not None:
        app.add_middleware(SameOriginForms, origin=forms_of)
    return app


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
"""The one layout every page of every party is drawn in (`base.html` and its stylesheet
`style.css`, the bilingual header) and the pieces pages share."""


def in_language(text: str, lang: str) -> str:
    """The side in `lang` of a bilingual pair written `English / 日本語` or `日本語 / English`,
    the way names and refusals travel between parties (a tenant's or relying party's name, a
    card refusal); any other text unchanged."""
    parts = str(text).split(" / ")
    if len(parts) != 2 or parts[0].isascii() == parts[1].isascii():
        return str(text)
    english, japanese = parts if parts[0].isascii() else reversed(parts)
    return japanese if lang == "ja" else english


def sex_label(code: str, lang: str) -> str:
    """The 4 information's sex code (`1`, `2`, `9`) in words; any other value as it is."""
    try:
        sex = Sex(code)
    except ValueError:
        return str(code)
    return sex.label_ja if lang == "ja" else sex.label_en


def level_label(value: str, lang: str) -> str:
    """An assurance level's name (`pin` → "PIN authentication (high)"); any other as it is."""
    try:
        return Level(value).label[lang]
    except ValueError:
        return str(value)


def page_templates(*folders: Path) -> Jinja2Templates:
    """Pages from `folders` (first match wins), then the shared layout, with the filters every
    page uses: `jst` (an instant as `2026-12-01 18:20 JST`), `jst_seconds`, and `in_language`
    (`{{ name | in_language(lang) }}`), `sex_label` and `level_label` (codes in words)."""
    templates = Jinja2Templates(directory=[*folders, SHARED_TEMPLATES])
    templates.env.filters["jst"] = in_jst
    templates.env.filters["jst_seconds"] = functools.partial(in_jst, seconds=True)
    templates.env.filters["in_language"] = in_language
    templates.env.filters["sex_label"] = sex_label
    templates.env.filters["level_label"] = level_label
    return templates


def templates_beside(module_file: str) -> Jinja2Templates:
    """The `templates/` folder next to a module, falling back to the shared templates."""
    return page_templates(Path(module_file).with_name("templates"))


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
    "SERVICE_BODY_LIMIT",
    "SHARED_TEMPLATES",
    "ErrorBody",
    "StrictJsonRequest",
    "StrictJsonRoute",
    "add_error_handlers",
    "error_responses",
    "in_language",
    "language",
    "level_label",
    "page_templates",
    "party_app",
    "qr_svg",
    "render_page",
    "sex_label",
    "templates_beside",
    "text_response",
    "translator",
]
