"""Age verification through `jpki up`: a registered adult gets YES at the vending machine
(PIN-less), a child who cannot register gets NO, and neither the page nor the log shows a
name or a birth date."""

from __future__ import annotations

from tests.e2e.browser import approve_in_wallet


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
    approve_in_wallet(page, adult, sign_password=adult["sign_password"])
    assert "Only the day you turn 20 is kept" in page.get_by_test_id("message").inner_text()

    assert at_machine(page, age, adult) == "20 or older: YES"
    for shown in (adult["name"], adult["birth_date"]):
        assert shown not in page.content()
    assert "Not verified" in at_machine(page, age, child)
    page.goto(f"{age}/")
    log = " ".join(page.get_by_test_id("log").all_inner_texts())
    assert "vending-1" in log
    for shown in (adult["name"], adult["birth_date"], child["name"], child["birth_date"]):
        assert shown not in page.content()
