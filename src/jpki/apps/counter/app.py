"""The counter's web app (the clerk's PC, with the card reader attached): the clerk types
照合番号B, the PC reads the card and shows the chip's card face beside the verdicts."""

from __future__ import annotations

from fastapi import FastAPI, Form, Request, Response
from fastapi.responses import Response as RawResponse

from jpki.apps.counter.service import Counter
from jpki.apps.counter.texts import TEXT
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.web import redirect, service_app
from jpki.clock import in_jst

NAME = "デモ窓口 / Demo Counter (対面確認)"


IMAGES = {"photo": "photo_png", "name": "name_png", "address": "address_png"}


def build_counter_app(context: ServiceContext) -> FastAPI:
    counter = Counter(context)
    app, web, _ = service_app(NAME, TEXT, context, __file__)

    @app.get("/")
    def home(request: Request) -> Response:
        return web.page(
            request,
            "home.html",
            readers=counter.reader_names(),
            recent=counter.recent(),
            jst=in_jst,
        )

    @app.post("/checks")
    def check(
        request: Request,
        reader: str = Form(..., max_length=200),
        number_b: str = Form(..., max_length=40),
    ) -> Response:
        row = counter.check(reader, number_b.strip())
        return redirect(f"/checks/{row.id}")

    @app.get("/checks/{check_id}")
    def shown(request: Request, check_id: str) -> Response:
        row = counter.get(check_id[:16])
        if row is None:
            return web.message(request, "no such check / 該当する確認がありません", 404)
        return web.page(request, "check.html", check=row, jst=in_jst)

    @app.get("/checks/{check_id}/{image}.png")
    def image(check_id: str, image: str) -> Response:
        row = counter.get(check_id[:16])
        if row is None or image not in IMAGES or not getattr(row, IMAGES[image]):
            return RawResponse(status_code=404)
        return RawResponse(
            getattr(row, IMAGES[image]),
            media_type="image/png",
            headers={"Cache-Control": "no-store"},
        )

    return app


__all__ = ["NAME", "build_counter_app"]
