"""The wallet facing a service that answers something other than its JSON: a clear page,
never a server error."""

from __future__ import annotations

import datetime as dt

import httpx
from fastapi.testclient import TestClient

from jpki.clock import ManualClock
from jpki.wallet.app import WalletConfig, build_wallet_app
from jpki.wallet.cards import ListedCards

SERVICE = "http://127.0.0.1:9"
TARGET = f"{SERVICE}/wallet/v1/logins/abc"


def wallet_facing(handler) -> TestClient:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    config = WalletConfig(
        [SERVICE],
        ListedCards([], lambda _: None),
        ManualClock(dt.datetime(2026, 11, 23, tzinfo=dt.UTC)),
        "http://testserver",
    )
    return TestClient(build_wallet_app(config, http), raise_server_exceptions=False)


def test_a_service_error_page_is_reported_not_crashed_on() -> None:
    wallet = wallet_facing(lambda request: httpx.Response(500, text="Internal Server Error"))
    shown = wallet.get("/request", params={"login": TARGET})
    assert shown.status_code == 400
    assert "without JSON" in shown.text


def test_a_service_answering_a_json_list_is_refused() -> None:
    wallet = wallet_facing(lambda request: httpx.Response(200, json=["not", "an", "object"]))
    shown = wallet.get("/request", params={"login": TARGET})
    assert shown.status_code == 400
    assert "not a JSON object" in shown.text
