"""Cookies in headless Chromium through `jpki up` (issue 25 item 7): after a holder logs in at
the demo RP (through the IdP), the bank and Mynaportal, no service is ever sent a cookie another
service set (each has a host of its own: cookies ignore ports), and no cookie the browser holds
reveals the holder's name, address, pairwise `sub`, a token or any JSON when decoded."""

from __future__ import annotations

import collections
from urllib.parse import urlsplit

import pytest

from jpki.world.up import service_names
from tests.at_rest import is_json_object, readable_parts
from tests.e2e.browser import approve_in_wallet, demo_rp_login_with_claims
from tests.e2e.processes import signers_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("cookies-up")
    with signers_world(directory, service_names()) as (urls, residents):
        yield urls, residents


def test_each_service_gets_only_its_own_cookies_and_none_reveals_the_holder(world, browser_page):
    urls, residents = world
    holder, page = residents[0], browser_page
    service_at = {urlsplit(url).netloc: name for name, url in urls.items()}
    set_by: dict[str, set[str]] = collections.defaultdict(set)
    sent_to: dict[str, set[str]] = collections.defaultdict(set)

    def response(answer):
        name = service_at.get(urlsplit(answer.url).netloc)
        for header in answer.headers_array():
            if name and header["name"].lower() == "set-cookie":
                set_by[name].add(header["value"].split("=", 1)[0])

    def request(asked):
        name = service_at.get(urlsplit(asked.url).netloc)
        cookies = asked.all_headers().get("cookie", "")
        if name and cookies:
            sent_to[name] |= {c.split("=", 1)[0].strip() for c in cookies.split(";")}

    page.on("response", response)
    page.on("request", request)

    demo_rp_login_with_claims(page, urls["demo-rp"], holder)  # the IdP's login and consent
    sub = page.get_by_test_id("claim-sub").inner_text()

    page.goto(f"{urls['bank']}/")  # a service's own card login
    page.goto(f"{urls['bank']}/login")
    approve_in_wallet(page, holder, pin=holder["auth_pin"])
    page.get_by_test_id("message").or_(page.get_by_test_id("holder")).first.wait_for()

    page.goto(f"{urls['mynaportal']}/")
    page.get_by_test_id("same-device").click()
    page.get_by_test_id("card").select_option(holder["id"])
    page.get_by_test_id("pin").fill(holder["auth_pin"])
    page.get_by_test_id("approve").click()
    page.get_by_test_id("logout").wait_for()

    for name in ("authority", "platform", "idp", "wallet", "demo-rp", "bank", "mynaportal"):
        page.goto(f"{urls[name]}/")  # every service asked once more, with all cookies set
    assert {"idp", "demo-rp", "bank", "mynaportal"} <= set_by.keys()
    for name, names in sent_to.items():
        assert names <= set_by[name], f"{name} was sent {names - set_by[name]}"

    secrets_ = [holder["name"], holder["address"], sub, "eyJ", '"h":']
    for cookie in page.context.cookies():
        for text in readable_parts(cookie["value"]):
            decoded = text.decode("utf-8", "replace")
            found = [s for s in secrets_ if s in decoded] + ["JSON"] * is_json_object(text)
            assert not found, f"{cookie['name']} of {cookie['domain']} reveals {found}"
