"""Disaster support through `jpki up`: two residents register in normal times; after the
municipality declares a disaster, shelters check them in PIN-less (and a valid card of
someone unregistered is counted but sent to the desk); the municipality sees who is safe
where, who needs medical support, and shares the arrived water and insulin by demand."""

from __future__ import annotations

from tests.e2e.service_steps import disaster_check_in as check_in
from tests.e2e.service_steps import disaster_register as register


def test_shelters_check_in_and_the_municipality_allocates(up_world, browser_page):
    url, page = up_world.url("disaster"), browser_page
    diabetic, single, stranger = (up_world.adults()[i] for i in (2, 3, 5))
    said = register(page, url, diabetic, 3, conditions="diabetes / 糖尿病", needs=["insulin"])
    assert f"Registered: {diabetic['name']}" in said
    assert single["name"] in register(page, url, single, 1)

    page.goto(f"{url}/shelter/gym")
    assert "no disaster has been declared" in page.get_by_test_id("message").inner_text()

    page.goto(f"{url}/municipality")
    assert "No disaster declared" in page.get_by_test_id("disaster").inner_text()
    page.get_by_test_id("disaster-name").fill("Heavy rain 2026 / 令和8年豪雨")
    page.get_by_test_id("declare").click()
    assert "Heavy rain" in page.get_by_test_id("disaster").inner_text()
    safety = " ".join(page.get_by_test_id("safety").all_inner_texts())
    assert safety.count("not confirmed") == 2

    assert check_in(page, url, "school-1", diabetic) == f"Checked in: {diabetic['name']}"
    assert check_in(page, url, "gym", single) == f"Checked in: {single['name']}"
    assert "not registered" in check_in(page, url, "gym", stranger)

    page.goto(f"{url}/municipality")
    rows = {text.split("\t")[0]: text for text in page.get_by_test_id("safety").all_inner_texts()}
    assert "safe at No.1 Elementary School" in rows[diabetic["name"]]
    assert "safe at City Gymnasium" in rows[single["name"]]
    assert page.get_by_test_id("headcount-school-1").inner_text().endswith("3")
    assert page.get_by_test_id("headcount-gym").inner_text().endswith("2")
    assert diabetic["name"] in page.get_by_test_id("medical").inner_text()

    # Water: 9 L asked at the school (3 people), 3 L at the gym; 10 L arrived.
    page.get_by_test_id("stock-water").fill("10")
    page.get_by_test_id("stock-insulin").fill("5")
    page.get_by_test_id("allocate").click()
    quantity = {
        key: page.get_by_test_id(f"allocation-{key}").get_by_test_id("quantity").inner_text()
        for key in ("water-school-1", "water-gym", "insulin-school-1")
    }
    assert quantity == {"water-school-1": "7", "water-gym": "3", "insulin-school-1": "1"}

    page.goto(f"{url}/?lang=ja")
    assert "災害時住民支援情報サービス" in page.content()
