"""`jpki up` serves the Digital Agency profile's IdP as an issuer of its own beside ours: an RP
written from the government's documentation, registered with the operator's tool while the
world runs, logs a resident in through the world's wallet (the card and its PIN)."""

from __future__ import annotations

import base64
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from jpki.world.guides import DIGITAL_AGENCY
from tests.cli.commands import run
from tests.e2e.processes import signers_world
from tests.idp.documented_rp import REALM, DocumentedRp

REDIRECT = "http://127.0.0.1:9/callback"
DOCUMENT = "利用規約に同意します。".encode()


def test_up_serves_the_digital_agency_issuer(tmp_path):
    directory = tmp_path / "world"
    with signers_world(directory, [DIGITAL_AGENCY, "idp", "wallet"], residents=2) as (
        urls,
        residents,
    ):
        base, wallet = urls[DIGITAL_AGENCY], urls["wallet"]
        assert base != urls["idp"]
        rp_http = httpx.Client(timeout=30)
        rp = DocumentedRp(rp_http, base, "", REDIRECT)
        jwks = tmp_path / "rp.json"
        jwks.write_text(json.dumps(rp.public_jwks))
        added = run(
            "idp", "client", "add", "--data", directory, "--folder", "idp-da", "--name", "RP",
            "--redirect-uri", REDIRECT, "--jwks", jwks, "--scope", "openid sign",
        )  # fmt: skip
        assert added.returncode == 0, added.stderr
        rp.client_id = json.loads(added.stdout)["client_id"]
        discovery = rp_http.get(f"{base}{REALM}/.well-known/openid-configuration").json()
        assert discovery["issuer"] == f"{base}{REALM}"

        browser = httpx.Client(timeout=30)
        url, pending = rp.authorization_url("openid")
        login = browser.get(url)
        assert login.status_code == 200
        link = unescape(re.search(r'data-link="([^"]+)"', login.text).group(1))
        holder = residents[0]
        phone = httpx.Client(timeout=30)
        asked = phone.get(link)
        assert asked.status_code == 200, asked.text
        target = parse_qs(urlsplit(link).query)["login"][0]
        answered = phone.post(
            f"{wallet}/request",
            data={
                "target": target, "same_device": "", "card": holder["id"], "method": "pin",
                "pin": holder["auth_pin"], "decision": "approve",
            },
            headers={"Origin": wallet},
        )  # fmt: skip
        assert answered.status_code == 200, answered.text
        login_id = target.rsplit("/", 1)[1]
        shown = browser.get(f"{base}/login/{login_id}/continue")
        if shown.status_code == 200:  # the consent screen
            shown = browser.post(
                f"{base}/login/{login_id}/consent",
                data={"decision": "approve"},
                headers={"Origin": base},
            )
        assert shown.status_code == 302, shown.text
        result = rp.callback(shown.headers["location"], pending)
        assert result["id_token"]["acr"] == "aal3"

        # a signature: the sign transaction, approved at the login, signed by the world's wallet
        created = rp.start_sign(DOCUMENT)
        assert created.status_code == 201, created.text
        transaction = created.json()["id"]
        url, pending = rp.authorization_url("openid sign", sign_transaction_id=transaction)
        login_id = login_with_card(browser, phone, url, wallet, holder)
        to_sign = browser.post(
            f"{base}/login/{login_id}/consent",
            data={"decision": "approve"},
            headers={"Origin": base},
        )
        assert to_sign.status_code == 303, to_sign.text
        sign_page = browser.get(f"{base}{to_sign.headers['location']}")
        link = unescape(re.search(r'data-link="([^"]+)"', sign_page.text).group(1))
        assert phone.get(link).status_code == 200
        signed = phone.post(
            f"{wallet}/request",
            data={
                "target": parse_qs(urlsplit(link).query)["signature"][0], "same_device": "",
                "card": holder["id"], "sign_password": holder["sign_password"],
                "decision": "approve",
            },
            headers={"Origin": wallet},
        )  # fmt: skip
        assert signed.status_code == 200, signed.text
        back = browser.get(f"{base}/login/{login_id}/signed")
        tokens = rp.callback(back.headers["location"], pending)["tokens"]
        fetched = rp.sign_result(transaction, tokens["access_token"]).json()
        certificate = x509.load_der_x509_certificate(base64.b64decode(fetched["certificate"]))
        certificate.public_key().verify(
            base64.b64decode(fetched["signature"]), DOCUMENT, padding.PKCS1v15(), hashes.SHA256()
        )


def login_with_card(browser, phone, url, wallet, holder):
    """The login page, then the world's wallet answering with the card and its PIN."""
    page = browser.get(url)
    link = unescape(re.search(r'data-link="([^"]+)"', page.text).group(1))
    assert phone.get(link).status_code == 200
    target = parse_qs(urlsplit(link).query)["login"][0]
    answered = phone.post(
        f"{wallet}/request",
        data={
            "target": target, "same_device": "", "card": holder["id"], "method": "pin",
            "pin": holder["auth_pin"], "decision": "approve",
        },
        headers={"Origin": wallet},
    )  # fmt: skip
    assert answered.status_code == 200, answered.text
    login_id = target.rsplit("/", 1)[1]
    shown = browser.get(
        f"{urlsplit(url).scheme}://{urlsplit(url).netloc}/login/{login_id}/continue"
    )
    assert shown.status_code == 200  # the consent screen, naming the transaction to sign
    return login_id
