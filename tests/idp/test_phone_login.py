"""Logging in with a phone (スマホ用電子証明書) through the IdP: the RP's pairwise `sub` is the
card's, and `amr` names the medium whose key answered."""

from __future__ import annotations

import dataclasses

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from tests.holders import make_holder, make_phone
from tests.idp.flow import ISSUER, authorize, claims_of, code_for, pkce, rp, token


@dataclasses.dataclass
class _Der:
    der: bytes

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)


@dataclasses.dataclass
class PhoneAsHolder:
    """The phone's keys and certificates in the shape the wallet helpers take."""

    auth_key: rsa.RSAPrivateKey
    auth: _Der
    sign_key: rsa.RSAPrivateKey
    sign: _Der


def login_claims(idp, web, client_id, secret, holder):  # type: ignore[no-untyped-def]
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge, prompt="login")
    reply = token(web, client_id, secret, code, verifier)
    assert reply.status_code == 200, reply.text
    return claims_of(idp, reply.json()["id_token"]).claims


def test_card_and_phone_give_one_sub_and_amr_names_the_medium(idp, authority) -> None:  # type: ignore[no-untyped-def]
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    holder = make_holder(authority)
    issued = make_phone(authority, holder)
    phone = PhoneAsHolder(
        issued.auth_key, _Der(issued.auth_der), issued.sign_key, _Der(issued.sign_der)
    )
    client_id, secret = rp(idp)
    by_phone = login_claims(idp, web, client_id, secret, phone)
    assert by_phone["amr"] == ["hwk", "pin", "phone"]
    web.cookies.clear()
    by_card = login_claims(idp, web, client_id, secret, holder)
    assert by_card["amr"] == ["hwk", "pin", "card"]
    assert by_card["sub"] == by_phone["sub"]


def test_single_sign_on_after_a_phone_login_keeps_the_medium_in_amr(idp, authority) -> None:  # type: ignore[no-untyped-def]
    web = TestClient(build_idp_app(idp), base_url=ISSUER)
    holder = make_holder(authority)
    issued = make_phone(authority, holder)
    phone = PhoneAsHolder(
        issued.auth_key, _Der(issued.auth_der), issued.sign_key, _Der(issued.sign_der)
    )
    first, first_secret = rp(idp, name="First RP")
    second, second_secret = rp(idp, name="Second RP")
    assert login_claims(idp, web, first, first_secret, phone)["amr"][-1] == "phone"
    verifier, challenge = pkce()
    page = authorize(web, second, challenge)
    assert page.status_code == 303  # the IdP session answered: no card, no phone asked
    code = code_for(web, second, phone, challenge)
    reply = token(web, second, second_secret, code, verifier)
    claims = claims_of(idp, reply.json()["id_token"]).claims
    assert claims["amr"] == ["hwk", "pin", "phone"]
