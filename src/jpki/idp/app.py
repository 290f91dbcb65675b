"""The IdP's HTTP face: OpenID Connect endpoints, the holder's pages (login with QR code,
consent, account) in English and Japanese, the wallet API and the RPs' signing API."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from authlib.oauth2.rfc6749 import OAuth2Error
from authlib.oauth2.rfc6750 import InsufficientScopeError
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool

from jpki import strict_json
from jpki.clock import JST, in_jst
from jpki.idp.catalogue import GENDER_LABELS, SCOPES
from jpki.idp.clients import Client, InvalidClientMetadata
from jpki.idp.digital_agency import (
    SIGN_TRANSACTION,
    BadTransaction,
    transaction_created,
    transaction_digest,
    transaction_result,
)
from jpki.idp.errors import RequestRefused
from jpki.idp.logins import LoginError, shown_items
from jpki.idp.oauth import HttpRequest
from jpki.idp.passkeys import PasskeyRefused
from jpki.idp.schemas import (
    ClientRegistered,
    ConsentList,
    ConsentWithdrawn,
    Discovery,
    JsonWebKeySet,
    LoginStatus,
    OAuthErrorBody,
    SignRequestCreated,
    SignRequestResult,
    SignStatus,
    TokenAnswer,
    TransactionCreated,
    TransactionResult,
    UserInfo,
)
from jpki.idp.service import Idp, Session
from jpki.idp.texts import TEXT
from jpki.idp.wallet_store import IdpWallet
from jpki.profile.medium import Medium
from jpki.protocol.levels import Level
from jpki.protocol.wallet import Kind, Refusal, same_device, wallet_link
from jpki.protocol.wallet_routes import mount_wallet_routes
from jpki.web import party_app, qr_svg, render_page, templates_beside
from jpki.web_session import CookieSeal, cookie_name, is_https

SESSION_COOKIE = "jpki_idp_session"
MEDIA = frozenset(m.value for m in Medium)
"""What a session cookie's `m` may say: the medium of the login that opened it."""
BROWSER_COOKIE = "jpki_idp_browser"
TEMPLATES = templates_beside(__file__)
AuthlibAnswer = tuple[int, Any, list[tuple[str, str]]]
OAUTH_REFUSED: dict[int | str, dict[str, Any]] = {
    400: {"model": OAuthErrorBody, "description": "Refused (RFC 6749 §5.2)"},
    401: {"model": OAuthErrorBody, "description": "Bad client or token (RFC 6750 §3.1)"},
    403: {"model": OAuthErrorBody, "description": "Token lacks the scope (RFC 6750 §3.1)"},
}
"""What Authlib's endpoints answer when they refuse."""
UNKNOWN: dict[int | str, dict[str, Any]] = {404: {"model": Refusal, "description": "No such ID"}}


