"""The Digital Agency profile driven by an RP written from the government's documentation
(`documented_rp`): discovery, a complete login, refresh, the required parameters, client
authentication by `private_key_jwt` only, and the signing API with both digest forms; and the
abuse the issue lists, each refused with its OAuth error."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from hypothesis import given, settings
from hypothesis import strategies as st

from jpki.idp.digital_agency import BadTransaction, transaction_digest
from tests.holders import make_holder
from tests.idp.da_flow import browser_login, registered, wallet_signs
from tests.idp.documented_rp import CONNECT, REALM, DocumentedRp
from tests.idp.flow import ISSUER, REDIRECT

DOCUMENT = "利用規約に同意します。".encode()


def test_discovery_has_the_government_layout(web):
    document = web.get(f"{REALM}/.well-known/openid-configuration").json()
    assert document["issuer"] == f"{ISSUER}{REALM}"
    assert document["authorization_endpoint"] == f"{ISSUER}{CONNECT}/auth"
    assert document["token_endpoint"] == f"{ISSUER}{CONNECT}/token"
    assert document["userinfo_endpoint"] == f"{ISSUER}{CONNECT}/userinfo"
    assert document["jwks_uri"] == f"{ISSUER}{CONNECT}/certs"
    assert document["token_endpoint_auth_methods_supported"] == ["private_key_jwt"]
    assert document["code_challenge_methods_supported"] == ["S256"]
    assert set(document["scopes_supported"]) == {
        "openid", "name", "address", "birthdate", "gender", "sign",
    }  # fmt: skip
    assert document["acr_values_supported"] == ["aal3", "crl"]
    assert "client_credentials" in document["grant_types_supported"]
    assert "registration_endpoint" not in document
    assert web.get("/.well-known/openid-configuration").status_code == 404
    assert web.post("/register", json={}).status_code in (404, 405)


def test_a_complete_login_with_four_information_and_refresh(da, web, authority):
    rp = registered(da, web)
    holder = make_holder(authority)
    url, pending = rp.authorization_url()
    _, back = browser_login(web, url, holder)
    assert back.status_code == 302
    assert back.headers["location"].startswith(REDIRECT)
    result = rp.callback(back.headers["location"], pending)
    assert result["session_state"]
    id_token = result["id_token"]
    assert id_token["acr"] == "aal3"
    assert id_token["name"] == holder.resident.four_info.name
    tokens = result["tokens"]
    assert tokens["expires_in"] == 300
    info = rp.userinfo(tokens["access_token"]).json()
    assert info["sub"] == id_token["sub"]
    assert info["address"]["formatted"] == holder.resident.four_info.address
    assert info["gender"] in {"male", "female", "not applicable"}
    refreshed = rp.refresh(tokens["refresh_token"])
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["refresh_token"] != tokens["refresh_token"]
    assert rp.refresh(tokens["refresh_token"]).json()["error"] == "invalid_grant"


@pytest.mark.parametrize("missing", ["state", "nonce", "code_challenge"])
def test_required_parameters(da, web, missing):
    rp = registered(da, web)
    url, _ = rp.authorization_url()
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if k != missing}
    answer = web.get(parts.path, params=query, follow_redirects=False)
    assert answer.status_code == 302
    back = parse_qs(urlsplit(answer.headers["location"]).query)
    assert back["error"] == ["invalid_request"]
    if missing != "state":
        assert back["state"] == [query["state"]]


def test_only_private_key_jwt_authenticates(da, web):
    client, secret = da.clients.register(
        {"client_name": "secret", "redirect_uris": [REDIRECT], "scope": "openid sign"}
    )
    answer = web.post(
        f"{CONNECT}/token",
        data={"grant_type": "client_credentials", "scope": "sign"},
        auth=(client.client_id, secret),
    )
    assert answer.status_code in (400, 401), answer.text
    assert answer.json()["error"] == "invalid_client"


@pytest.mark.parametrize(
    "override",
    [
        {"aud": "https://elsewhere.example/token"},
        {"exp": 1_000_000_000},
        {"iss": "RP-other", "sub": "RP-other"},
    ],
    ids=["wrong-audience", "expired", "other-client"],
)
def test_a_bad_client_assertion_is_invalid_client(da, web, override):
    rp = registered(da, web)
    answer = web.post(
        f"{CONNECT}/token",
        data={"grant_type": "client_credentials", "scope": "sign", **rp.authentication(**override)},
    )
    assert answer.status_code in (400, 401)
    assert answer.json()["error"] == "invalid_client"


def test_a_client_assertion_is_accepted_once_and_only_with_its_key(da, web):
    rp = registered(da, web)
    once = rp.authentication()
    data = {"grant_type": "client_credentials", "scope": "sign", **once}
    assert web.post(f"{CONNECT}/token", data=data).status_code == 200
    assert web.post(f"{CONNECT}/token", data=data).json()["error"] == "invalid_client"
    stranger = DocumentedRp(web, ISSUER, rp.client_id, REDIRECT)  # another key, same client ID
    forged = {"grant_type": "client_credentials", "scope": "sign", **stranger.authentication()}
    assert web.post(f"{CONNECT}/token", data=forged).json()["error"] == "invalid_client"


def test_a_client_token_carries_only_sign(da, web):
    rp = registered(da, web)
    answer = web.post(
        f"{CONNECT}/token",
        data={"grant_type": "client_credentials", "scope": "openid sign", **rp.authentication()},
    )
    token = answer.json()
    assert token["scope"] == "sign"
    assert "refresh_token" not in token
    assert rp.userinfo(token["access_token"]).status_code in (401, 403)


@pytest.mark.parametrize("digest_info", [False, True], ids=["digest", "digest-info"])
def test_a_signature_through_a_sign_transaction(da, web, authority, digest_info):
    rp = registered(da, web)
    holder = make_holder(authority)
    created = rp.start_sign(DOCUMENT, digest_info=digest_info)
    assert created.status_code == 201, created.text
    transaction = created.json()["id"]
    url, pending = rp.authorization_url("openid sign", sign_transaction_id=transaction)
    login_id, shown = browser_login(web, url, holder)
    assert shown.status_code == 303
    assert shown.headers["location"] == f"/sign/{transaction}"
    page = web.get(f"/sign/{transaction}")
    assert "署名トランザクション" in page.text
    assert wallet_signs(web, transaction, holder).status_code == 200
    back = web.get(f"/login/{login_id}/signed", follow_redirects=False)
    assert back.status_code == 302, back.text
    result = rp.callback(back.headers["location"], pending)
    fetched = rp.sign_result(transaction, result["tokens"]["access_token"])
    assert fetched.status_code == 200, fetched.text
    body = fetched.json()
    certificate = x509.load_der_x509_certificate(base64.b64decode(body["certificate"]))
    assert certificate.serial_number == holder.sign.certificate.serial_number
    certificate.public_key().verify(
        base64.b64decode(body["signature"]), DOCUMENT, padding.PKCS1v15(), hashes.SHA256()
    )


def test_sign_transactions_are_the_rps_and_the_holders_own(da, web, authority):
    rp, other_rp = registered(da, web), registered(da, web, "RP00000002")
    taro, hanako = make_holder(authority), make_holder(authority)
    transaction = rp.start_sign(DOCUMENT).json()["id"]
    # another RP cannot approve it
    url, _ = other_rp.authorization_url("openid sign", sign_transaction_id=transaction)
    refused = web.get(url, follow_redirects=False)
    assert parse_qs(urlsplit(refused.headers["location"]).query)["error"] == ["invalid_request"]
    # asking `sign` without a transaction is refused too
    url, _ = rp.authorization_url("openid sign")
    refused = web.get(url, follow_redirects=False)
    assert parse_qs(urlsplit(refused.headers["location"]).query)["error"] == ["invalid_request"]
    url, pending = rp.authorization_url("openid sign", sign_transaction_id=transaction)
    login_id, _ = browser_login(web, url, taro)
    # the wallet of another holder cannot sign Taro's transaction
    assert wallet_signs(web, transaction, hanako).status_code >= 400
    assert wallet_signs(web, transaction, taro).status_code == 200
    back = web.get(f"/login/{login_id}/signed", follow_redirects=False)
    taro_token = rp.callback(back.headers["location"], pending)["tokens"]["access_token"]
    # the transaction cannot be approved twice
    url, _ = rp.authorization_url("openid sign", sign_transaction_id=transaction)
    again = web.get(url, follow_redirects=False)
    assert parse_qs(urlsplit(again.headers["location"]).query)["error"] == ["invalid_request"]
    # Hanako's token, the other RP's, and a client token all find nothing
    second = rp.start_sign(b"other").json()["id"]
    url, pending = rp.authorization_url("openid sign", sign_transaction_id=second)
    login_id, _ = browser_login(web, url, hanako)
    wallet_signs(web, second, hanako)
    back = web.get(f"/login/{login_id}/signed", follow_redirects=False)
    hanako_token = rp.callback(back.headers["location"], pending)["tokens"]["access_token"]
    assert rp.sign_result(transaction, hanako_token).status_code == 404
    assert rp.sign_result(transaction, rp.client_token()).status_code == 404
    assert other_rp.sign_result(transaction, other_rp.client_token()).status_code == 404
    assert rp.sign_result(transaction, taro_token).status_code == 200
    assert rp.sign_result(second, taro_token).status_code == 404


def test_a_holder_token_cannot_create_sign_transactions(da, web, authority):
    rp = registered(da, web)
    url, pending = rp.authorization_url()
    _, back = browser_login(web, url, make_holder(authority))
    access = rp.callback(back.headers["location"], pending)["tokens"]["access_token"]
    answer = web.post(
        "/api/sign-transactions",
        json={"digest": base64.b64encode(hashlib.sha256(b"x").digest()).decode()},
        headers={"Authorization": f"Bearer {access}"},
    )
    assert answer.status_code == 403
    assert answer.json()["error"] == "insufficient_scope"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"digest": "AAAA", "digest_info": "AAAA"},
        {"digest": "not base64!"},
        {"digest": base64.b64encode(b"short").decode()},
        {"digest": 12},
        {"digest_info": base64.b64encode(b"\x30\x03\x02\x01\x00").decode()},
        {  # a SHA-1 DigestInfo
            "digest_info": base64.b64encode(
                bytes.fromhex("3021300906052b0e03021a05000414") + b"\0" * 20
            ).decode()
        },
    ],
)
def test_a_bad_sign_transaction_is_invalid_request(da, web, body):
    rp = registered(da, web)
    answer = web.post(
        "/api/sign-transactions",
        json=body,
        headers={"Authorization": f"Bearer {rp.client_token()}"},
    )
    assert answer.status_code == 400
    assert answer.json()["error"] == "invalid_request"


@settings(deadline=None)
@given(st.dictionaries(st.sampled_from(["digest", "digest_info", "x"]), st.text() | st.binary()))
def test_transaction_digest_refuses_clearly(body):
    body = {k: base64.b64encode(v).decode() if isinstance(v, bytes) else v for k, v in body.items()}
    try:
        digest = transaction_digest(body)
    except BadTransaction:
        return
    assert len(digest) == 32


def test_the_login_page_names_the_transaction_digest(da, web, authority):
    rp = registered(da, web)
    transaction = rp.start_sign(DOCUMENT).json()["id"]
    url, _ = rp.authorization_url("openid sign", sign_transaction_id=transaction)
    _, shown = browser_login(web, url, make_holder(authority))
    page = web.get(shown.headers["location"])
    assert hashlib.sha256(DOCUMENT).hexdigest() in page.text
    assert re.search(r"signatures%2F[\w-]+", page.text)


def test_approving_a_transaction_asks_the_pin_only(da, web):
    """`sign` is worded as the certificate it hands over with the signature, but the login
    that approves the transaction releases nothing: no signing password at the login."""
    rp = registered(da, web)
    transaction = rp.start_sign(DOCUMENT).json()["id"]
    url, _ = rp.authorization_url("openid sign", sign_transaction_id=transaction)
    page = web.get(url, follow_redirects=False)
    login_id = re.search(r"logins%2F([\w-]+)", page.text).group(1)
    asked = web.get(f"/wallet/v1/logins/{login_id}").json()
    assert asked["signing_consent"] is None
    assert "sign_certificate" in [item["scope"] for item in asked["items"]]
