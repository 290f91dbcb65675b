"""OpenID Connect for Identity Assurance 1.0 at our IdP: `verified_claims` asked through the
`claims` parameter, advertised in discovery, with the signing certificate's verification as
evidence, named by a pairwise reference (never its serial number); bad requests refused."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from jpki.idp.app import build_idp_app
from jpki.idp.assurance import ClaimsRefused, parse_claims_request
from tests.holders import make_holder
from tests.idp.flow import ISSUER, authorize, claims_of, code_for, pkce, rp, token

ASKED = {
    "id_token": {
        "verified_claims": {
            "verification": {"trust_framework": None},
            "claims": {"name": None, "birthdate": None},
        }
    }
}


@pytest.fixture
def ours(idp):
    return TestClient(build_idp_app(idp), base_url=ISSUER)


def login(idp, web, holder, client_id, secret, claims=ASKED, scope="openid"):
    verifier, challenge = pkce()
    code = code_for(web, client_id, holder, challenge, scope=scope, claims=json.dumps(claims))
    tokens = token(web, client_id, secret, code, verifier).json()
    return claims_of(idp, tokens["id_token"]).claims, tokens


def test_discovery_advertises_identity_assurance(ours):
    document = ours.get("/.well-known/openid-configuration").json()
    assert document["claims_parameter_supported"] is True
    assert document["verified_claims_supported"] is True
    assert document["trust_frameworks_supported"] == ["jp_jpki"]
    assert document["evidence_supported"] == ["electronic_signature"]
    assert set(document["claims_in_verified_claims_supported"]) == {
        "name", "address", "birthdate", "gender",
    }  # fmt: skip


def test_verified_claims_carry_the_signing_certificates_verification(idp, ours, authority):
    client_id, secret = rp(idp, scope="openid")
    holder = make_holder(authority)
    id_token, tokens = login(idp, ours, holder, client_id, secret)
    verified = id_token["verified_claims"]
    assert verified["claims"] == {
        "name": holder.resident.four_info.name,
        "birthdate": holder.resident.four_info.birth_date.isoformat(),
    }
    assert "name" not in id_token  # only what was asked, and only verified
    verification = verified["verification"]
    assert verification["trust_framework"] == "jp_jpki"
    assert verification["time"]
    evidence = verification["evidence"][0]
    assert evidence["type"] == "electronic_signature"
    methods = [check["check_method"] for check in evidence["check_details"]]
    assert methods == ["vcrypt", "data"]
    assert evidence["check_details"][0]["txn"] == verification["verification_process"]
    assert evidence["check_details"][1]["detail"].startswith(("crl", "delta-crl", "ocsp"))
    serial = holder.sign.certificate.serial_number
    document = json.dumps(id_token)
    assert str(serial) not in document
    assert f"{serial:x}" not in document.lower()
    userinfo = ours.get("/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"})
    assert userinfo.json()["verified_claims"] == verified


def test_the_certificate_reference_is_pairwise(idp, ours, authority):
    """Stable for one RP (a sector of its own on loopback), another for the next RP."""
    holder = make_holder(authority)
    first, first_secret = rp(idp, "First", scope="openid")
    second, second_secret = rp(idp, "Second", scope="openid")

    def reference(client_id, secret):
        id_token = login(idp, ours, holder, client_id, secret)[0]
        return id_token["verified_claims"]["verification"]["evidence"][0]["serial_number"]

    once = reference(first, first_secret)
    assert reference(first, first_secret) == once
    assert reference(second, second_secret) != once


@pytest.mark.parametrize(
    "claims",
    [
        "not json",
        '["a list"]',
        json.dumps({"id_token": {"verified_claims": {"claims": {"email": None}}}}),
        json.dumps({"id_token": {"verified_claims": {"claims": {}}}}),
        json.dumps({"access_token": {}}),
        json.dumps(
            {
                "userinfo": {
                    "verified_claims": {
                        "verification": {"trust_framework": {"value": "de_aml"}},
                        "claims": {"name": None},
                    }
                }
            }
        ),
    ],
    ids=["not-json", "not-object", "unknown-claim", "no-claims", "unknown-member", "framework"],
)
def test_a_bad_claims_request_is_invalid_request(idp, ours, claims):
    client_id, _ = rp(idp, scope="openid")
    _, challenge = pkce()
    answer = authorize(ours, client_id, challenge, claims=claims)
    assert answer.status_code == 302
    back = parse_qs(urlsplit(answer.headers["location"]).query)
    assert back["error"] == ["invalid_request"]
    assert back["state"] == ["s1"]


def test_pairwise_reference_differs_between_sectors():
    from jpki.idp.assurance import certificate_reference

    one = certificate_reference("k", "bank.example", "gen", "123")
    assert one == certificate_reference("k", "bank.example", "gen", "123")
    assert one != certificate_reference("k", "shop.example", "gen", "123")
    assert "123" not in one


@settings(deadline=None)
@given(
    st.text(max_size=300)
    | st.recursive(
        st.none() | st.text(max_size=8),
        lambda c: st.dictionaries(st.text(max_size=12), c, max_size=3),
    ).map(json.dumps)
)
def test_parse_claims_request_refuses_clearly(raw):
    try:
        asked = parse_claims_request(raw)
    except ClaimsRefused:
        return
    assert set(asked.verified) <= {"name", "address", "birthdate", "gender"}
