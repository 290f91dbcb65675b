"""The wallet's web app: the request screen (who, what, which level), the PIN, the answer.

It only talks to the IdPs it is configured for (a QR code can name any URL), keeps no
secrets beyond the card, and reports a wrong PIN with the tries left and a blocked PIN with
where to reset it.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import Field, TypeAdapter, ValidationError
from starlette.concurrency import run_in_threadpool

from jpki.client.errors import ClientError, PinBlocked, WrongPin
from jpki.client.readers import Reader
from jpki.clock import Clock
from jpki.profile.errors import JpkiError, ProfileError
from jpki.profile.medium import Medium
from jpki.protocol.levels import Level
from jpki.protocol.sealing import SealRefused
from jpki.protocol.wallet import (
    PREFIX,
    LoginAnswer,
    LoginRequest,
    Settled,
    SignatureAnswer,
    SignatureRequest,
)
from jpki.wallet import inputs
from jpki.wallet.cards import CardStore, PhoneIssuer, PhoneNotIssued, Terminal
from jpki.wallet.holder import answer_login, answer_signature
from jpki.wallet.sealing import sealed_answer, sealed_signature
from jpki.wallet.texts import TEXT
from jpki.web import party_app, render_page, templates_beside

TEMPLATES = templates_beside(__file__)


@dataclasses.dataclass(frozen=True)
class WalletConfig:
    idps: list[str]
    """Base URLs of the IdPs this wallet answers; requests naming other URLs are refused."""
    cards: CardStore
    clock: Clock
    origin: str
    """The wallet's own base URL: forms posted from any other origin are refused (CSRF)."""
    terminal: Terminal | None = None
    """Set when the wallet runs on a registered terminal (PIN-less logins, seed 000)."""
    platform: str | None = None
    """The signature verification platform's base URL: 代行 logins are sealed to it
    (`jpki.wallet.sealing`). Configured, as the J-LIS roots are; never taken from a request."""
    phones: PhoneIssuer | None = None
    """Issues this phone's JPKI from a card (スマホ用電子証明書); None where the wallet cannot."""


ASKED: TypeAdapter[LoginRequest | SignatureRequest] = TypeAdapter(
    Annotated[LoginRequest | SignatureRequest, Field(discriminator="kind")]
)
"""A wallet request of either kind, told apart by its `kind`."""


class WalletRefusal(JpkiError):
    """A request the wallet will not answer (an unknown IdP, an unreachable or broken reply)."""


def build_wallet_app(config: WalletConfig, http: httpx.Client | None = None) -> FastAPI:
    app = party_app("JPKI wallet", forms_of=config.origin, docs_url=None, redoc_url=None)
    wallet = Wallet(config, http or httpx.Client(timeout=30.0))

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request) -> Response:
        return page(request, "index.html", cards=config.cards.cards())

    @app.get("/phone", response_class=HTMLResponse)
    def phone(request: Request) -> Response:
        """The "issue from my card" screen (カードからスマホに発行)."""
        return phone_page(request, config)

    @app.post("/phone", response_class=HTMLResponse)
    async def issue_phone(request: Request) -> Response:
        form = {key: str(value) for key, value in (await request.form()).items()}
        return await run_in_threadpool(wallet.issue_phone, request, form)

    @app.get("/request", response_class=HTMLResponse)
    def show(
        request: Request,
        login: str | None = None,
        signature: str | None = None,
        same_device: str = "",
    ) -> Response:
        target = login or signature or ""
        try:
            asked = wallet.fetch(target)
        except WalletRefusal as refusal:
            return page(request, "result.html", 400, ok=False, message=str(refusal))
        return wallet.asking(request, asked, target, same_device)

    @app.post("/request", response_class=HTMLResponse)
    async def respond(request: Request) -> Response:
        form = {key: str(value) for key, value in (await request.form()).items()}
        return await run_in_threadpool(wallet.respond, request, form)

    return app


