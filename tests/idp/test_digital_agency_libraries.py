"""Common OIDC client libraries against the Digital Agency profile, as an integrator would use
them: Authlib's RP (httpx) and idpyoidc's, each doing a complete login (discovery, PKCE,
`private_key_jwt`, the ID token checked with the realm's keys) and a signature (client
credentials, a sign transaction, its approval, the result)."""

from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest
from authlib.integrations.httpx_client import OAuth2Client
from authlib.oauth2.rfc7523 import PrivateKeyJWT
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from joserfc import jwt
from joserfc.jwk import ECKey, KeySet, RSAKey

from tests.holders import make_holder
from tests.idp.da_flow import browser_login, wallet_signs
from tests.idp.documented_rp import REALM
from tests.idp.flow import ISSUER, REDIRECT

DOCUMENT = b"Contract of sale / \xe5\xa3\xb2\xe8\xb2\xb7\xe5\xa5\x91\xe7\xb4\x84"


def register(idp, key, name):
    client, _ = idp.clients.register(
        {
            "client_name": name,
            "redirect_uris": [REDIRECT],
            "scope": "openid name address birthdate gender sign",
            "token_endpoint_auth_method": "private_key_jwt",
            "jwks": {"keys": [key.as_dict(private=False)]},
        },
        client_id=name,
    )
    return client.client_id


def authlib_client(web, client_id, key, config, **options):
    client = OAuth2Client(
        client_id,
        key,
        token_endpoint_auth_method="private_key_jwt",
        redirect_uri=REDIRECT,
        code_challenge_method="S256",
        transport=web._transport,
        base_url=ISSUER,
        **options,
    )
    client.register_client_auth_method(PrivateKeyJWT(config["token_endpoint"], alg="ES256"))
    return client


def test_authlib_rp_logs_in_and_signs(da, web, authority):
    key = ECKey.generate_key("P-256", parameters={"kid": "authlib", "alg": "ES256"})
    client_id = register(da, key, "RPAUTHLIB1")
    config = web.get(f"{REALM}/.well-known/openid-configuration").json()
    holder = make_holder(authority)

    # a login
    rp = authlib_client(web, client_id, key, config, scope="openid name")
    verifier, nonce = secrets.token_urlsafe(48), secrets.token_urlsafe(16)
    url, state = rp.create_authorization_url(
        config["authorization_endpoint"], code_verifier=verifier, nonce=nonce, acr_values="aal3"
    )
    _, back = browser_login(web, url, holder)
    token = rp.fetch_token(
        config["token_endpoint"],
        authorization_response=back.headers["location"],
        code_verifier=verifier,
        state=state,
    )
    keys = KeySet.import_key_set(web.get(config["jwks_uri"]).json())
    claims = jwt.decode(token["id_token"], keys, algorithms=["ES256"]).claims
    assert claims["iss"] == config["issuer"]
    assert claims["nonce"] == nonce
    assert claims["name"] == holder.resident.four_info.name
    assert rp.get(config["userinfo_endpoint"]).json()["sub"] == claims["sub"]

    # a signature
    machine = authlib_client(web, client_id, key, config, scope="sign")
    machine.fetch_token(config["token_endpoint"], grant_type="client_credentials")
    created = machine.post(
        "/api/sign-transactions",
        json={"digest": base64.b64encode(hashlib.sha256(DOCUMENT).digest()).decode()},
    )
    assert created.status_code == 201, created.text
    transaction = created.json()["id"]
    signer = authlib_client(web, client_id, key, config, scope="openid sign")
    verifier = secrets.token_urlsafe(48)
    url, state = signer.create_authorization_url(
        config["authorization_endpoint"],
        code_verifier=verifier,
        nonce=secrets.token_urlsafe(16),
        sign_transaction_id=transaction,
    )
    login_id, _ = browser_login(web, url, holder)
    assert wallet_signs(web, transaction, holder).status_code == 200
    back = web.get(f"/login/{login_id}/signed", follow_redirects=False)
    signer.fetch_token(
        config["token_endpoint"],
        authorization_response=back.headers["location"],
        code_verifier=verifier,
        state=state,
    )
    result = signer.get(f"/api/sign-transactions/{transaction}/result").json()
    certificate = x509.load_der_x509_certificate(base64.b64decode(result["certificate"]))
    certificate.public_key().verify(
        base64.b64decode(result["signature"]), DOCUMENT, padding.PKCS1v15(), hashes.SHA256()
    )


