"""Age verification through `jpki up`: the holder signs the platform's consent text for the
birth date alone (shown in the wallet), a registered adult gets YES at the vending machine
(PIN-less), a child who cannot register gets NO; no page shows a name, a birth date or a check
log, and the service's evidence at the platform holds no birth date and no ID that joins two
checks (issue 25)."""

from __future__ import annotations

import json

import httpx

from tests.e2e.browser import answer_in_wallet, approve_in_wallet, shown_in_wallet


def at_machine(page, age, resident):
    page.goto(f"{age}/terminal?machine=vending-1")
    approve_in_wallet(page, resident, method="pinless")
    return page.get_by_test_id("answer").inner_text()


def test_only_yes_or_no_reaches_the_terminal(up_world, browser_page):
    age, page = up_world.url("age"), browser_page
    adult = up_world.adults()[7]
    child = next(r for r in up_world.residents if r["status"] == "resident" and not r.get("sign"))
    page.goto(f"{age}/")
    page.get_by_test_id("register").click()
    shown = shown_in_wallet(page)
    assert "Items / 提供する情報: date of birth / 生年月日" in shown
    assert "年齢確認 / Age verification" in shown  # the recipient, by its registered name
    assert "一回限り" in shown
    answer_in_wallet(page, adult, sign_password=adult["sign_password"])
    assert "Only the day you turn 20 is kept" in page.get_by_test_id("message").inner_text()

    assert at_machine(page, age, adult) == "20 or older: YES"
    assert at_machine(page, age, adult) == "20 or older: YES"
    for shown in (adult["name"], adult["birth_date"]):
        assert shown not in page.content()
    assert "Not verified" in at_machine(page, age, child)
    page.goto(f"{age}/")
    assert page.get_by_test_id("log").count() == 0  # the log is the service's, not the public's
    for shown in (adult["name"], adult["birth_date"], child["name"], child["birth_date"]):
        assert shown not in page.content()

    key = json.loads((up_world.directory / "apps" / "tenants.json").read_text())["demo-age"]
    evidence = httpx.get(
        f"{up_world.url('platform')}/v1/evidence", headers={"X-API-Key": key["api_key"]}
    ).json()
    dumped = json.dumps(evidence, ensure_ascii=False)
    assert adult["birth_date"] not in dumped
    assert adult["name"] not in dumped
    registration = next(r for r in evidence if r["kind"] == "registration")
    assert "four_info_sha256" in registration["payload"]
    accepted = [r["payload"] for r in evidence if r["payload"].get("linked")]
    assert len(accepted) == 2
    ids = {registration["payload"]["user_id"], *(login["user_id"] for login in accepted)}
    assert len(ids) == 3  # a fresh reference each time
