"""Every page of `jpki up` a newcomer can reach by following links, in both languages, drawn in
the one layout and readable (issue 20): no Python object, no raw epoch number, no English on a
Japanese page outside the allow-list (`tests.e2e.readable`)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest

from tests.e2e.browser import answer_in_wallet, approve_in_wallet
from tests.e2e.readable import page_problems
from tests.e2e.worlds import up_world_in


@pytest.fixture(scope="module")
def up_world(tmp_path_factory):
    """A world of its own: the walk links and checks in residents that the use cases' tests
    (which share theirs) count."""
    yield from up_world_in(tmp_path_factory.mktemp("every-page"))


SKIPPED = (".pdf", ".csv", ".json", ".p7s", ".crl", ".pem", ".cer", ".der", "/logout")
"""Links that are downloads or end a session, not pages."""
MAX_PAGES = 160


def _links(page: Any) -> list[str]:
    return list(page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"))


def _walk(page: Any, start: str, origins: set[str], lang: str) -> dict[str, list[str]]:
    """Every page reachable from `start` on `origins` by plain links: its problems."""
    seen: set[str] = set()
    queue, found = [start], {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        parts = urlsplit(url)
        key = parts._replace(query="", fragment="").geturl()
        if key in seen or f"{parts.scheme}://{parts.netloc}" not in origins:
            continue
        if key.endswith(SKIPPED) or ("/docs/" in parts.path[1:] and key in seen):
            continue
        seen.add(key)
        reply = page.goto(
            url if "lang=" in url else f"{url}{'&' if parts.query else '?'}lang={lang}"
        )
        if reply is None or "text/html" not in reply.headers.get("content-type", ""):
            continue
        assert page.locator("header [data-testid=lang-ja]").count() == 1, (
            f"{url}: not in the layout"
        )
        problems = page_problems(page)
        if problems:
            found[url] = problems
        queue += [urljoin(url, link) for link in _links(page)]
    return found


def test_every_linked_page_is_readable_in_both_languages(up_world, browser_page):
    front_door = up_world.url("home")
    browser_page.goto(front_door + "/")
    origins = {
        f"{urlsplit(link).scheme}://{urlsplit(link).netloc}" for link in _links(browser_page)
    } - {"https://"}
    everything = {}
    for lang in ("en", "ja"):
        everything |= {
            f"[{lang}] {url}": p
            for url, p in _walk(browser_page, front_door + "/", origins, lang).items()
        }
    assert not everything, "\n".join(f"{url}: {p}" for url, p in everything.items())


def _readable_in_japanese(page: Any, step: str) -> None:
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "ja", f"{step}: {page.url}"
    assert not page_problems(page), f"{step} ({page.url}): {page_problems(page)}"


def test_the_card_flows_read_in_japanese_from_first_page_to_last(up_world, browser_page):
    """The pages only a flow reaches (the wallet's request and result, the IdP's consent and
    signing pages, a service's outcome), for a visitor whose browser asks for Japanese."""
    context = browser_page.context.browser.new_context(locale="ja-JP")
    page = context.new_page()
    resident = up_world.adults()[2]
    try:
        page.goto(up_world.url("bank") + "/")
        _readable_in_japanese(page, "bank")
        page.get_by_test_id("open-savings").first.click()
        page.get_by_test_id("same-device").click()
        page.get_by_test_id("card").wait_for()
        _readable_in_japanese(page, "wallet: the signing request")
        answer_in_wallet(page, resident, sign_password=resident["sign_password"])
        page.get_by_test_id("opened").wait_for()
        _readable_in_japanese(page, "bank: the account opened")
        page.goto(up_world.url("bank") + "/login")
        approve_in_wallet(page, resident, pin=resident["auth_pin"])
        page.get_by_test_id("holder").wait_for()
        _readable_in_japanese(page, "bank: logged in")

        page.goto(up_world.url("demo-rp") + "/")
        page.get_by_test_id("login-pin").click()
        page.get_by_test_id("same-device").click()
        page.get_by_test_id("card").wait_for()
        _readable_in_japanese(page, "wallet: the IdP's login")
        answer_in_wallet(
            page, resident, pin=resident["auth_pin"], sign_password=resident["sign_password"]
        )
        page.wait_for_url("**/login/*/continue*")
        _readable_in_japanese(page, "IdP: consent")
        page.get_by_test_id("approve").click()
        page.get_by_test_id("claim-sub").wait_for()
        _readable_in_japanese(page, "demo RP: the claims")
        page.get_by_test_id("sign").click()
        page.get_by_test_id("same-device").click()
        page.get_by_test_id("card").wait_for()
        _readable_in_japanese(page, "wallet: the IdP's signing transaction")
        answer_in_wallet(page, resident, sign_password=resident["sign_password"])
        page.get_by_test_id("sign-outcome").wait_for()
        _readable_in_japanese(page, "demo RP: the signature")
    finally:
        context.close()


def test_the_services_outcomes_the_console_and_mynaportal_read_in_japanese(up_world, browser_page):
    context = browser_page.context.browser.new_context(locale="ja-JP")
    page = context.new_page()
    patient, fan = up_world.adults()[3], up_world.adults()[4]
    try:
        clinic = up_world.url("clinic")
        page.goto(f"{clinic}/")
        page.get_by_test_id("link").click()
        approve_in_wallet(page, patient, sign_password=patient["sign_password"])
        page.get_by_test_id("insured-number").wait_for()
        _readable_in_japanese(page, "clinic: linked")
        page.goto(f"{clinic}/reception?terminal=desk-1")
        approve_in_wallet(page, patient, pin=patient["auth_pin"], method="pin")
        page.get_by_test_id("outcome").wait_for()
        _readable_in_japanese(page, "clinic: the qualification")

        tickets = up_world.url("tickets")
        page.goto(f"{tickets}/")
        page.get_by_test_id("buy-yokohama-night").click()
        approve_in_wallet(page, fan, pin=fan["auth_pin"])
        page.get_by_test_id("seat").wait_for()
        _readable_in_japanese(page, "tickets: the ticket")
        for visitor in (fan, patient):  # admitted; no ticket for this card
            page.goto(f"{tickets}/gate/yokohama-night?gate=east-1")
            approve_in_wallet(page, visitor, method="pinless")
            page.get_by_test_id("verdict").wait_for()
            _readable_in_japanese(page, "tickets: the gate")

        page.goto(up_world.url("mynaportal") + "/")
        approve_in_wallet(page, fan, pin=fan["auth_pin"])
        page.get_by_test_id("record").first.wait_for()
        _readable_in_japanese(page, "Mynaportal: the records")

        settings = json.loads((up_world.directory / "platform" / "settings.json").read_text())
        page.goto(up_world.url("platform") + "/console")
        _readable_in_japanese(page, "console: sign in")
        page.get_by_test_id("role").select_option("operator")
        page.get_by_test_id("secret").fill(settings["admin_token"])
        page.get_by_test_id("submit").click()
        page.get_by_test_id("tenants").wait_for()
        _readable_in_japanese(page, "console: the operator's tenants")
    finally:
        context.close()
