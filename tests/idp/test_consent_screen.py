"""What the holder is shown before deciding (issue 25 items 1 and 7): the RP's name marked
verified (the operator's) or unverified (the RP's own claim, with the host its codes go to),
on the login, consent and sign screens and in the wallet; and every item's value, sex too."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from tests.holders import make_holder
from tests.idp.flow import ISSUER, REDIRECT, authorize, card_login, code_for, pkce, rp, token

ETAX = "国税庁 e-Tax"


def consent_screen(web, idp, client_id, holder, scope="openid"):
    page = authorize(web, client_id, pkce()[1], scope=scope)
    assert page.status_code == 200, page.text
    login_id = card_login(web, page, holder)
    return page, web.get(f"/login/{login_id}/continue"), login_id


def test_an_operator_registered_rps_name_is_shown_verified(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, _ = rp(idp, ETAX)
    login, consent, _ = consent_screen(web, idp, client_id, holder)
    for screen in (login, consent):
        assert 'data-testid="rp-verified"' in screen.text
        assert 'data-testid="rp-unverified"' not in screen.text


def test_a_self_registered_name_is_shown_unverified_with_its_host(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    made = web.post("/register", json={"client_name": ETAX, "redirect_uris": [REDIRECT]}).json()
    login, consent, login_id = consent_screen(web, idp, made["client_id"], holder)
    for screen in (login, consent):
        assert 'data-testid="rp-verified"' not in screen.text
        shown = re.search(r'data-testid="rp-unverified">(.*?)</small>', screen.text, re.S)
        assert "127.0.0.1:9999" in shown.group(1)
    in_wallet = web.get(f"/wallet/v1/logins/{login_id}").json()["relying_party"]["name"]
    assert in_wallet == f"{ETAX} (未確認の名称 / unverified name: 127.0.0.1:9999)"
    assert "未確認の名称" in web.get(f"/login/{login_id}/continue?lang=ja").text


def test_the_sign_screen_marks_an_unverified_rp(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    made = web.post(
        "/register",
        json={"client_name": ETAX, "redirect_uris": [REDIRECT], "scope": "openid sign"},
    ).json()
    verifier, challenge = pkce()
    code = code_for(web, made["client_id"], holder, challenge, scope="openid sign")
    issued = token(web, made["client_id"], made["client_secret"], code, verifier).json()
    created = web.post(
        "/sign/requests",
        json={"document_name": "申告書", "digest": "00" * 32},
        headers={"Authorization": f"Bearer {issued['access_token']}"},
    ).json()
    screen = web.get(f"/sign/{created['id']}").text
    assert 'data-testid="rp-unverified"' in screen
    assert "127.0.0.1:9999" in screen


def test_the_consent_screen_shows_the_holders_sex(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, _ = rp(idp, scope="openid gender")
    _, consent, login_id = consent_screen(web, idp, client_id, holder, scope="openid gender")
    assert '<span data-testid="gender">Male</span>' in consent.text
    in_japanese = web.get(f"/login/{login_id}/continue?lang=ja").text
    assert '<span data-testid="gender">男性</span>' in in_japanese
