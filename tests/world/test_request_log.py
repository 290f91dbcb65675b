"""`jpki up` logs one line per request (issue 20): service, method, path without its query
(one-time codes travel there), status and time; a request whose app fails is logged as 500."""

from __future__ import annotations

import io
import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from jpki.world.request_log import JstFormatter, RequestLog


def _app() -> FastAPI:
    app = FastAPI()

    @app.get("/page")
    def page() -> dict[str, str]:
        return {"ok": "yes"}

    @app.get("/broken")
    def broken() -> None:
        raise RuntimeError("a fault")

    return app


def test_one_line_per_request_without_the_query(caplog):
    client = TestClient(RequestLog(_app(), "bank"), raise_server_exceptions=False)
    with caplog.at_level(logging.INFO, logger="jpki.requests"):
        client.get("/page?code=one-time-secret")
        client.get("/nothing")
        client.get("/broken")
    lines = [record.getMessage() for record in caplog.records if record.name == "jpki.requests"]
    assert [line.rsplit(" ", 2)[0] for line in lines] == [
        "bank GET /page 200", "bank GET /nothing 404", "bank GET /broken 500",
    ]  # fmt: skip
    assert all("secret" not in line for line in lines)


@pytest.mark.parametrize(("created", "shown"), [(0.0, "1970-01-01 09:00:00 JST")])
def test_the_log_is_stamped_in_jst(created, shown):
    record = logging.LogRecord("jpki.requests", logging.INFO, __file__, 1, "x", None, None)
    record.created = created
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JstFormatter("%(asctime)s %(message)s"))
    handler.emit(record)
    assert stream.getvalue() == f"{shown} x\n"
