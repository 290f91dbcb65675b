"""Mynaportal's disclosure log in headless Chromium through `jpki up`: after an IdP login with
claims at the demo RP (a login at the platform for the IdP, claims to the RP) and a status
check by a 委託 service (with J-LIS's linkage look-up behind it), the holder sees each record,
narrows the log with the filters, downloads it as JSON and CSV; another holder sees none of it."""

from __future__ import annotations

import base64
import csv
import io
import json

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from tests.e2e.browser import demo_rp_login_with_claims
from tests.e2e.processes import signers_world


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("disclosures-up")
    with signers_world(directory, ("mynaportal", "demo-rp", "platform")) as (urls, residents):
        yield urls, residents, directory


@pytest.fixture
def page(browser_page):
    return browser_page


def status_check(urls, directory, holder):
    """The demo insurer (委託) checks the holder's signing certificate at the platform."""
    tenants = json.loads((directory / "platform" / "demo-tenants.json").read_text())
    pem = (directory / "certs" / f"{holder['id']}-sign.pem").read_bytes()
    der = x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)
    checked = httpx.post(
        f"{urls['platform']}/v1/status-checks",
        json={"certificates": [base64.b64encode(der).decode()]},
        headers={"X-API-Key": tenants["demo-insurer"]["api_key"]},
    )
    assert checked.status_code == 200, checked.text


def portal_login(page, urls, holder):
    page.context.clear_cookies()
    page.goto(f"{urls['mynaportal']}/?lang=en")
    page.get_by_test_id("same-device").click()
    page.get_by_test_id("card").select_option(holder["id"])
    page.get_by_test_id("pin").fill(holder["auth_pin"])
    page.get_by_test_id("approve").click()
    page.get_by_test_id("logout").wait_for()


def shown(page) -> list[tuple[str, str]]:
    rows = page.get_by_test_id("record")
    return [
        (rows.nth(i).get_attribute("data-party"), rows.nth(i).get_attribute("data-kind"))
        for i in range(rows.count())
    ]


def test_the_holder_sees_filters_and_downloads_every_disclosure(world, page):
    urls, residents, directory = world
    holder, other = residents[0], residents[1]
    demo_rp_login_with_claims(page, urls["demo-rp"], holder)
    status_check(urls, directory, holder)

    portal_login(page, urls, holder)
    records = set(shown(page))
    assert {
        ("idp", "claims"),  # name and address to the demo RP
        ("platform", "login"),  # the card login, for the IdP
        ("platform", "status-check"),  # by the demo insurer
        ("authority", "linkage"),  # J-LIS told the platform the card's other certificate
    } <= records
    table = page.get_by_test_id("records").inner_text()
    assert "Demo Bank" in table  # each name in the page's language
    assert "Demo Life Insurance" in table
    assert "JST" in table
    assert holder["my_number"] not in page.content()

    page.get_by_test_id("filter-party").select_option("idp")
    page.get_by_test_id("apply-filter").click()
    page.wait_for_url("**party=idp**")
    assert {party for party, _ in shown(page)} == {"idp"}
    with page.expect_download() as done:
        page.get_by_test_id("download-json").click()
    downloaded = json.loads(done.value.path().read_bytes())["disclosures"]
    assert downloaded
    assert {d["party"] for d in downloaded} == {"idp"}
    assert {"name", "address"} <= set(downloaded[0]["items"])

    page.get_by_test_id("filter-party").select_option("")
    page.get_by_test_id("filter-kind").select_option("status-check")
    page.get_by_test_id("apply-filter").click()
    page.wait_for_url("**kind=status-check**")
    assert set(shown(page)) == {("platform", "status-check")}
    with page.expect_download() as done:
        page.get_by_test_id("download-csv").click()
    rows = list(csv.reader(io.StringIO(done.value.path().read_bytes().decode("utf-8-sig"))))
    assert rows[0][:3] == ["at_jst", "party", "recipient"]
    assert [row[2] for row in rows[1:]] == ["デモ生命 / Demo Life Insurance"]

    portal_login(page, urls, other)
    assert not {("idp", "claims"), ("platform", "status-check")} & set(shown(page))
