"""The venue's entry check through `jpki up` (seed 001 roadmap, IR law): a person signs the
platform's consent text for the birth date alone, enters at the gate PIN-less and gets only
"allowed" and a visitor ID (the same one each time: it counts visits), a second entry within
24 hours counts no new visit, an unregistered card is refused naming nobody, and after the
person signs a self-exclusion the gate refuses them. No page shows a name or a birth date;
pages in English and Japanese pass the page checker."""

from __future__ import annotations

from tests.e2e.browser import answer_in_wallet, approve_in_wallet, shown_in_wallet
from tests.e2e.readable import page_problems


def at_gate(page, url, resident, lang="en"):
    page.goto(f"{url}/gate?lang={lang}")
    approve_in_wallet(page, resident, method="pinless")
    return page.get_by_test_id("answer").inner_text()


def test_only_allowed_or_refused_and_a_visitor_id_reach_the_gate(up_world, browser_page):
    url, page = up_world.url("venue"), browser_page
    person, stranger = up_world.adults()[3], up_world.adults()[4]
    page.goto(f"{url}/?lang=ja")
    assert not page_problems(page)
    page.goto(f"{url}/?lang=en")
    page.get_by_test_id("register").click()
    shown = shown_in_wallet(page)
    assert "Items / 提供する情報: date of birth / 生年月日" in shown
    answer_in_wallet(page, person, sign_password=person["sign_password"])
    assert "Only the day you turn 20 is kept" in page.get_by_test_id("message").inner_text()

    assert at_gate(page, url, person) == "Entry allowed"
    visitor = page.get_by_test_id("visitor").inner_text()
    for private in (person["name"], person["birth_date"]):
        assert private not in page.content()
    assert at_gate(page, url, person, lang="ja") == "入場できます"
    assert not page_problems(page)
    assert page.get_by_test_id("visitor").inner_text() == visitor
    assert at_gate(page, url, stranger) == "Entry refused"
    assert page.get_by_test_id("reason").inner_text() == "not registered"
    assert page.get_by_test_id("visitor").count() == 0

    page.goto(f"{url}/?lang=en")
    assert page.get_by_test_id("limits").inner_text() == "3 in 7 days or 10 in 28 days"
    stats = page.get_by_test_id("stats").inner_text()
    assert "allowed 2" in stats
    assert "visits counted 1" in stats
    page.get_by_test_id("months").select_option("12")
    page.get_by_test_id("exclude").click()
    assert "refuse my entry until" in shown_in_wallet(page)
    answer_in_wallet(page, person, sign_password=person["sign_password"])
    assert "Entry refused until (JST):" in page.get_by_test_id("message").inner_text()
    assert at_gate(page, url, person) == "Entry refused"
    assert page.get_by_test_id("reason").inner_text() == "on the self-exclusion list"
    at_gate(page, url, person, lang="ja")
    assert page.get_by_test_id("reason").inner_text() == "入場制限の申告あり"
    assert not page_problems(page)
