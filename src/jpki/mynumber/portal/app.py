"""Mynaportal's web app (English/Japanese): card login through the wallet, the person's
records, self-information, notices, moving one-stop and post box; and the senders' post box
API (deliver a signed document, fetch the proof of delivery)."""

from __future__ import annotations

import secrets
import threading
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from jpki import strict_json
from jpki.mynumber import disclosures
from jpki.mynumber.errors import BadMessage, NumberingError
from jpki.mynumber.portal.service import Portal, PortalRefusal, Visitor
from jpki.mynumber.portal.texts import TEXT
from jpki.mynumber.portal.wallet_store import PortalWallet
from jpki.mynumber.portal.words import held_fields, purpose_words
from jpki.protocol.codec import decode_b64
from jpki.protocol.disclosures import Kind as DisclosureKind
from jpki.protocol.disclosures import Party, item_label
from jpki.protocol.wallet import Kind, same_device, wallet_link
from jpki.protocol.wallet_routes import mount_wallet_routes
from jpki.web import language, party_app, qr_svg, render_page, templates_beside
from jpki.web_session import cookie_name, is_https

TEMPLATES = templates_beside(__file__)
SESSION_COOKIE, BROWSER_COOKIE = "mp_session", "mp_browser"


def _refusal(error: NumberingError, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": error.code, "message": str(error)}, status)


async def _json(request: Request) -> dict[str, Any]:
    try:
        body = strict_json.loads(await request.body())
    except strict_json.MalformedJson as error:
        raise PortalRefusal(str(error)) from None
    if not isinstance(body, dict):
        raise PortalRefusal("the body must be a JSON object")
    return body


class Pages:
    """What the page handlers share: bilingual pages, the person's session, the browser binding."""

    def __init__(self, portal: Portal) -> None:
        self.portal = portal
        self.sessions: dict[str, Visitor] = {}
        self.lock = threading.Lock()
        self.secure = is_https(portal.origin)
        self.session_cookie = cookie_name(SESSION_COOKIE, portal.origin)
        self.browser_cookie = cookie_name(BROWSER_COOKIE, portal.origin)

    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        return render_page(TEMPLATES, TEXT, request, template, status, **context)

    def message(self, request: Request, text: str, status: int = 200) -> HTMLResponse:
        return self.page(
            request, "portal_message.html", status, title=TEXT["title"][language(request)],
            message=text,
        )  # fmt: skip

    def visitor_of(self, request: Request) -> Visitor | None:
        with self.lock:
            return self.sessions.get(request.cookies.get(self.session_cookie, ""))

    def resident_of(self, request: Request) -> str | None:
        visitor = self.visitor_of(request)
        return visitor.resident if visitor is not None else None

    def start_session(self, visitor: Visitor) -> Response:
        session = secrets.token_urlsafe(32)
        with self.lock:
            self.sessions[session] = visitor
        response = RedirectResponse("/", 303)
        response.set_cookie(
            self.session_cookie, session, httponly=True, samesite="lax", secure=self.secure
        )
        return response

    def end_session(self, request: Request) -> None:
        with self.lock:
            self.sessions.pop(request.cookies.get(self.session_cookie, ""), None)


def build_portal_app(portal: Portal, wallet_url: str) -> FastAPI:
    app = party_app("Mynaportal", forms_of=portal.origin, docs_url=None, redoc_url=None)
    web = Pages(portal)
    _login_routes(app, portal, web, wallet_url)
    _person_routes(app, portal, web)
    _disclosure_routes(app, portal, web)
    _postbox_api_routes(app, portal)
    return app


def _login_routes(app: FastAPI, portal: Portal, web: Pages, wallet_url: str) -> None:
    """The login page, the wallet protocol (as every party speaks it) and the session."""

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        visitor = web.visitor_of(request)
        if visitor is None:
            browser = request.cookies.get(web.browser_cookie) or secrets.token_urlsafe(24)
            login = portal.begin_login(browser)
            link = wallet_link(wallet_url, portal.origin, Kind.LOGIN, login.id)
            response = web.page(
                request, "portal_login.html", login_id=login.id, qr=qr_svg(link),
                same_device=same_device(link),
            )  # fmt: skip
            response.set_cookie(
                web.browser_cookie, browser, httponly=True, samesite="lax", secure=web.secure
            )
            return response
        try:
            only = _filter_of(request)
        except ValidationError:
            return web.message(request, TEXT["bad_filter"][language(request)], 400)
        resident = visitor.resident
        self_info = portal.self_information(resident)
        letters = portal.network.postbox.letters(portal.person(resident))
        return web.page(
            request, "portal_home.html",
            notices=portal.notices(self_info, letters),
            log=portal.disclosures(visitor, only), only=only, parties=list(Party),
            kinds=list(DisclosureKind), item_label=item_label,
            query=request.url.query, self_info=self_info,
            item_names={k: {"en": v.name_en, "ja": v.name_ja} for k, v in portal.network.whitelist.items.items()},
            held_fields=held_fields, purpose_words=purpose_words,
            letters=letters,
            postbox_address=portal.network.core.postbox_address(resident),
        )  # fmt: skip

    @app.get("/login/{login_id}/status")
    def login_status(login_id: str) -> Response:
        try:
            login = portal.login(login_id)
        except PortalRefusal as error:
            return _refusal(error, 404)
        return JSONResponse({"state": login.state, "error": login.error})

    @app.get("/login/{login_id}/continue")
    def login_continue(request: Request, login_id: str) -> Response:
        try:
            visitor = portal.take(login_id, request.cookies.get(web.browser_cookie, ""))
        except PortalRefusal as error:
            return web.message(request, str(error), 400)
        return web.start_session(visitor)

    @app.post("/logout")
    def logout(request: Request) -> Response:
        web.end_session(request)
        response = RedirectResponse("/", 303)
        response.delete_cookie(web.session_cookie)
        return response

    mount_wallet_routes(app, PortalWallet(portal))


def _person_routes(app: FastAPI, portal: Portal, web: Pages) -> None:
    """Moving one-stop and reading the post box."""

    @app.post("/move", response_class=HTMLResponse)
    async def move(request: Request) -> Response:
        resident = web.resident_of(request)
        if resident is None:
            return RedirectResponse("/", 303)
        form = await request.form()
        try:
            await run_in_threadpool(portal.move, resident, str(form.get("new_address", "")))
        except NumberingError as error:
            return web.message(request, str(error), 400)
        return web.message(request, TEXT["moved"]["ja"] + " / " + TEXT["moved"]["en"])

    @app.get("/postbox/{letter_id}", response_class=HTMLResponse)
    def letter(request: Request, letter_id: str) -> Response:
        resident = web.resident_of(request)
        if resident is None:
            return RedirectResponse("/", 303)
        try:
            opened, content = portal.network.postbox.open(portal.person(resident), letter_id)
        except NumberingError as error:
            return web.message(request, str(error), 404)
        text = (
            content.decode("utf-8", "replace") if opened.content_type.startswith("text/") else None
        )
        return web.page(request, "portal_letter.html", letter=opened, body_text=text)

    @app.get("/postbox/{letter_id}/content")
    def letter_content(request: Request, letter_id: str) -> Response:
        resident = web.resident_of(request)
        if resident is None:
            return RedirectResponse("/", 303)
        try:
            opened, content = portal.network.postbox.open(portal.person(resident), letter_id)
        except NumberingError as error:
            return _refusal(error, 404)
        return Response(content, media_type=opened.content_type)


FILTER_FIELDS = ("party", "recipient", "kind", "since", "until")


def _filter_of(request: Request) -> disclosures.LogFilter:
    """The log's filters from the query (`?party=idp&since=2026-01-01`); empty ones ignored."""
    given = {k: v for k in FILTER_FIELDS if (v := request.query_params.get(k, "").strip())}
    return disclosures.LogFilter.model_validate(given)


def _disclosure_routes(app: FastAPI, portal: Portal, web: Pages) -> None:
    """The disclosure log's downloads (JSON, CSV), filtered as the page is."""

    def download(request: Request, kind: str) -> Response:
        visitor = web.visitor_of(request)
        if visitor is None:
            return RedirectResponse("/", 303)
        try:
            log = portal.disclosures(visitor, _filter_of(request))
        except ValidationError:
            return web.message(request, TEXT["bad_filter"][language(request)], 400)
        body, media = (
            (disclosures.as_json(log), "application/json")
            if kind == "json"
            else (disclosures.as_csv(log, language(request)), "text/csv; charset=utf-8")
        )
        attachment = f'attachment; filename="disclosures.{kind}"'
        return Response(body, media_type=media, headers={"content-disposition": attachment})

    @app.get("/disclosures.json")
    def download_json(request: Request) -> Response:
        return download(request, "json")

    @app.get("/disclosures.csv")
    def download_csv(request: Request) -> Response:
        return download(request, "csv")


def _postbox_api_routes(app: FastAPI, portal: Portal) -> None:
    """Senders deliver signed documents and fetch proofs of delivery."""

    @app.post("/api/postbox", status_code=201)
    async def deliver(request: Request) -> Response:
        """A sender delivers a document it signed with its registered key."""
        try:
            body = await _json(request)
            sender, recipient = str(body.get("sender", "")), str(body.get("recipient", ""))
            person = portal.network.core.recipient(sender, recipient)
            letter_id = await run_in_threadpool(
                portal.network.postbox.deliver, person, sender, str(body.get("title", "")),
                decode_b64(body.get("content"), "content", BadMessage),
                str(body.get("content_type") or "application/octet-stream"),
                str(body.get("signature", "")),
            )  # fmt: skip
        except NumberingError as error:
            return _refusal(error)
        return JSONResponse({"id": letter_id}, 201)

    @app.get("/api/postbox/{letter_id}/receipt")
    def receipt(letter_id: str, sender: str) -> Response:
        try:
            proof = portal.network.postbox.receipt(sender, letter_id)
        except NumberingError as error:
            return _refusal(error, 404)
        if proof is None:
            return JSONResponse({"state": "not-yet-opened"}, 202)
        return JSONResponse(proof)


__all__ = ["build_portal_app"]