class Wallet:
    """The wallet's work behind its pages: fetch a request from a party it trusts, check what
    the holder typed, have the card answer, post the answer."""

    def __init__(self, config: WalletConfig, client: httpx.Client) -> None:
        self.config, self.client = config, client

    def trusted(self, url: str) -> str:
        if not any(url.startswith(f"{base.rstrip('/')}{PREFIX}/") for base in self.config.idps):
            raise WalletRefusal(f"not a request of a known IdP: {url[:200]}")
        return url

    def fetch(self, url: str) -> LoginRequest | SignatureRequest:
        try:
            reply = self.client.get(self.trusted(url))
        except httpx.HTTPError as exc:
            raise WalletRefusal(f"the IdP is unreachable: {exc}") from exc
        answer = _json_object(reply)
        if reply.status_code != 200:
            raise WalletRefusal(str(answer.get("message") or reply.text[:200]))
        try:
            return ASKED.validate_python(answer)
        except ValidationError:
            raise WalletRefusal(
                "the service's request is not a wallet request / 要求の形式が不正です"
            ) from None

    def asking(
        self,
        request: Request,
        asked: LoginRequest | SignatureRequest,
        target: str,
        same_device: str,
        status: int = 200,
        **mistake: Any,
    ) -> HTMLResponse:
        """The request page; after a mistake (`error`, `tries_left`) the same page again, so
        the holder corrects it in place, the choices they made kept (`chosen`)."""
        return page(
            request,
            "request.html",
            status,
            asked=asked,
            target=target,
            same_device=same_device,
            cards=self.config.cards.cards(),
            methods=methods_offered(asked, terminal=self.config.terminal is not None),
            **mistake,
        )

    def respond(self, request: Request, form: dict[str, str]) -> Response:
        """The holder's decision on the request page."""
        target, same_device = form.get("target", ""), form.get("same_device", "")
        asked: LoginRequest | SignatureRequest | None = None
        method = _level(form.get("method"))
        chosen = {"card": form.get("card", ""), "method": method.value}
        try:
            asked = self.fetch(target)
            if form.get("decision") == "refuse":
                if isinstance(asked, SignatureRequest):
                    self.client.post(target, json={"refuse": True})
                return result(request, asked, ok=True, message=TEXT["refused"])
            entry = self.config.cards.entry(chosen["card"])
            if entry is None:
                raise WalletRefusal("choose one of your cards / カードを選んでください")
            typed = inputs.problem(
                asked, method, form.get("pin", ""), form.get("sign_password", ""), entry.can_sign
            )
            if typed is not None:
                return self.asking(
                    request, asked, target, same_device, 400, error=typed, chosen=chosen
                )
            with self.config.cards.open(entry.id) as reader:
                body = self.card_answer(reader, asked, target, method, form)
            reply = self.client.post(target, json=body.to_json())
        except PinBlocked as blocked:
            return result(request, asked, 403, ok=False, message=str(blocked), blocked=True)
        except WrongPin as wrong:  # nothing was sent: the holder tries again on the same page
            assert asked is not None
            return self.asking(
                request, asked, target, same_device, 403, error=str(wrong),
                tries_left=wrong.tries_left, chosen=chosen,
            )  # fmt: skip
        except (
            ClientError,
            WalletRefusal,
            SealRefused,
            ProfileError,
            KeyError,
            ValueError,
            httpx.HTTPError,
        ) as exc:
            return result(request, asked, 400, ok=False, message=str(exc) or type(exc).__name__)
        return finished(request, asked, reply, same_device=bool(same_device))

    def issue_phone(self, request: Request, form: dict[str, str]) -> Response:
        """Issue this phone from the chosen card: the card's signing password, the phone's PIN
        and password, each checked before anything reaches the card."""
        issuer = self.config.phones
        if issuer is None:
            return page(request, "result.html", 404, ok=False, message=TEXT["phone_none"])
        chosen = form.get("card", "")
        entry = self.config.cards.entry(chosen)
        if entry is None or entry.medium is not Medium.CARD or not entry.can_sign:
            return phone_page(request, self.config, 400, error=TEXT["phone_none"])
        sign_password, pin, password = (
            form.get("sign_password", ""),
            form.get("phone_pin", ""),
            form.get("phone_password", ""),
        )
        typed = inputs.phone_problem(sign_password, pin, password)
        if typed is not None:
            return phone_page(request, self.config, 400, error=typed, chosen=chosen)
        try:
            with self.config.cards.open(entry.id) as reader:
                phone = issuer.issue(
                    entry.id,
                    reader,
                    sign_password=sign_password,
                    pin=pin,
                    password=password.strip().upper(),
                )
        except PinBlocked as blocked:
            return page(request, "result.html", 403, ok=False, message=str(blocked), blocked=True)
        except WrongPin as wrong:
            return phone_page(
                request, self.config, 403, error=str(wrong), tries_left=wrong.tries_left,
                chosen=chosen,
            )  # fmt: skip
        except PhoneNotIssued as refused:
            return phone_page(request, self.config, 409, error=str(refused), chosen=chosen)
        except ClientError as exc:
            return page(request, "result.html", 400, ok=False, message=str(exc))
        assert phone.medium is Medium.PHONE
        return page(request, "result.html", ok=True, message=TEXT["phone_issued"])

    def card_answer(
        self,
        reader: Reader,
        asked: LoginRequest | SignatureRequest,
        target: str,
        method: Level,
        form: dict[str, str],
    ) -> LoginAnswer | SignatureAnswer:
        """The card's answer to `asked`, sealed to the platform when the request says so."""
        config, client = self.config, self.client
        if isinstance(asked, LoginRequest):
            login = answer_login(
                reader,
                asked,
                method=method,
                pin=form.get("pin", ""),
                sign_password=form.get("sign_password", ""),
                terminal=config.terminal,
                now=config.clock.now(),
            )
            return sealed_answer(login, asked, config.platform, client)
        document = client.get(f"{target}/document").content if asked.pdf else None
        signature = answer_signature(
            reader,
            asked,
            document,
            sign_password=form.get("sign_password", ""),
            now=config.clock.now(),
        )
        return sealed_signature(signature, asked, target, config.platform, client)


