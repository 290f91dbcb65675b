"""The qualification service's web app: link the card, the reception check, the evidence, the
e-prescriptions written after a check (`jpki.apps.clinic.prescribing`); and the terminals' API (online checks, the offline cache, reconciliation), bearer-token
protected because it carries insured persons' records."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Annotated, Any

from fastapi import (
    Depends,
    FastAPI,
    Form,
    Header,
    HTTPException,
    Query,
    Request,
    Response,
    UploadFile,
)
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, Field

from jpki.apps.clinic.models import PrescriptionRow
from jpki.apps.clinic.prescribing import Prescribing
from jpki.apps.clinic.service import QualificationService
from jpki.apps.clinic.texts import TEXT
from jpki.apps.kit.card_requests import CardRefusal, CardRequest
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.prescriptions import MAX_PRESCRIPTION
from jpki.apps.kit.terminal_api import TerminalAnswer
from jpki.apps.kit.web import redirect, service_app
from jpki.protocol.hpki import ACCESS_CODE, Medicine, parse_prescription
from jpki.protocol.levels import Level
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

NAME = "オンライン資格確認 / Online qualification confirmation"
DEMO_CLINIC = "1312345678"
CODE = Field(pattern=r"^[0-9A-Za-z-]{1,32}$")


class ReceptionCheck(TerminalAnswer):
    """An online reception terminal's check: the challenge and the card's answer."""

    clinic: Annotated[str, CODE] = DEMO_CLINIC
    terminal: Annotated[str, CODE] = "api"


class OfflineCheck(BaseModel):
    local_number: str = Field(max_length=40)
    at: AwareDatetime
    card_key: str = Field(pattern=r"^[0-9a-f]{64}$")
    outcome: str = Field(max_length=32)


class OfflineBatch(BaseModel):
    terminal: Annotated[str, CODE]
    clinic: Annotated[str, CODE] = DEMO_CLINIC
    checks: list[OfflineCheck] = Field(max_length=10_000)


def build_clinic_app(context: ServiceContext) -> FastAPI:
    service = QualificationService(context)
    prescribing = Prescribing(context)
    app, web, requests = service_app(NAME, TEXT, context, __file__)
    token = context.bearer_token("terminal-token")
    """The clinics' terminal token (sandbox: one for all terminals)."""

    def terminal(authorization: Annotated[str, Header()] = "") -> None:
        if not secrets.compare_digest(authorization, f"Bearer {token}"):
            raise HTTPException(401, "a clinic terminal's token is required")

    @requests.on_signature("link")
    def linked(card_request: CardRequest, answer: SignatureAnswer) -> dict[str, Any]:
        number = card_request.context["number"]
        row = service.link(number, answer, card_request.context["content"])
        return {"number": row.number}

    @requests.on_login("check")
    def checked(card_request: CardRequest, answer: LoginAnswer) -> dict[str, Any]:
        ctx = card_request.context
        return service.check(ctx["clinic"], ctx["terminal"], ctx["challenge"], answer).to_json()

    @web.continues("link")
    def show_link(request: Request, card_request: CardRequest) -> Response:
        return web.page(
            request, "linked.html", insured=service.insured(card_request.outcome["number"])
        )

    @web.continues("check")
    def show_check(request: Request, card_request: CardRequest) -> Response:
        ctx = card_request.context
        return web.page(
            request, "check.html", check=card_request.outcome, clinic=ctx["clinic"],
            terminal=ctx["terminal"], checks=service.checks(ctx["clinic"]),
        )  # fmt: skip

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(request, "home.html", clinic=DEMO_CLINIC, checks=service.checks())

    @app.post("/link")
    def link(request: Request) -> Response:
        number = service.new_insured_number()
        card_request = requests.signature(
            "link", web.browser(request), "健康保険証利用の申込み / Health insurance card use",
            service.link_application(number), context={"number": number},
        )  # fmt: skip
        return web.show(request, card_request)

    @app.get("/reception")
    def reception(
        request: Request, clinic: str = DEMO_CLINIC, terminal: str = "desk-1"
    ) -> Response:
        # In the clear, not sealed: the reception desk is the clinic's own terminal, which keys
        # the card for the offline cache (`jpki.apps.clinic.card_keys`: an HMAC under the
        # clinic's secret, never the certificate or its hash).
        challenge = context.platform.challenge(context.origin)
        card_request = requests.login(
            "check", web.browser(request), challenge, levels=(Level.PIN, Level.PINLESS),
            context={"clinic": clinic[:16], "terminal": terminal[:32]},
        )  # fmt: skip
        return web.show(request, card_request)

    # -- e-prescriptions (電子処方箋), after a qualified card check ------------------------------

    @app.get("/prescribe")
    def prescribe_form(request: Request, reception: str = Query(max_length=32)) -> Response:
        insured = prescribing.patient_of(reception)
        return web.page(request, "prescribe.html", reception=reception, insured=insured)

    @app.post("/prescribe")
    def prescribe(
        reception: Annotated[str, Form(max_length=32)],
        medicine: Annotated[str, Form(min_length=1, max_length=100)],
        dose: Annotated[str, Form(min_length=1, max_length=100)],
        days: Annotated[int, Form(ge=1, le=365)],
    ) -> Response:
        row = prescribing.write(reception, (Medicine(name=medicine, dose=dose, days=days),))
        return redirect(f"/prescriptions/{row.access_code}")

    def _prescription(access_code: str) -> PrescriptionRow:
        if not ACCESS_CODE.fullmatch(access_code):
            raise CardRefusal(
                "no such prescription / 処方箋が見つかりません", "unknown-prescription"
            )
        return prescribing.get(access_code)

    @app.get("/prescriptions/{access_code}")
    def prescription_page(request: Request, access_code: str) -> Response:
        row = _prescription(access_code)
        return web.page(
            request, "prescription.html", row=row, prescription=parse_prescription(row.content)
        )

    @app.get("/prescriptions/{access_code}/content")
    def prescription_content(access_code: str) -> Response:
        row = _prescription(access_code)
        return Response(row.content, media_type="application/json", headers={
            "Content-Disposition": f'attachment; filename="prescription-{access_code}.json"'
        })  # fmt: skip

    @app.post("/prescriptions/{access_code}/signature")
    async def hand_in(request: Request, access_code: str, signature: UploadFile) -> Response:
        _prescription(access_code)
        signed = await signature.read(MAX_PRESCRIPTION + 1)
        # The check fetches the HPKI CRL over HTTP: off the event loop, which may serve the
        # HPKI authority itself (`jpki up` serves every party from one loop).
        check = await run_in_threadpool(prescribing.hand_in, access_code, signed)
        if not check.valid:
            return web.page(
                request,
                "prescription_refused.html",
                400,
                verdict=check.verdict.value,
                access_code=access_code,
            )
        return redirect(f"/prescriptions/{access_code}")

    @app.get("/prescriptions/{access_code}/signed.p7m")
    def signed_prescription(access_code: str) -> Response:
        row = _prescription(access_code)
        if row.signed is None:
            raise HTTPException(404, "not signed yet")
        return Response(row.signed, media_type="application/pkcs7-mime", headers={
            "Content-Disposition": f'attachment; filename="prescription-{access_code}.p7m"'
        })  # fmt: skip

    @app.post("/api/reception/challenge", dependencies=[Depends(terminal)])
    def api_challenge() -> Response:
        return JSONResponse(context.platform.challenge(context.origin), 201)

    @app.post("/api/reception/check", dependencies=[Depends(terminal)])
    def api_check(body: ReceptionCheck) -> Response:
        return JSONResponse(
            service.check(
                body.clinic, body.terminal, body.challenge(), body.card_answer()
            ).to_json()
        )

    @app.get("/api/offline-cache", dependencies=[Depends(terminal)])
    def offline_cache() -> Response:
        return JSONResponse(service.cache())

    @app.post("/api/offline-checks", dependencies=[Depends(terminal)])
    def offline_checks(batch: OfflineBatch) -> Response:
        checks = [
            c.model_dump() | {"at": c.at.astimezone(dt.UTC).isoformat()} for c in batch.checks
        ]
        return JSONResponse({"checks": service.reconcile(batch.clinic, batch.terminal, checks)})

    return app


__all__ = ["DEMO_CLINIC", "NAME", "build_clinic_app"]