def page_answers(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` of a holder's page: the page itself (HTML, in the visitor's
    language) for 2xx and 4xx, or a redirect (to the RP, the consent or the account)."""
    return {
        status: {"description": HTTPStatus(status).phrase}
        | ({} if 300 <= status < 400 else {"content": {"text/html": {}}})
        for status in statuses
    }


def answer(result: AuthlibAnswer) -> Response:
    status, body, headers = result
    if isinstance(body, dict):
        return JSONResponse(body, status, headers=dict(headers))
    return Response(body or "", status, headers=dict(headers))


async def http_request(request: Request) -> HttpRequest:
    form: list[tuple[str, str]] = []
    if request.method == "POST" and request.headers.get("content-type", "").startswith(
        "application/x-www-form-urlencoded"
    ):
        form = [(k, str(v)) for k, v in (await request.form()).multi_items()]
    return HttpRequest(
        request.method,
        str(request.url),
        request.headers,
        list(request.query_params.multi_items()),
        form,
    )


def refusal(error: RequestRefused, status: int | None = None) -> JSONResponse:
    """The JSON refusal; by default the status its code names (see `WalletRefused`)."""
    return JSONResponse({"error": error.code, "message": str(error)}, status or error.http_status)


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = strict_json.loads(await request.body())
    except strict_json.MalformedJson as error:
        raise RequestRefused("bad-request", str(error)) from None
    if not isinstance(body, dict):
        raise RequestRefused("bad-request", "the body must be a JSON object")
    return body


class Pages:
    """What every page handler shares: bilingual rendering, the SSO session cookie (encrypted:
    it names the holder), the cookie binding a login to its browser, and links to the wallet."""

    def __init__(self, idp: Idp) -> None:
        self.idp = idp
        self.secure = is_https(idp.settings.issuer)
        self.session_cookie = cookie_name(SESSION_COOKIE, idp.settings.issuer)
        self.browser_cookie = cookie_name(BROWSER_COOKIE, idp.settings.issuer)
        self.cookies = CookieSeal(idp.settings.session_secret, self.session_cookie)
        self.lifetime = int(idp.settings.session_lifetime.total_seconds())

    def page(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        return render_page(
            TEMPLATES, TEXT, request, template, status, scopes=SCOPES, genders=GENDER_LABELS,
            **context,
        )  # fmt: skip

    def session_of(self, request: Request) -> Session | None:
        opened = self.cookies.open(request.cookies.get(self.session_cookie, ""), self.lifetime)
        if opened is None:
            return None
        try:
            data = strict_json.loads(opened)
            medium = data.get("m")
            session = Session(
                str(data["h"]),
                str(data["a"]),
                int(data["t"]),
                medium if medium in MEDIA else None,
                str(data["s"]),
            )
        except (strict_json.MalformedJson, KeyError, TypeError, ValueError):
            return None
        if self.idp.session_expired(session) or not self.idp.sessions.live(
            session.sid, session.holder
        ):
            return None  # too old, or ended (a logout, here or at another RP)
        return session

    def start_session(self, response: Response, session: Session) -> None:
        value = json.dumps(
            {
                "h": session.holder,
                "a": session.acr,
                "t": session.auth_time,
                "m": session.medium,
                "s": session.sid,
            }
        )
        response.set_cookie(
            self.session_cookie,
            self.cookies.seal(value.encode()),
            max_age=self.lifetime,
            httponly=True,
            samesite="lax",
            secure=self.secure,
        )

    def browser_of(self, request: Request) -> str:
        return request.cookies.get(self.browser_cookie) or ""

    def bind_browser(self, request: Request, response: Response, value: str) -> None:
        if request.cookies.get(self.browser_cookie) != value:
            response.set_cookie(
                self.browser_cookie, value, httponly=True, samesite="lax", secure=self.secure
            )

    def wallet_link(self, kind: Kind, item_id: str) -> str:
        return wallet_link(self.idp.settings.wallet_url, self.idp.settings.base_url, kind, item_id)

    def login_page(
        self,
        request: Request,
        login_id: str,
        client: Client | None,
        acr: Level,
        browser: str,
        *,
        passkey: bool = False,
    ) -> Response:
        """The card login page for `client` (None: the holder's own account page), with the
        passkey button where a passkey may answer."""
        link = self.wallet_link(Kind.LOGIN, login_id)
        response = self.page(
            request,
            "login.html",
            login_id=login_id,
            client=client,
            account_name=TEXT["account"]["ja"] + " / " + TEXT["account"]["en"],
            acr=acr,
            wallet_link=link,
            same_device=same_device(link),
            qr=qr_svg(link),
            passkey=passkey,
        )
        self.bind_browser(request, response, browser)
        return response


SENDER_PERIOD = 2.0
"""Seconds between two looks at the back-channel logout outbox (retries fall due there)."""
log = logging.getLogger(__name__)


def logout_sender(idp: Idp) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """The app's lifespan: while it serves, due back-channel logout tokens are posted every
    `SENDER_PERIOD` seconds (in a worker thread: the holders' requests never wait on an RP)."""

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        async def loop() -> None:
            while True:
                await asyncio.sleep(SENDER_PERIOD)
                try:
                    await run_in_threadpool(idp.logouts.deliver_due)
                except Exception:
                    log.exception("back-channel logout delivery failed; trying again")

        task = asyncio.create_task(loop())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    return lifespan


def build_idp_app(idp: Idp) -> FastAPI:
    app = party_app(
        "JPKI IdP",
        idp.settings.max_request_bytes,
        forms_of=idp.settings.base_url,
        docs_url=None,
        redoc_url=None,
        lifespan=logout_sender(idp),
    )
    web = Pages(idp)
    for add in (
        _discovery_routes,
        _code_flow_routes,
        _protocol_routes,
        _account_routes,
        _wallet_routes,
        _signing_routes,
    ):
        add(app, idp, web)
    if idp.settings.the_profile.paths.sign_transactions is not None:
        _transaction_routes(app, idp, web)
        _transaction_login_routes(app, idp, web)
    if idp.settings.the_profile.passkeys:
        _passkey_routes(app, idp, web)
    return app


def _discovery_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """Discovery, the JWKS and the home page."""

    paths = idp.settings.the_profile.paths

    @app.get(
        paths.discovery,
        response_model=None,
        responses={200: {"model": Discovery, "description": "OpenID Provider metadata"}},
    )
    def discovery() -> dict[str, Any]:
        return idp.discovery()

    @app.get(
        paths.jwks,
        response_model=None,
        responses={200: {"model": JsonWebKeySet, "description": "The public signing keys"}},
    )
    def jwks() -> dict[str, object]:
        return idp.keys.public_jwks()

    @app.get("/", response_class=HTMLResponse, responses=page_answers(200))
    def home(request: Request) -> Response:
        return web.page(request, "home.html", issuer=idp.settings.issuer)


def _code_flow_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """Authorization, and the card login's continuation and consent."""

    @app.get(
        idp.settings.the_profile.paths.authorize,
        response_class=HTMLResponse,
        responses=page_answers(302, 303, 400),
    )
    async def authorize(request: Request) -> Response:
        http = await http_request(request)
        browser = web.browser_of(request) or secrets.token_urlsafe(24)
        decision = await run_in_threadpool(idp.authorize, http, web.session_of(request), browser)
        if decision.response is not None:
            status, body, _headers = decision.response
            if status == 302:
                return answer(decision.response)
            return web.page(
                request, "message.html", 400, title=TEXT["error"], message=_error_text(body)
            )
        assert decision.login is not None
        assert decision.client is not None
        if decision.signed_on:
            response = RedirectResponse(f"/login/{decision.login.id}/continue", 303)
            web.bind_browser(request, response, browser)
            return response
        acr = Level.of_urn(decision.login.acr_required)
        return web.login_page(
            request,
            decision.login.id,
            decision.client,
            acr,
            browser,
            passkey=idp.logins.passkey_allowed(decision.login),
        )

    @app.get(
        "/login/{login_id}/status",
        responses={200: {"model": LoginStatus, "description": "The login's state"}, **UNKNOWN},
    )
    def login_status(login_id: str) -> Response:
        try:
            row = idp.logins.get(login_id)
        except LoginError as error:
            return refusal(error, 404)
        return JSONResponse({"state": row.state, "error": row.error})

    @app.get(
        "/login/{login_id}/continue",
        response_class=HTMLResponse,
        responses=page_answers(302, 303, 400),
    )
    def login_continue(request: Request, login_id: str) -> Response:
        try:
            row = idp.logins.authenticated(login_id, web.browser_of(request))
        except LoginError as error:
            return web.page(request, "message.html", 400, title=TEXT["error"], message=str(error))
        if row.client_id is None:
            idp.logins.take(login_id, web.browser_of(request))
            response: Response = RedirectResponse("/account", 303)
            web.start_session(response, idp.session_of(row, web.session_of(request)))
            return response
        client = idp.clients.get(row.client_id)
        if client is None:
            return finish(request, login_id, approved=False)
        scopes = row.scopes.split()
        prompts = _prompts(row.query)
        if "consent" not in prompts and idp.consents.covers(
            str(row.holder), client.client_id, scopes
        ):
            return finish(request, login_id, approved=True)
        return web.page(
            request,
            "consent.html",
            login_id=login_id,
            client=client,
            items=[
                s for s in shown_items(row, idp.settings.the_profile.shown(scopes)) if s in SCOPES
            ],
            claims=idp.holder_of(row).claims,
            acr=Level.of_urn(str(row.acr)),
        )

    def finish(request: Request, login_id: str, *, approved: bool) -> Response:
        return _finish(idp, web, request, login_id, approved=approved)

    @app.post(
        "/login/{login_id}/consent", response_class=HTMLResponse, responses=page_answers(302, 400)
    )
    async def consent(request: Request, login_id: str) -> Response:
        form = await request.form()
        approved = form.get("decision") == "approve"
        transaction = _transaction_of(idp, login_id)
        if approved and transaction is not None:
            return await run_in_threadpool(
                _approve_transaction, idp, web, request, login_id, transaction
            )
        return await run_in_threadpool(finish, request, login_id, approved=approved)


def _approve_transaction(
    idp: Idp, web: Pages, request: Request, login_id: str, transaction: str
) -> Response:
    """The holder allowed the RP's sign transaction: it is theirs to sign now, on the sign
    page, which brings them back to `/login/{id}/signed` (and so to the RP) when done."""
    try:
        row = idp.logins.authenticated(login_id, web.browser_of(request))
        idp.signing.bind(transaction, str(row.holder), f"/login/{login_id}/signed")
    except RequestRefused as error:
        return web.page(request, "message.html", 400, title=TEXT["error"], message=str(error))
    return RedirectResponse(f"/sign/{transaction}", 303)


def _finish(idp: Idp, web: Pages, request: Request, login_id: str, *, approved: bool) -> Response:
    """Answer the RP once the holder decided (and signed, for a sign transaction)."""
    try:
        row = idp.logins.take(login_id, web.browser_of(request))
    except LoginError as error:
        return web.page(request, "message.html", 400, title=TEXT["error"], message=str(error))
    session = idp.session_of(row, web.session_of(request)) if approved else None
    response = answer(idp.finish(row, approved, session.sid if session else None))
    if session is not None:
        web.start_session(response, session)
    return response


def _transaction_login_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """Where the sign page of a Digital Agency sign transaction returns the holder to."""

    @app.get(
        "/login/{login_id}/signed",
        response_class=HTMLResponse,
        responses=page_answers(302, 303, 400),
    )
    def login_signed(request: Request, login_id: str) -> Response:
        """Back from the sign page: the code goes to the RP once the holder signed its
        transaction (a refusal answers `access_denied`)."""
        transaction = _transaction_of(idp, login_id)
        if transaction is None:
            return web.page(request, "message.html", 400, title=TEXT["error"], message="")
        try:
            row = idp.signing.get(transaction)
        except RequestRefused as error:
            return web.page(request, "message.html", 400, title=TEXT["error"], message=str(error))
        if row.state == "pending":
            return RedirectResponse(f"/sign/{transaction}", 303)
        return _finish(idp, web, request, login_id, approved=row.state == "signed")


def _protocol_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """Token, UserInfo, RP-initiated logout and dynamic registration."""

    paths = idp.settings.the_profile.paths

    @app.post(
        paths.token,
        responses={200: {"model": TokenAnswer, "description": "Tokens"}, **OAUTH_REFUSED},
    )
    async def token(request: Request) -> Response:
        http = await http_request(request)
        return answer(await run_in_threadpool(idp.server.create_token_response, http))

    claims = {200: {"model": UserInfo, "description": "The claims"}, **OAUTH_REFUSED}

    @app.get(paths.userinfo, responses=claims)
    @app.post(paths.userinfo, responses=claims)
    async def userinfo(request: Request) -> Response:
        http = await http_request(request)
        try:
            issued = await run_in_threadpool(idp.server.bearer, http, "openid")
        except OAuth2Error as error:
            status, body, headers = error()
            return JSONResponse(dict(body), status, headers=dict(headers))
        holder = issued.holder
        return JSONResponse({"sub": holder.sub, **holder.claims})

    @app.get(paths.logout, response_class=HTMLResponse, responses=page_answers(200, 302, 400))
    @app.post(paths.logout, response_class=HTMLResponse, responses=page_answers(200, 302, 400))
    async def logout(request: Request) -> Response:
        """RP-initiated logout: the session ends, each RP of it is told (back channel queued,
        front channel in frames on the page), then the browser goes to the RP's registered
        post-logout URI with its `state`. A request without `id_token_hint` is confirmed by
        the holder first (RP-Initiated Logout 1.0 §6)."""
        return await _logout(idp, web, request, await http_request(request))

    if paths.register is not None:
        _registration_route(app, idp, paths.register)


def _registration_route(app: FastAPI, idp: Idp, path: str) -> None:
    """RFC 7591 dynamic registration (our profile; the Digital Agency registers RPs itself)."""

    @app.post(
        path,
        status_code=201,
        responses={
            201: {"model": ClientRegistered, "description": "The RP, registered"},
            400: {"model": OAuthErrorBody, "description": "Bad metadata (RFC 7591 §3.2.2)"},
            401: {"model": OAuthErrorBody, "description": "The operator token is required"},
        },
    )
    async def register(request: Request) -> Response:
        if not idp.settings.open_registration:
            expected = f"Bearer {idp.settings.operator_token}"
            if not secrets.compare_digest(request.headers.get("authorization", ""), expected):
                return JSONResponse({"error": "invalid_token"}, 401)
        try:
            body = await json_body(request)
            client, secret = await run_in_threadpool(idp.clients.register, body, by="dynamic")
        except RequestRefused as error:
            return JSONResponse(
                {"error": "invalid_client_metadata", "error_description": str(error)}, 400
            )
        except InvalidClientMetadata as error:
            return JSONResponse({"error": error.code, "error_description": str(error)}, 400)
        registered = {
            **client.client_metadata,
            "client_id": client.client_id,
            "client_id_issued_at": 0,
        }
        if secret:
            registered |= {"client_secret": secret, "client_secret_expires_at": 0}
        return JSONResponse(registered, 201)


def _account_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """The holder's account page: consents, withdrawn at will."""

    @app.get("/account", response_class=HTMLResponse)
    def account(request: Request) -> Response:
        session = web.session_of(request)
        if session is None:
            browser = web.browser_of(request) or secrets.token_urlsafe(24)
            login = idp.logins.begin(None, "", ["openid"], Level.PIN, browser)
            return web.login_page(request, login.id, None, Level.PIN, browser)
        consents = [
            (c, idp.clients.get(c.client_id)) for c in idp.consents.of_holder(session.holder)
        ]
        passkeys = (
            idp.passkeys.of_holder(session.holder) if idp.settings.the_profile.passkeys else None
        )
        return web.page(
            request,
            "account.html",
            consents=consents,
            session=session,
            passkeys=passkeys,
            can_enrol=session.acr == Level.PIN.urn,
        )

    @app.post(
        "/account/consents/{client_id}/revoke",
        status_code=303,
        response_class=RedirectResponse,
        responses=page_answers(303),
    )
    def revoke_consent(request: Request, client_id: str) -> Response:
        session = web.session_of(request)
        if session is None:
            return RedirectResponse("/account", 303)
        idp.withdraw(session.holder, client_id)
        response = RedirectResponse("/account", 303)
        response.background = BackgroundTask(idp.logouts.deliver_due)
        return response

    _consent_api_routes(app, idp, web)


def _consent_api_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """The holder's consents as an API (`/account/api/consents`), authenticated by the
    holder's own IdP session cookie (HttpOnly, SameSite=Lax): a page of another site can
    neither send it along (Lax: no cross-site subresource requests) nor read the answer (no
    CORS), and `DELETE` is never sent cross-site without a preflight this app refuses."""
    unauthenticated: dict[int | str, dict[str, Any]] = {
        401: {"model": OAuthErrorBody, "description": "No IdP session: log in at /account"}
    }

    def holder_of(request: Request) -> str | None:
        session = web.session_of(request)
        return session.holder if session is not None else None

    def login_required() -> JSONResponse:
        return JSONResponse(
            {"error": "login_required", "error_description": "log in at /account first"}, 401
        )

    @app.get(
        "/account/api/consents",
        responses={200: {"model": ConsentList, "description": "Your consents"}, **unauthenticated},
    )
    def list_consents(request: Request) -> Response:
        holder = holder_of(request)
        if holder is None:
            return login_required()
        items = []
        for consent in idp.consents.of_holder(holder):
            client = idp.clients.get(consent.client_id)
            items.append(
                {
                    "client_id": consent.client_id,
                    "client_name": client.name if client else consent.client_id,
                    "verified": bool(client and client.verified),
                    "scopes": sorted(consent.scopes),
                    "claims": consent.claims,
                    "granted_at": _aware(consent.granted_at).astimezone(JST).isoformat(),
                    "granted_at_jst": in_jst(consent.granted_at, seconds=True),
                }
            )
        return JSONResponse({"consents": items})

    @app.delete(
        "/account/api/consents/{client_id}",
        responses={
            200: {"model": ConsentWithdrawn, "description": "Withdrawn"},
            404: {"model": OAuthErrorBody, "description": "You have no consent to this RP"},
            **unauthenticated,
        },
    )
    async def withdraw_consent(request: Request, client_id: str) -> Response:
        holder = holder_of(request)
        if holder is None:
            return login_required()
        if not await run_in_threadpool(idp.withdraw, holder, client_id):
            return JSONResponse(
                {"error": "not_found", "error_description": "you have no consent to this RP"},
                404,
            )
        response = JSONResponse({"client_id": client_id, "withdrawn": True})
        response.background = BackgroundTask(idp.logouts.deliver_due)
        return response


def _wallet_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """The wallet protocol, over the IdP's logins and signing transactions."""
    mount_wallet_routes(app, IdpWallet(idp.settings.base_url, idp.logins, idp.signing, idp.clients))


def _signing_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """Signing transactions for RPs (bearer token with the `sign` scope; our profile's API, the
    Digital Agency's has its own) and the holder's page."""
    if idp.settings.the_profile.paths.sign_transactions is None:
        _sign_request_routes(app, idp)

    @app.get("/sign/{request_id}", response_class=HTMLResponse, responses=page_answers(404))
    def sign_page(request: Request, request_id: str) -> Response:
        try:
            row = idp.signing.get(request_id)
        except RequestRefused as error:
            return web.page(request, "message.html", 404, title=TEXT["error"], message=str(error))
        client = idp.clients.get(row.client_id)
        link = web.wallet_link(Kind.SIGN, request_id)
        return web.page(
            request,
            "sign.html",
            row=row,
            client=client,
            wallet_link=link,
            same_device=same_device(link),
            qr=qr_svg(link),
        )

    @app.get(
        "/sign/{request_id}/status",
        responses={200: {"model": SignStatus, "description": "The request's state"}, **UNKNOWN},
    )
    def sign_status(request_id: str) -> Response:
        try:
            row = idp.signing.get(request_id)
        except RequestRefused as error:
            return refusal(error, 404)
        return JSONResponse({"state": row.state})


def _sign_request_routes(app: FastAPI, idp: Idp) -> None:
    """Our signing API: `POST /sign/requests` with a holder's token, `GET /sign/requests/{id}`."""

    @app.post(
        "/sign/requests",
        status_code=201,
        responses={
            201: {"model": SignRequestCreated, "description": "The signing request"},
            **OAUTH_REFUSED,
            400: {"model": Refusal | OAuthErrorBody, "description": "Bad request or token"},
        },
    )
    async def create_sign_request(request: Request) -> Response:
        http = await http_request(request)
        try:
            issued = await run_in_threadpool(idp.server.bearer, http, "sign")
            body = await json_body(request)
            row = await run_in_threadpool(
                idp.signing.create,
                issued.client,
                issued.holder.id,
                issued.scope.split(),
                body,
            )
        except OAuth2Error as error:
            status, payload, headers = error()
            return JSONResponse(dict(payload), status, headers=dict(headers))
        except RequestRefused as error:
            return refusal(error)
        return JSONResponse(
            {
                "id": row.id,
                "status": row.state,
                "approve_url": f"{idp.settings.base_url}/sign/{row.id}",
                "expires_at": row.expires_at.isoformat(),
            },
            201,
        )

    @app.get(
        "/sign/requests/{request_id}",
        responses={
            200: {"model": SignRequestResult, "description": "The request and its signature"},
            **OAUTH_REFUSED,
            **UNKNOWN,
        },
    )
    async def sign_request_result(request: Request, request_id: str) -> Response:
        http = await http_request(request)
        try:
            issued = await run_in_threadpool(idp.server.bearer, http, "sign")
            row = idp.signing.get(request_id)
        except OAuth2Error as error:
            status, payload, headers = error()
            return JSONResponse(dict(payload), status, headers=dict(headers))
        except RequestRefused as error:
            return refusal(error, 404)
        if row.client_id != issued.client.client_id:
            return JSONResponse(
                {"error": "unknown-request", "message": "no such signing request"}, 404
            )
        return JSONResponse(idp.signing.result_for_rp(row, issued.holder.sub))


def _transaction_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """The Digital Agency profile's signing API: a client-credentials token creates the sign
    transaction (`POST`); the holder approves it in an authorization request naming it; the
    code flow's token fetches the signature and certificate (`GET {id}/result`)."""
    path = idp.settings.the_profile.paths.sign_transactions
    assert path is not None

    @app.post(
        path,
        status_code=201,
        responses={
            201: {"model": TransactionCreated, "description": "The sign transaction"},
            **OAUTH_REFUSED,
        },
    )
    async def create_transaction(request: Request) -> Response:
        http = await http_request(request)
        try:
            issued = await run_in_threadpool(idp.server.bearer, http, "sign")
            if issued.holder.id:
                raise InsufficientScopeError("a client-credentials token is required")
            body = await json_body(request)
            digest = transaction_digest(body)
        except OAuth2Error as error:
            return _oauth_error(error)
        except (RequestRefused, BadTransaction) as error:
            return _invalid_request(str(error))
        row = await run_in_threadpool(idp.signing.create_transaction, issued.client, digest)
        return JSONResponse(transaction_created(row), 201)

    @app.get(
        path + "/{transaction_id}/result",
        responses={
            200: {"model": TransactionResult, "description": "The signature and certificate"},
            **OAUTH_REFUSED,
            404: {"model": OAuthErrorBody, "description": "No such transaction of this holder"},
        },
    )
    async def transaction_result_route(request: Request, transaction_id: str) -> Response:
        http = await http_request(request)
        try:
            issued = await run_in_threadpool(idp.server.bearer, http, "sign")
            row = idp.signing.get(transaction_id)
        except OAuth2Error as error:
            return _oauth_error(error)
        except RequestRefused:
            row = None
        if (
            row is None
            or row.form != "pkcs1"
            or row.client_id != issued.client.client_id
            or not issued.holder.id
            or row.holder != issued.holder.id
        ):  # another RP's, another holder's, or a client token: all alike unknown
            return JSONResponse(
                {"error": "invalid_request", "error_description": "no such sign transaction"},
                404,
            )
        return JSONResponse(transaction_result(row))


def _passkey_routes(app: FastAPI, idp: Idp, web: Pages) -> None:
    """Passkeys after card proofing: enrolment on the account page (a card login at PIN level),
    and logins with a passkey where the RP accepts the level (`jpki.idp.passkeys`)."""
    answers: dict[int | str, dict[str, Any]] = {
        400: {"model": OAuthErrorBody, "description": "Refused"},
        403: {"model": OAuthErrorBody, "description": "Suspended, or no card login"},
    }

    def refused(error: RequestRefused) -> JSONResponse:
        status = 403 if error.code == "access_denied" else 400
        return JSONResponse({"error": error.code, "error_description": str(error)}, status)

    def card_session(request: Request) -> Session:
        session = web.session_of(request)
        if session is None or session.acr != Level.PIN.urn:
            raise PasskeyRefused("access_denied", "log in with the card and its PIN first")
        return session

    @app.post("/account/passkeys/options", responses={200: {"description": "Options"}, **answers})
    def enrolment_options(request: Request) -> Response:
        try:
            return JSONResponse(idp.passkeys.enrolment_options(card_session(request).holder))
        except RequestRefused as error:
            return refused(error)

    @app.post("/account/passkeys", status_code=201, responses=answers)
    async def enrol(request: Request) -> Response:
        try:
            session = card_session(request)
            credential = await json_body(request)
            row = await run_in_threadpool(idp.passkeys.enrol, session.holder, credential)
        except RequestRefused as error:
            return refused(error)
        return JSONResponse({"credential_id": row.credential_id}, 201)

    @app.post(
        "/login/{login_id}/passkey/options",
        responses={200: {"description": "Options"}, **answers},
    )
    def login_options(request: Request, login_id: str) -> Response:
        try:
            idp.logins.check_passkey_login(login_id, web.browser_of(request))
            return JSONResponse(idp.passkeys.login_options(login_id))
        except RequestRefused as error:
            return refused(error)

    @app.post("/login/{login_id}/passkey", responses={200: {"description": "Logged in"}, **answers})
    async def passkey_login(request: Request, login_id: str) -> Response:
        try:
            idp.logins.check_passkey_login(login_id, web.browser_of(request))
            credential = await json_body(request)
            proved = await run_in_threadpool(idp.passkeys.authenticate, login_id, credential)
        except RequestRefused as error:
            return refused(error)
        idp.logins.passkey_login(login_id, proved.holder)
        return JSONResponse({"continue": f"/login/{login_id}/continue"})


LOGOUT_FIELDS = ("client_id", "post_logout_redirect_uri", "state", "ui_locales", "logout_hint")
"""What a confirmed logout carries over from the request the holder confirms."""


async def _logout(idp: Idp, web: Pages, request: Request, http: HttpRequest) -> Response:
    try:
        validated = await run_in_threadpool(
            idp.server.validate_endpoint_request, "end_session", http
        )
    except OAuth2Error as error:  # never redirected (§4)
        message = f"{error.error}: {error.description or ''}"
        return web.page(request, "message.html", 400, title=TEXT["error"], message=message)
    browser = await run_in_threadpool(web.session_of, request)
    confirmed = request.method == "POST" and dict(http.form).get("confirm") == "yes"
    if validated.needs_confirmation and not confirmed:
        fields = [(k, v) for k, v in http.query + http.form if k in LOGOUT_FIELDS]
        return web.page(
            request,
            "logout_confirm.html",
            action=idp.settings.the_profile.paths.logout,
            fields=fields,
        )
    targets = await run_in_threadpool(idp.logout_targets, validated, browser)
    frames = await run_in_threadpool(idp.end_sessions, targets)
    idp.server.create_endpoint_response("end_session", validated)
    redirect = validated.redirect_uri
    response: Response
    if frames:
        response = web.page(request, "logout.html", frames=frames, next=redirect)
    elif redirect:
        response = RedirectResponse(redirect, 302)
    else:
        response = web.page(
            request, "message.html", title=TEXT["logged_out"], message=TEXT["logged_out_text"],
            status_class="",
        )  # fmt: skip
    if browser is None or browser.sid in targets:
        response.delete_cookie(web.session_cookie)
    response.background = BackgroundTask(idp.logouts.deliver_due)  # after the answer
    return response


def _aware(at: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC one (SQLite gives them back naive)."""
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


def _oauth_error(error: OAuth2Error) -> JSONResponse:
    status, payload, headers = error()
    return JSONResponse(dict(payload), status, headers=dict(headers))


def _invalid_request(description: str) -> JSONResponse:
    return JSONResponse({"error": "invalid_request", "error_description": description}, 400)


def _transaction_of(idp: Idp, login_id: str) -> str | None:
    """The sign transaction an authorization request named (Digital Agency profile)."""
    try:
        row = idp.logins.get(login_id)
    except RequestRefused:
        return None
    named = parse_qs(row.query).get(SIGN_TRANSACTION)
    return named[0] if named else None


def _prompts(query: str) -> list[str]:
    return " ".join(parse_qs(query).get("prompt", [])).split()


def _error_text(body: Any) -> str:
    if isinstance(body, dict):
        return f"{body.get('error')}: {body.get('error_description', '')}"
    return str(body)


__all__ = ["build_idp_app", "qr_svg"]