def phone_page(
    request: Request, config: WalletConfig, status: int = 200, **context: Any
) -> HTMLResponse:
    """The "issue from my card" screen: the cards that can issue (a signing certificate)."""
    cards = [c for c in config.cards.cards() if c.medium is Medium.CARD and c.can_sign]
    phones = [c for c in config.cards.cards() if c.medium is Medium.PHONE]
    return page(
        request,
        "phone.html",
        status,
        cards=cards,
        phones=phones,
        available=config.phones is not None,
        **context,
    )


def page(request: Request, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    return render_page(TEMPLATES, TEXT, request, template, status, Level=Level, **context)


def result(
    request: Request,
    asked: LoginRequest | SignatureRequest | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """An outcome page, with the way back to the service that asked whenever it is known."""
    back = asked.relying_party.uri if asked is not None else None
    return page(request, "result.html", status, back=back, **context)


def methods_offered(asked: LoginRequest | SignatureRequest, *, terminal: bool) -> list[Level]:
    """The login methods the holder can choose here, the first preselected: the PIN, PIN-less
    at a registered terminal, the certificate alone, as the request accepts them."""
    if not isinstance(asked, LoginRequest):
        return []
    offered = [Level.PIN, *([Level.PINLESS] if terminal else []), Level.CERTIFICATE]
    return [level for level in offered if level.urn in asked.levels]


def finished(
    request: Request,
    asked: LoginRequest | SignatureRequest,
    reply: httpx.Response,
    *,
    same_device: bool,
) -> Response:
    """The party's reply to the card's answer: where the browser continues, or why not."""
    try:
        answer = _json_object(reply)
        if reply.status_code != 200:
            message = str(answer.get("message", ""))
            return result(request, asked, 400, ok=False, message=message)
        settled = Settled.model_validate(answer)
    except (WalletRefusal, ValidationError) as refusal:
        return result(request, asked, 502, ok=False, message=str(refusal))
    if same_device and settled.continue_url:
        return RedirectResponse(settled.continue_url, 303)
    done = TEXT["done_login"] if isinstance(asked, LoginRequest) else TEXT["done_sign"]
    return result(request, asked, ok=True, message=done, receipt=settled.receipt)


def _level(method: str | None) -> Level:
    """The login method the holder chose on the page; the PIN unless another level was named."""
    return Level(method) if method in (Level.PINLESS, Level.CERTIFICATE) else Level.PIN


def _json_object(reply: httpx.Response) -> dict[str, Any]:
    """A service's JSON answer, or a refusal saying the service answered something else."""
    try:
        answer = reply.json()
    except ValueError:
        raise WalletRefusal(
            f"the service answered {reply.status_code} without JSON / サービスの応答が不正です"
        ) from None
    if not isinstance(answer, dict):
        raise WalletRefusal("the service's answer is not a JSON object")
    return answer


__all__ = ["WalletConfig", "build_wallet_app"]
