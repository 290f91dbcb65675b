"""The PHR in headless Chromium through `jpki up`: a person joins by signing the terms, adds a
record, logs in again with the phone, consents to a doctor who then sees the record; the
showing is in the person's disclosure log; once the person withdraws, the doctor sees nothing;
the pages read in Japanese."""

from __future__ import annotations

import datetime as dt

from tests.e2e.browser import approve_in_wallet
from tests.e2e.readable import page_problems

JST = dt.timezone(dt.timedelta(hours=9))


def as_phone(resident):
    phone = resident["phone"]
    return resident | {"id": f"{resident['id']}-phone", "auth_pin": phone["auth_pin"]}


def join(page, phr, resident):
    page.goto(f"{phr}/?lang=en")
    page.get_by_test_id("join").click()
    approve_in_wallet(page, resident, sign_password=resident["sign_password"])
    page.get_by_test_id("share-code").wait_for()


def log_in(page, phr, resident):
    page.goto(f"{phr}/?lang=en")
    page.get_by_test_id("login").click()
    approve_in_wallet(page, resident, pin=resident["auth_pin"])
    page.get_by_test_id("share-code").wait_for()


def log_out(page):
    page.get_by_test_id("logout").click()


def test_records_reach_only_the_person_and_the_consented_doctor(up_world, browser_page):
    phr, page = up_world.url("phr"), browser_page
    adults = up_world.adults()[:-3]  # the last three are the procurement test's
    person = [r for r in adults if r.get("phone")][-1]
    doctor = next(r for r in reversed(adults) if r["id"] != person["id"])
    yesterday = (dt.datetime.now(JST).date() - dt.timedelta(days=1)).isoformat()

    join(page, phr, person)
    assert page.get_by_test_id("name").inner_text() == person["name"]
    page.get_by_test_id("kind").select_option("blood_pressure")
    page.get_by_test_id("value").fill("128/84")
    page.get_by_test_id("day").fill(yesterday)
    page.get_by_test_id("add").click()
    assert "128/84 mmHg" in page.get_by_test_id("record").first.inner_text()
    log_out(page)

    join(page, phr, doctor)
    code = page.get_by_test_id("share-code").inner_text()
    assert page.get_by_test_id("record").count() == 0
    log_out(page)

    log_in(page, phr, as_phone(person))
    assert "phone" in page.get_by_test_id("medium").inner_text()
    assert "128/84" in page.get_by_test_id("record").first.inner_text()  # the same account
    page.get_by_test_id("grant-code").fill(code)
    page.get_by_test_id("grant-purpose").fill("かかりつけ医 / family doctor")
    page.get_by_test_id("grant").click()
    assert page.get_by_test_id("no-disclosures").is_visible()
    log_out(page)

    log_in(page, phr, doctor)
    page.get_by_test_id("see-1").click()
    shared_url = page.url
    assert page.get_by_test_id("owner").inner_text() == person["name"]
    assert "128/84" in page.get_by_test_id("shared-record").first.inner_text()
    page.goto(f"{shared_url}?lang=ja")
    assert "この閲覧は記録され" in page.content()
    assert not page_problems(page)
    page.goto(f"{phr}/me?lang=en")
    log_out(page)

    log_in(page, phr, person)
    assert doctor["name"] in page.get_by_test_id("disclosure").first.inner_text()
    page.locator("[data-testid^=withdraw-]").first.click()
    assert "withdrawn" in page.get_by_test_id("consent").first.inner_text()
    page.goto(f"{phr}/me?lang=ja")
    assert "撤回済み" in page.get_by_test_id("consent").first.inner_text()
    assert not page_problems(page)
    page.goto(f"{phr}/me?lang=en")
    log_out(page)

    log_in(page, phr, doctor)
    assert page.locator("[data-testid^=see-]").count() == 0
    page.goto(shared_url)
    assert "no consent lets you see" in page.get_by_test_id("message").inner_text()
    assert person["name"] not in page.content()


def test_a_resident_without_an_account_is_not_logged_in(up_world, browser_page):
    phr, page = up_world.url("phr"), browser_page
    stranger = up_world.adults()[-3]  # never joins the PHR
    page.goto(f"{phr}/?lang=ja")
    page.get_by_test_id("login").click()
    approve_in_wallet(page, stranger, pin=stranger["auth_pin"])
    page.goto(f"{phr}/me")
    assert "ログインしてください" in page.get_by_test_id("message").inner_text()