def test_idpyoidc_rp_logs_in_and_signs(da, web, authority, clock, monkeypatch):
    """idpyoidc (the OpenID Foundation's Python RP), its HTTP sent through the test client."""
    rp_module = pytest.importorskip("idpyoidc.client.rp_handler")
    from cryptojwt.key_jar import init_key_jar
    from idpyoidc.client.defaults import DEFAULT_OIDC_SERVICES

    key_jar = init_key_jar(key_defs=[{"type": "RSA", "use": ["sig"]}])  # its default: RS256
    public = key_jar.export_jwks(issuer_id="")
    client_id = register(da, RSAKey.import_key(public["keys"][0]), "RPIDPYOIDC")
    holder = make_holder(authority)

    def httpc(method, url, data=None, headers=None, **_options):
        return web.request(method, url, content=data, headers=headers, follow_redirects=False)

    for module in ("cryptojwt.key_issuer", "cryptojwt.key_jar"):
        monkeypatch.setattr(f"{module}.request", httpc)  # the realm's `certs` too
    monkeypatch.setattr("cryptojwt.key_bundle.requests.request", httpc)
    world_now = lambda: int(clock.now().timestamp())  # noqa: E731 - the RP on the world's clock
    monkeypatch.setattr("idpyoidc.time_util.utc_time_sans_frac", world_now)
    monkeypatch.setattr("idpyoidc.message.oidc.utc_time_sans_frac", world_now)
    handler = rp_module.RPHandler(
        base_url="http://127.0.0.1:9999",
        client_configs={
            "da": {
                "issuer": f"{ISSUER}{REALM}",
                "client_id": client_id,
                "redirect_uris": [REDIRECT],
                "client_type": "oidc",
                "client_authn_methods": ["private_key_jwt"],
                "services": {
                    **DEFAULT_OIDC_SERVICES,
                    "client_credentials": {
                        "class": "idpyoidc.client.oauth2.client_credentials.CCAccessTokenRequest",
                        "kwargs": {"conf": {"default_authn_method": "private_key_jwt"}},
                    },
                },
                "preference": {
                    "response_types": ["code"],
                    "scope": ["openid", "name"],
                    "token_endpoint_auth_method": "private_key_jwt",
                },
                "add_ons": {
                    "pkce": {
                        "function": "idpyoidc.client.oauth2.add_on.pkce.add_support",
                        "kwargs": {"code_challenge_length": 64, "code_challenge_method": "S256"},
                    }
                },
            }
        },
        keyjar=key_jar,
        httpc=httpc,
    )
    url = handler.begin("da", req_args={"scope": "openid name"})
    assert url.startswith(f"{ISSUER}{REALM}/protocol/openid-connect/auth")
    _, back = browser_login(web, url, holder)
    response = {k: v[0] for k, v in parse_qs(urlsplit(back.headers["location"]).query).items()}
    state = response["state"]
    issuer = handler.state2issuer(state)
    result = handler.finalize(issuer, response)
    assert result["userinfo"]["name"] == holder.resident.four_info.name
    assert result["id_token"]["iss"] == f"{ISSUER}{REALM}"

    # a signature: idpyoidc's client-credentials service, the signing API, its code flow
    client = handler.issuer2rp[issuer]
    machine = client.do_request(
        "client_credentials", request_args={"scope": "sign"}, authn_method="private_key_jwt"
    )
    created = web.post(
        "/api/sign-transactions",
        json={"digest": base64.b64encode(hashlib.sha256(DOCUMENT).digest()).decode()},
        headers={"Authorization": f"Bearer {machine['access_token']}"},
    )
    assert created.status_code == 201, created.text
    transaction = created.json()["id"]
    url = handler.begin("da", req_args={"scope": "openid sign", "sign_transaction_id": transaction})
    login_id, _ = browser_login(web, url, holder)
    assert wallet_signs(web, transaction, holder).status_code == 200
    back = web.get(f"/login/{login_id}/signed", follow_redirects=False)
    response = {k: v[0] for k, v in parse_qs(urlsplit(back.headers["location"]).query).items()}
    signed = handler.finalize(handler.state2issuer(response["state"]), response)
    fetched = web.get(
        f"/api/sign-transactions/{transaction}/result",
        headers={"Authorization": f"Bearer {signed['token']}"},
    ).json()
    certificate = x509.load_der_x509_certificate(base64.b64decode(fetched["certificate"]))
    certificate.public_key().verify(
        base64.b64decode(fetched["signature"]), DOCUMENT, padding.PKCS1v15(), hashes.SHA256()
    )
