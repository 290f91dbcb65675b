"""Forms another site posts are refused (issue 19, defect 5): a page the holder visits must not
spend the card's PIN tries through the wallet, nor act in a service or Mynaportal in the
holder's name. The same forms sent from the app's own pages still work."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import httpx
import pytest

from jpki.web_csrf import REFUSAL
from tests.e2e.processes import Service

EVIL = "http://evil.example"


@pytest.fixture(scope="module")
def up(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cross-site")
    service = Service("up", "--data", directory, "--residents", "2")
    yield service, directory
    assert service.stop() in (0, 130, -2)


def auth_tries(directory: Path, card: str) -> int:
    image = json.loads((directory / "cards" / f"{card}.card").read_text())
    return int(image["pins"]["auth"]["tries_left"])


def portal_login(portal: str) -> str:
    """A fresh Mynaportal login request's URL, as its page hands it to the wallet."""
    link = re.search(r"request\?login=([^&\"]+)", httpx.get(f"{portal}/").text)
    assert link, "no wallet link on Mynaportal's login page"
    return unquote(link.group(1))


def refused(answer: httpx.Response) -> bool:
    return answer.status_code == 403 and answer.text == REFUSAL


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Origin": "null"},
        {"Referer": f"{EVIL}/page"},
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_a_cross_site_pin_never_reaches_the_card(up, headers):
    service, directory = up
    wallet, card = service.url_named("wallet"), "R000001"
    form = {"target": portal_login(service.url_named("mynaportal")), "card": card, "pin": "0000"}
    before = auth_tries(directory, card)
    assert refused(httpx.post(f"{wallet}/request", data=form, headers=headers))
    assert auth_tries(directory, card) == before


def test_the_wallets_own_page_still_reaches_the_card(up):
    service, directory = up
    wallet, card = service.url_named("wallet"), "R000002"
    form = {"target": portal_login(service.url_named("mynaportal")), "card": card, "pin": "0000"}
    before = auth_tries(directory, card)
    answer = httpx.post(f"{wallet}/request", data=form, headers={"Origin": wallet})
    assert answer.status_code == 403
    assert "tries" in answer.text.lower()
    assert auth_tries(directory, card) == before - 1


@pytest.mark.parametrize(("name", "path"), [("bank", "/open"), ("mynaportal", "/move")])
def test_a_service_form_from_another_site_is_refused(up, name, path):
    service, _ = up
    base = service.url_named(name)
    form = {"kind": "savings", "new_address": "東京都千代田区永田町１丁目"}
    assert refused(httpx.post(f"{base}{path}", data=form, headers={"Origin": EVIL}))
    own = httpx.post(f"{base}{path}", data=form, headers={"Origin": base, "Referer": f"{base}/"})
    assert own.status_code < 400
    assert own.text != REFUSAL


def test_json_apis_and_the_wallet_protocol_are_not_forms(up):
    """A JSON body needs a CORS preflight from another site, so it is not checked: the wallet
    protocol answers as before (here: a refusal of the empty answer, not the CSRF 403)."""
    service, _ = up
    login = portal_login(service.url_named("mynaportal"))
    answer = httpx.post(login, json={}, headers={"Origin": EVIL})
    assert answer.status_code != 403
    assert answer.text != REFUSAL
