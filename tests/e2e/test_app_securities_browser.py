"""Demo Securities' web pages through `jpki up` (seed 002 No.14): an account opened with the
signing certificate, the TLS endpoint's address and server certificate for the trading API,
and the endpoint refusing a client without a certificate. The card as the TLS client
certificate (curl, OpenSSL's PKCS#11 engine, OpenSC, pcscd) is tested in test_card_interop."""

from __future__ import annotations

import ssl
import subprocess
from urllib.parse import urlsplit

import httpx
from cryptography import x509

from tests.e2e.browser import approve_in_wallet


def test_account_opened_with_the_card_and_the_tls_endpoint_shown(up_world, browser_page, tmp_path):
    url, page = up_world.url("securities"), browser_page
    customer = up_world.adults()[12]
    page.goto(f"{url}/")
    page.get_by_test_id("open").click()
    approve_in_wallet(page, customer, sign_password=customer["sign_password"])
    assert "Account opened:" in page.get_by_test_id("message").inner_text()
    page.goto(f"{url}/?lang=ja")
    assert customer["name"] in page.get_by_test_id("account").first.inner_text()
    endpoint = page.get_by_test_id("endpoint").inner_text()
    host = urlsplit(url).hostname
    assert endpoint.startswith(f"https://{host}:")  # served at the service's own address

    pem = httpx.get(f"{url}/tls/server.pem").content
    assert x509.load_pem_x509_certificate(pem).subject.rfc4514_string() == f"CN={host}"
    (tmp_path / "server.pem").write_bytes(pem)
    bare = subprocess.run(
        ["curl", "-sS", "--cacert", str(tmp_path / "server.pem"), endpoint],
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert bare.returncode != 0  # the handshake needs a JPKI client certificate
    context = ssl.create_default_context(cafile=str(tmp_path / "server.pem"))
    try:
        httpx.get(endpoint, verify=context)
    except httpx.HTTPError:
        pass
    else:
        raise AssertionError("the TLS endpoint answered without a client certificate")
