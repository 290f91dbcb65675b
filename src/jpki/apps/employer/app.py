"""The employer's web app: HR's desk (`/`, with the card reader attached) and the automated
gate (`/gate`), the card touched on the gate's reader."""

from __future__ import annotations

import datetime as dt

from fastapi import FastAPI, Form, Request, Response

from jpki.apps.employer.service import Employer
from jpki.apps.employer.texts import TEXT
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.clock import in_jst

NAME = "デモ商事 職員証 / Demo Corporation staff ID"
"""The tenant's bilingual name (`日本語 / English`, as `in_language` splits it)."""


def in_jst_seconds(moment: dt.datetime) -> str:
    """A time on the gate's log: Japan time to the second, labelled."""
    return in_jst(moment, seconds=True)


def build_employer_app(context: ServiceContext) -> FastAPI:
    employer = Employer(context)
    app, web, _ = service_app(NAME, TEXT, context, __file__)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request, "home.html", readers=employer.reader_names(),
            issued=employer.issuances(), jst=in_jst_seconds,
        )  # fmt: skip

    @app.post("/issue")
    def issue(
        request: Request,
        reader: str = Form(..., max_length=200),
        employee: str = Form(..., max_length=16),
        name: str = Form(..., max_length=100),
        pin: str = Form(..., max_length=16),
    ) -> Response:
        employer.issue(reader, employee.strip().upper(), name, pin.strip())
        return redirect("/")

    @app.post("/revoke")
    def revoke(request: Request, employee: str = Form(..., max_length=16)) -> Response:
        employer.revoke(employee)
        return redirect("/")

    @app.get("/gate")
    def gate_page(request: Request, passage: int | None = None) -> Response:
        log = employer.passages()
        shown = next((p for p in log if p.id == passage), None)
        return web.page(
            request,
            "gate.html",
            readers=employer.reader_names(),
            log=log,
            shown=shown,
            jst=in_jst_seconds,
        )

    @app.post("/gate")
    def touch(
        request: Request,
        reader: str = Form(..., max_length=200),
        gate: str = Form("lobby-1", max_length=32),
    ) -> Response:
        row = employer.pass_gate(reader, gate)
        return redirect(f"/gate?passage={row.id}")

    return app


__all__ = ["NAME", "build_employer_app"]
