"""Passkeys after card proofing: enrolment after a card login, logins at `urn:jpki:acr:passkey`
(`amr` hwk and user) where the RP accepts it, suspension when the card's authentication
certificate is revoked, restoration by a new card login; and the abuse the issue lists."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from jpki.profile.reasons import RevocationCause
from jpki.protocol.levels import Level
from tests.holders import Holder, card_key, make_holder
from tests.idp.authenticator import SoftAuthenticator
from tests.idp.flow import ISSUER, authorize, card_login, claims_of, pkce, rp, token

PASSKEY = Level.PASSKEY.urn


@pytest.fixture
def web(idp):
    return TestClient(build_idp_app(idp), base_url=ISSUER)


def card_session(web, holder):
    """A card login to the holder's own account page (sets the IdP session cookie)."""
    page = web.get("/account")
    login_id = card_login(web, page, holder)
    assert web.get(f"/login/{login_id}/continue", follow_redirects=False).status_code == 303


def enrol(web, authenticator):
    options = web.post("/account/passkeys/options")
    assert options.status_code == 200, options.text
    return web.post("/account/passkeys", json=authenticator.create(options.json(), ISSUER))


def passkey_login(web, client_id, authenticator, **extra):
    _, challenge = pkce()
    page = authorize(web, client_id, challenge, acr_values=PASSKEY, **extra)
    assert page.status_code == 200
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    options = web.post(f"/login/{login_id}/passkey/options")
    if options.status_code != 200:
        return login_id, options
    return login_id, web.post(
        f"/login/{login_id}/passkey", json=authenticator.get(options.json(), ISSUER)
    )


def rp_code(web, login_id):
    shown = web.get(f"/login/{login_id}/continue", follow_redirects=False)
    if shown.status_code == 200:
        shown = web.post(
            f"/login/{login_id}/consent", data={"decision": "approve"}, follow_redirects=False
        )
    assert shown.status_code == 302, shown.text
    return re.search(r"code=([\w-]+)", shown.headers["location"]).group(1)


def revoke(idp, authority, serial):
    authority.revoke(serial, RevocationCause.CARD_LOST)
    authority.publish_crls()
    idp.platform.verifier.index.add_crl((authority.settings.crl_dir / "auth.crl").read_bytes())


def test_a_passkey_enrolled_after_the_card_logs_in_at_its_level(idp, web, authority):
    holder, key = make_holder(authority), SoftAuthenticator()
    card_session(web, holder)
    assert enrol(web, key).status_code == 201
    assert 'data-testid="passkeys"' in web.get("/account").text
    client_id, secret = rp(idp, scope="openid")
    browser = TestClient(build_idp_app(idp), base_url=ISSUER)  # no session: the passkey logs in
    verifier, challenge = pkce()
    page = authorize(browser, client_id, challenge, acr_values=PASSKEY)
    assert 'data-testid="passkey-login"' in page.text
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    options = browser.post(f"/login/{login_id}/passkey/options").json()
    answered = browser.post(f"/login/{login_id}/passkey", json=key.get(options, ISSUER))
    assert answered.status_code == 200, answered.text
    assert answered.json()["continue"] == f"/login/{login_id}/continue"
    code = rp_code(browser, login_id)
    tokens = token(browser, client_id, secret, code, verifier).json()
    id_token = claims_of(idp, tokens["id_token"]).claims
    assert id_token["acr"] == PASSKEY
    assert id_token["amr"] == ["hwk", "user"]


def test_a_passkey_cannot_answer_a_demand_for_the_card(idp, web, authority):
    holder, key = make_holder(authority), SoftAuthenticator()
    card_session(web, holder)
    enrol(web, key)
    client_id, _ = rp(idp, scope="openid")
    _, challenge = pkce()
    page = authorize(web, client_id, challenge, prompt="login")  # no acr_values: the PIN
    assert 'data-testid="passkey-login"' not in page.text
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    refused = web.post(f"/login/{login_id}/passkey/options")
    assert refused.status_code == 400
    assert refused.json()["error"] == "insufficient-level"
    _, four_info = passkey_login(web, client_id, key, scope="openid name", prompt="login")
    assert four_info.status_code == 400  # the signing certificate is needed


