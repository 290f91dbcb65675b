"""The convenience-store kiosk through `jpki up`: a resident-record copy issued after the
card's signature is checked, as a PDF sealed by the municipality that pdfsig and pyHanko
validate; and seed 002 No.16: an online service's identification number completed at the
kiosk with the card, once only, and the identification API closed to callers without the
service token."""

from __future__ import annotations

import io
import subprocess
from concurrent.futures import ThreadPoolExecutor

import httpx
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from tests.e2e.browser import approve_in_wallet


def test_resident_record_copy_is_sealed_by_the_municipality(up_world, browser_page, tmp_path):
    url, page = up_world.url("kiosk"), browser_page
    resident = up_world.adults()[7]
    page.goto(f"{url}/")
    page.get_by_test_id("record").click()
    approve_in_wallet(page, resident, sign_password=resident["sign_password"])
    number = page.get_by_test_id("record-number").inner_text()
    pdf = page.request.get(f"{url}/records/{number}.pdf").body()
    assert httpx.get(f"{url}/records/{number}.pdf").status_code == 400  # another screen

    path = tmp_path / "record.pdf"
    path.write_bytes(pdf)
    checked = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in checked.stdout
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    # poppler reads the ideographic space between family and given name as the gap it leaves
    assert " ".join(resident["name"].split()) in " ".join(text.split())
    assert number in text

    roots = [
        asn1_x509.Certificate.load(der)
        for _, _, der in pem.unarmor(httpx.get(f"{url}/seals/ca.pem").content, multiple=True)
    ]
    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    # pyHanko runs its own event loop: not in Playwright's thread.
    with ThreadPoolExecutor(1) as pool:
        status = pool.submit(
            validate_pdf_signature, signature, ValidationContext(trust_roots=roots)
        ).result()
    assert status.intact
    assert status.valid
    assert status.trusted


def test_identification_number_completes_an_online_identity_check(up_world, browser_page):
    url, page = up_world.url("kiosk"), browser_page
    customer = up_world.adults()[4]
    page.goto(f"{url}/online")
    page.get_by_test_id("apply").click()
    number = page.get_by_test_id("identification-number").inner_text()
    assert page.get_by_test_id("identification-state").inner_text() == "pending"

    page.goto(f"{url}/")
    page.get_by_test_id("number").fill(number)
    page.get_by_test_id("identify").click()
    approve_in_wallet(page, customer, sign_password=customer["sign_password"])
    assert "Identity check completed for" in page.get_by_test_id("message").inner_text()

    page.goto(f"{url}/online?number={number}")
    assert page.get_by_test_id("identification-state").inner_text() == "completed"
    assert customer["name"] in page.get_by_test_id("identified-name").inner_text()

    page.goto(f"{url}/")
    page.get_by_test_id("number").fill(number)
    page.get_by_test_id("identify").click()
    assert "identification number" in page.get_by_test_id("message").inner_text()

    token = (up_world.directory / "apps" / "kiosk" / "api-token").read_text().strip()
    assert httpx.post(f"{url}/api/identifications", json={"service": "x"}).status_code == 400
    created = httpx.post(
        f"{url}/api/identifications", json={"service": "Online bank"},
        headers={"Authorization": f"Bearer {token}"},
    )  # fmt: skip
    assert created.status_code == 201
    assert created.json()["state"] == "pending"
