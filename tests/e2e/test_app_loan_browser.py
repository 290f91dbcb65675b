"""The housing-loan e-contract through `jpki up` (seed 002 No.8): the borrower signs the
agreement PDF with the card, the bank countersigns with its seal, and the platform makes it
long-term. pdfsig validates both signatures; pyHanko's AdES long-term validation passes for
both from the file alone, trusting only the JPKI root, the bank seal's CA and the platform's
TSA root, and fetching nothing."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor

import httpx
from asn1crypto import pem

from tests.e2e.browser import approve_in_wallet
from tests.pades import PASSED, long_term_verdicts


def _ders(text: bytes) -> list[bytes]:
    return [der for _, _, der in pem.unarmor(text, multiple=True)]


def test_loan_agreement_is_signed_countersigned_and_long_term(up_world, browser_page, tmp_path):
    url, page = up_world.url("loan"), browser_page
    borrower = up_world.adults()[11]
    logged_before = len(up_world.service.lines)
    page.goto(f"{url}/")
    page.get_by_test_id("amount").fill("35000000")
    page.get_by_test_id("years").fill("35")
    page.get_by_test_id("sign").click()
    approve_in_wallet(page, borrower, sign_password=borrower["sign_password"])
    assert "Contract concluded" in page.get_by_test_id("done").inner_text()
    assert page.get_by_test_id("name").inner_text() == borrower["name"]
    assert page.get_by_test_id("amount").inner_text() == "35,000,000"
    assert page.get_by_test_id("monthly").inner_text() == "90,855"
    number = page.get_by_test_id("contract-number").inner_text()
    pdf = page.request.get(f"{url}/contracts/{number}.pdf").body()
    assert httpx.get(f"{url}/contracts/{number}.pdf").status_code == 400  # another screen

    path = tmp_path / "agreement.pdf"
    path.write_bytes(pdf)
    listed = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert listed.stdout.count("Signature is Valid") == 2, listed.stdout
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert number in text
    assert "35,000,000" in text

    platform = up_world.url("platform")
    roots = [
        *_ders((up_world.directory / "roots" / "sign-ca.pem").read_bytes()),
        *_ders(httpx.get(f"{url}/seals/ca.pem").content),
        *_ders(httpx.get(f"{platform}/timestamping/tsa-root.pem").content),
    ]
    # pyHanko runs its own event loop: not in Playwright's thread.
    with ThreadPoolExecutor(1) as pool:
        verdicts = pool.submit(long_term_verdicts, pdf, roots).result()
    assert verdicts == {"JPKISignature": PASSED, "BankCountersignature": PASSED}
    logged = "".join(up_world.service.lines[logged_before:])
    assert "Traceback" not in logged  # a seal's or a TSA's path outside JPKI is expected


def test_terms_outside_what_the_bank_lends_are_refused(up_world):
    url = up_world.url("loan")
    for amount, years, address, message in (
        ("35000000", "36", "東京都", "the term must be 1 to 35 years"),
        ("999", "35", "東京都", "the amount must be"),
        ("35000000", "35", " ", "the property's address is required"),
    ):
        form = {"amount": amount, "years": years, "property_address": address}
        refused = httpx.post(f"{url}/contracts", data=form)
        assert refused.status_code == 400
        assert message in refused.text
