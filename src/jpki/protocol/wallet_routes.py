"""The wallet protocol's HTTP routes, one implementation mounted by every party.

The IdP, Mynaportal and each service keep their requests their own way (database rows, memory)
behind a `WalletStore`; the routes parse and check the wallet's JSON against the messages of
`jpki.protocol.wallet`, so a malformed answer is refused the same way everywhere, before a
party's code sees it.
"""

from __future__ import annotations

from typing import Protocol, TypeVar

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from jpki import strict_json
from jpki.protocol.wallet import (
    BAD_REQUEST,
    PREFIX,
    REFUSED,
    Kind,
    LoginAnswer,
    LoginRequest,
    Refusal,
    Settled,
    SignatureAnswer,
    SignatureRequest,
    WalletRefused,
)

Answer = TypeVar("Answer", LoginAnswer, SignatureAnswer)


class WalletStore(Protocol):
    """A party's pending wallet requests. Each method raises `WalletRefused` to refuse."""

    def login_request(self, request_id: str) -> LoginRequest:
        """The login as the wallet shows it, in its current state."""
        ...

    def answer_login(self, request_id: str, answer: LoginAnswer) -> Settled:
        """Check the card's answer (once) and settle the login."""
        ...

    def signature_request(self, request_id: str) -> SignatureRequest:
        """The signing request as the wallet shows it, in its current state."""
        ...

    def document(self, request_id: str) -> bytes | None:
        """The PDF to sign in place, or None when only a digest was sent."""
        ...

    def answer_signature(self, request_id: str, answer: SignatureAnswer) -> Settled:
        """Check the card's signature (once) and settle the request."""
        ...

    def refuse_signature(self, request_id: str) -> None:
        """The holder declined to sign."""
        ...


REFUSALS: dict[int | str, dict[str, object]] = {
    status: {"model": Refusal, "description": meaning}
    for status, meaning in (
        (400, "The answer is malformed or was not accepted"),
        (404, "No such request, or it expired"),
        (502, "The platform could not check the answer"),
    )
}


def refusal(error: WalletRefused) -> JSONResponse:
    return JSONResponse(Refusal(error=error.code, message=str(error)).to_json(), error.http_status)


async def answer_body(request: Request) -> dict[str, object]:
    """The wallet's JSON object, or a `bad-request` refusal."""
    try:
        body = strict_json.loads(await request.body())
    except strict_json.MalformedJson as error:
        raise WalletRefused(BAD_REQUEST, str(error)) from None
    if not isinstance(body, dict):
        raise WalletRefused(BAD_REQUEST, "the body must be a JSON object")
    return body


def _parsed(model: type[Answer], body: dict[str, object]) -> Answer:
    try:
        return model.model_validate(body)
    except ValidationError as invalid:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}"
            for error in invalid.errors()[:3]
        )
        raise WalletRefused(
            BAD_REQUEST, f"not a card answer / 不正な回答です: {problems}"
        ) from None


def mount_wallet_routes(app: FastAPI, store: WalletStore) -> None:
    """Add the logins and signatures of `PREFIX` (GET the request, POST the
    answer) and the signing request's document to `app`."""
    logins, signatures = f"{PREFIX}/{Kind.LOGIN.collection}", f"{PREFIX}/{Kind.SIGN.collection}"

    @app.get(f"{logins}/{{request_id}}", response_model=LoginRequest, responses=REFUSALS)
    def login_request(request_id: str) -> Response:
        try:
            return JSONResponse(store.login_request(request_id).to_json())
        except WalletRefused as error:
            return refusal(error)

    @app.post(f"{logins}/{{request_id}}", response_model=Settled, responses=REFUSALS)
    async def login_answer(request: Request, request_id: str) -> Response:
        try:
            answer = _parsed(LoginAnswer, await answer_body(request))
            settled = await run_in_threadpool(store.answer_login, request_id, answer)
        except WalletRefused as error:
            return refusal(error)
        return JSONResponse(settled.to_json())

    @app.get(f"{signatures}/{{request_id}}", response_model=SignatureRequest, responses=REFUSALS)
    def signature_request(request_id: str) -> Response:
        try:
            return JSONResponse(store.signature_request(request_id).to_json())
        except WalletRefused as error:
            return refusal(error)

    @app.get(
        f"{signatures}/{{request_id}}/document",
        response_class=Response,
        responses={**REFUSALS, 200: {"content": {"application/pdf": {}}}},
    )
    def document(request_id: str) -> Response:
        try:
            content = store.document(request_id)
        except WalletRefused as error:
            return refusal(error)
        if content is None:
            return refusal(WalletRefused("unknown-document", "only a digest was sent"))
        return Response(content, media_type="application/pdf")

    @app.post(f"{signatures}/{{request_id}}", response_model=Settled, responses=REFUSALS)
    async def signature_answer(request: Request, request_id: str) -> Response:
        """The card's signature, or `{"refuse": true}` when the holder declined."""
        try:
            body = await answer_body(request)
            if body.get("refuse"):
                await run_in_threadpool(store.refuse_signature, request_id)
                return JSONResponse(REFUSED.to_json())
            answer = _parsed(SignatureAnswer, body)
            settled = await run_in_threadpool(store.answer_signature, request_id, answer)
        except WalletRefused as error:
            return refusal(error)
        return JSONResponse(settled.to_json())


__all__ = ["REFUSALS", "WalletStore", "mount_wallet_routes", "refusal"]
