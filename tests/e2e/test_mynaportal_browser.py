"""Mynaportal in headless Chromium through `jpki up`: card login via the wallet, provision
records in the disclosure log (a withheld one left out while its hold lasts, another
resident's never shown), self-information, notices,
the post box with a signed document and proof of delivery, and moving one-stop."""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from jpki.mynumber.messages import PartyKeys, PublicKeys
from jpki.mynumber.postbox import check_receipt, sign_document
from tests.e2e.processes import Service, jpki


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("portal-up")
    service = Service("up", "--data", directory, "--residents", "4")
    urls = {name: service.url_named(name) for name in ("mynaportal", "wallet")}
    residents = {r["id"]: r for r in json.loads((directory / "residents.json").read_text())}
    people = json.loads((directory / "mynumber" / "people.json").read_text())
    yield urls, residents, people, directory
    assert service.stop() in (0, 130, -2)


@pytest.fixture
def page(browser_page):
    return browser_page


def log_in(page, urls, resident):
    page.goto(f"{urls['mynaportal']}/")
    page.get_by_test_id("same-device").click()
    page.get_by_test_id("card").select_option(resident["id"])
    page.get_by_test_id("pin").fill(resident["auth_pin"])
    page.get_by_test_id("approve").click()
    page.get_by_test_id("logout").wait_for()


def ask(directory, requester, task, provider, address_number, item):
    return json.loads(
        jpki("mynumber", "request", "--data", directory, "--requester", requester, "--task", task,
             "--provider", provider, "--address-number", address_number, "--item", item).stdout
    )  # fmt: skip


def test_records_self_information_notices_and_moving(world, page):
    urls, residents, people, directory = world
    insured = next(r for r, p in people.items() if "insurer-kyokai" in p)
    city = next(a for a in people[insured] if a.startswith("city-"))
    address = people[insured]["insurer-kyokai"]
    assert ask(directory, "insurer-kyokai", "health-insurance-dependants", city, address,
               "resident-tax")["outcome"] == "provided"  # fmt: skip
    ask(directory, "insurer-kyokai", "fraud-investigation", city, address, "resident-tax")

    log_in(page, urls, residents[insured])
    records = page.locator('[data-testid="record"][data-kind="provision"]')
    assert records.count() == 1  # the fraud investigation is withheld (不開示) for a year
    row = records.first.inner_text()
    assert "Japan Health Insurance Association" in row  # the English side, on an English page
    assert "dependants" in row
    assert "given" in row
    assert "resident tax" in page.get_by_test_id("self-info").first.inner_text()
    assert "health insurance card" in page.get_by_test_id("notices").inner_text()
    assert residents[insured]["my_number"] not in page.content()  # never shown

    page.get_by_test_id("new-address").fill("神奈川県横浜市中区山下町２番地")
    page.get_by_test_id("submit-move").click()
    assert "registered" in page.get_by_test_id("message").inner_text()
    assert page.locator("h1").inner_text() == "Mynaportal"  # words, not the texts dict (issue 20)
    moved = {r["id"]: r for r in json.loads((directory / "residents.json").read_text())}
    assert moved[insured]["address"] == "神奈川県横浜市中区山下町２番地"
    before, after = residents[insured]["sign"], moved[insured]["sign"]
    if before:  # the old signing certificate was revoked and a new one issued at the counter
        assert after["serial"] != before["serial"]
        assert before["serial"] in after["history"]


def test_another_resident_sees_only_their_own_records(world, page):
    urls, residents, people, _ = world
    others = [r for r in people if "insurer-kyokai" not in people[r] and residents[r]["auth_pin"]]
    other = others[0] if others else next(r for r in people if r != next(iter(people)))
    log_in(page, urls, residents[other])
    shown = page.get_by_test_id("record")
    assert all("fraud" not in shown.nth(i).inner_text() for i in range(shown.count()))
    assert page.get_by_test_id("no-records").count() == 1 or shown.count() == 0


def test_post_box_signed_document_and_proof_of_delivery(world, page):
    urls, residents, people, directory = world
    holder = next(iter(people))
    log_in(page, urls, residents[holder])
    box = page.get_by_test_id("postbox-address").inner_text()
    keys = PartyKeys.from_json(
        json.loads((directory / "mynumber/keys/employer-demo.json").read_text())
    )
    content = "令和8年分 給与所得の源泉徴収票 / withholding slip 2026".encode()
    title = "源泉徴収票 / Withholding slip"
    delivered = httpx.post(f"{urls['mynaportal']}/api/postbox", json={
        "sender": "employer-demo", "recipient": box, "title": title, "content_type": "text/plain",
        "content": base64.b64encode(content).decode(), "signature": sign_document(keys, content, title),
    })  # fmt: skip
    assert delivered.status_code == 201, delivered.text
    letter_id = delivered.json()["id"]
    forged = httpx.post(f"{urls['mynaportal']}/api/postbox", json={
        "sender": "employer-demo", "recipient": box, "title": title, "content_type": "text/plain",
        "content": base64.b64encode(b"altered").decode(), "signature": sign_document(keys, content, title),
    })  # fmt: skip
    assert forged.status_code == 400
    receipt_url = f"{urls['mynaportal']}/api/postbox/{letter_id}/receipt"
    assert httpx.get(receipt_url, params={"sender": "employer-demo"}).status_code == 202

    page.reload()
    assert "unread" in page.get_by_test_id("notices").inner_text()
    page.get_by_test_id("letter").first.click()
    assert "Demo Trading" in page.get_by_test_id("signature-ok").inner_text()
    assert "withholding slip" in page.get_by_test_id("letter-text").inner_text()

    proof = httpx.get(receipt_url, params={"sender": "employer-demo"}).json()
    core = json.loads((directory / "mynumber/keys/core.json").read_text())
    assert check_receipt(proof, PartyKeys.from_json(core).public())
    assert not check_receipt({**proof, "statement": {**proof["statement"], "letter": "x"}},
                             PublicKeys.from_json(PartyKeys.from_json(core).public().to_json()))  # fmt: skip
