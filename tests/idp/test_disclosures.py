"""The IdP's disclosure records: a login answered to an RP (its claims) and a signature with
its signing certificate are recorded, and answered only to that holder."""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from jpki.protocol.disclosures import Kind, Party, VerifiedHolder
from tests.holders import make_holder
from tests.idp.flow import ISSUER, REDIRECT, authorize, code_for, pkce, rp, token, wallet_answer
from tests.platform.helpers import signed_application


def holder_of(holder) -> VerifiedHolder:  # type: ignore[no-untyped-def]
    return VerifiedHolder(certificate=holder.auth.der, serial=holder.auth.serial)


def login_with_consent(web, client_id, holder, challenge, scope):  # type: ignore[no-untyped-def]
    """A login that asks for 4 information: the wallet signs the consent text too."""
    page = authorize(web, client_id, challenge, scope=scope)
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    consent = base64.b64decode(web.get(f"/wallet/v1/logins/{login_id}").json()["signing_consent"])
    signed = signed_application(holder, consent.decode())["signature"]
    original = web.post

    def post_with_consent(url, json=None, **kwargs):  # type: ignore[no-untyped-def]
        if json is not None and url == f"/wallet/v1/logins/{login_id}":
            json = {**json, "consent_signature": signed}
        return original(url, json=json, **kwargs)

    web.post = post_with_consent
    try:
        _, answered = wallet_answer(web, page, holder)
    finally:
        web.post = original
    assert answered.status_code == 200, answered.text
    shown = web.get(f"/login/{login_id}/continue", follow_redirects=False)
    if shown.status_code == 200:
        shown = web.post(
            f"/login/{login_id}/consent", data={"decision": "approve"}, follow_redirects=False
        )
    assert shown.headers["location"].startswith(REDIRECT)


def test_claims_and_signatures_are_recorded_for_their_holder_only(idp, authority):
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    taro, other = make_holder(authority), make_holder(authority)
    shop, _ = rp(idp, name="デモ商店 / Demo Shop", scope="openid name address")
    bank, secret = rp(idp, name="デモ銀行 / Demo Bank", scope="openid sign")
    login_with_consent(web, shop, taro, pkce()[1], "openid name address")
    verifier, challenge = pkce()
    code = code_for(web, bank, taro, challenge, scope="openid sign")
    bearer = {
        "Authorization": f"Bearer {token(web, bank, secret, code, verifier).json()['access_token']}"
    }
    document = "契約書 / contract"
    made = web.post(
        "/sign/requests",
        json={"document_name": "contract.txt", "digest": hashlib.sha256(document.encode()).hexdigest()},
        headers=bearer,
    )  # fmt: skip
    signed = web.post(
        f"/wallet/v1/signatures/{made.json()['id']}",
        json={"cms": signed_application(taro, document)["signature"]},
    )
    assert signed.status_code == 200, signed.text
    web.cookies.clear()
    code_for(web, shop, other, pkce()[1])

    mine = idp.disclosures.disclosures_of(holder_of(taro))
    assert [(d.kind, d.recipient) for d in mine] == [
        (Kind.SIGNATURE, "デモ銀行 / Demo Bank"),
        (Kind.LOGIN, "デモ銀行 / Demo Bank"),
        (Kind.CLAIMS, "デモ商店 / Demo Shop"),
    ]
    assert {d.party for d in mine} == {Party.IDP}
    assert mine[0].items == ("verdict", "sub")  # `sign` alone: no certificate left the IdP
    assert mine[0].purpose == "contract.txt"
    assert mine[2].items == ("sub", "name", "address")
    assert mine[2].consent == "scope: openid name address"
    theirs = idp.disclosures.disclosures_of(holder_of(other))
    assert [(d.kind, d.recipient) for d in theirs] == [(Kind.LOGIN, "デモ商店 / Demo Shop")]


def test_a_holder_the_idp_never_met_has_no_records(idp, authority):
    assert idp.disclosures.disclosures_of(holder_of(make_holder(authority))) == []