def test_revocation_suspends_and_a_new_card_login_restores(idp, web, authority):
    holder, key = make_holder(authority), SoftAuthenticator()
    card_session(web, holder)
    enrol(web, key)
    client_id, _ = rp(idp, scope="openid")
    stranger = TestClient(build_idp_app(idp), base_url=ISSUER)
    assert passkey_login(stranger, client_id, key)[1].status_code == 200
    revoke(idp, authority, holder.auth.serial)
    _, suspended = passkey_login(stranger, client_id, key)
    assert suspended.status_code == 403
    assert suspended.json()["error"] == "access_denied"
    assert "停止中" in web.get("/account?lang=ja").text or "Suspended" in web.get("/account").text
    # a login with the old card is refused too; the holder renews the card (new keys, the
    # old certificates superseded): a login with the new one restores the passkey
    fresh = card_key()
    renewed, _ = authority.renew_card(holder.issued.card.id, fresh.public_key(), None)
    authority.publish_crls()
    idp.platform.verifier.index.add_crl((authority.settings.crl_dir / "auth.crl").read_bytes())
    card_session(
        TestClient(build_idp_app(idp), base_url=ISSUER),
        Holder(holder.resident, renewed, fresh, None),
    )
    _, restored = passkey_login(stranger, client_id, key)
    assert restored.status_code == 200, restored.text


def test_enrolment_needs_a_card_login_and_a_fresh_challenge(idp, web, authority):
    key = SoftAuthenticator()
    refused = web.post("/account/passkeys/options")
    assert refused.status_code == 403
    holder = make_holder(authority)
    card_session(web, holder)
    options = web.post("/account/passkeys/options").json()
    answer = key.create(options, ISSUER)
    assert web.post("/account/passkeys", json=answer).status_code == 201
    again = web.post("/account/passkeys", json=answer)  # the same challenge, spent
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_request"
    wrong_origin = key.create(web.post("/account/passkeys/options").json(), "https://evil.example")
    assert web.post("/account/passkeys", json=wrong_origin).status_code == 400
    assert web.post("/account/passkeys", json={"id": "x"}).status_code == 400


def test_a_passkey_registered_for_another_account_is_refused(idp, authority):
    taro_web = TestClient(build_idp_app(idp), base_url=ISSUER)
    hanako_web = TestClient(build_idp_app(idp), base_url=ISSUER)
    taro, hanako = make_holder(authority), make_holder(authority)
    card_session(taro_web, taro)
    card_session(hanako_web, hanako)
    key = SoftAuthenticator()
    taro_options = taro_web.post("/account/passkeys/options").json()
    # Hanako's session cannot complete an enrolment Taro's session began
    stolen = key.create(taro_options, ISSUER)
    assert hanako_web.post("/account/passkeys", json=stolen).status_code == 400
    assert taro_web.post("/account/passkeys/options").status_code == 200
    # nor enrol a credential ID that is already Taro's
    taro_fresh = key.create(taro_web.post("/account/passkeys/options").json(), ISSUER)
    assert taro_web.post("/account/passkeys", json=taro_fresh).status_code == 201
    taros = key.credentials[-1]
    copied = key.create(hanako_web.post("/account/passkeys/options").json(), ISSUER, reuse=taros)
    assert hanako_web.post("/account/passkeys", json=copied).status_code == 400
    # an assertion whose user handle is another account's
    client_id, _ = rp(idp, scope="openid")
    browser = TestClient(build_idp_app(idp), base_url=ISSUER)
    _, challenge = pkce()
    page = authorize(browser, client_id, challenge, acr_values=PASSKEY)
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    options = browser.post(f"/login/{login_id}/passkey/options").json()
    credential = key.credentials[-1]
    credential.user_handle = b"\x00" * 32
    forged = key.get(options, ISSUER, credential)
    assert browser.post(f"/login/{login_id}/passkey", json=forged).status_code == 400


def test_discovery_lists_the_passkey_level(web):
    document = web.get("/.well-known/openid-configuration").json()
    assert PASSKEY in document["acr_values_supported"]
