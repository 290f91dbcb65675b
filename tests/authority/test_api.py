"""The HTTP API: admin and verifier flows, fees, and clear errors for bad input."""

import base64

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from fastapi.testclient import TestClient

from jpki.authority.api.app import build_app
from jpki.authority.ocsp.asgi import VERIFIER_KEY_HEADER
from jpki.profile.consent import consent_message
from tests.authority.ocsp_requests import request_for
from tests.holders import card_key


@pytest.fixture
def client(authority):
    with TestClient(build_app(authority, background=False)) as test_client:
        test_client.headers["Authorization"] = f"Bearer {authority.settings.admin_token}"
        yield test_client


def pem(key):
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def issue(client, *, name="山田\u3000太郎"):
    resident = client.post(
        "/v1/residents",
        json={
            "name": name,
            "address": "東京都千代田区霞が関２丁目１番２号",
            "birth_date": "1980-05-17",
            "sex": "1",
        },
    )
    assert resident.status_code == 201, resident.text
    rid = resident.json()["id"]
    card = client.post(f"/v1/residents/{rid}/cards", json={}).json()
    sign_key = card_key()
    issued = client.post(
        f"/v1/cards/{card['id']}/issue",
        json={"auth_public_key": pem(card_key()), "sign_public_key": pem(sign_key)},
    )
    assert issued.status_code == 200, issued.text
    assert client.post(f"/v1/cards/{card['id']}/activate").json()["status"] == "active"
    certificates = {c["purpose"]: c for c in issued.json()["certificates"]}
    return rid, card["id"], certificates, sign_key


def test_root_answers_200_without_credentials(authority):
    with TestClient(build_app(authority, background=False)) as anonymous:
        assert anonymous.get("/").status_code == 200
        assert "BEGIN CERTIFICATE" in anonymous.get("/roots/sign-ca.pem").text


def test_admin_routes_need_the_admin_token(authority):
    with TestClient(build_app(authority, background=False)) as anonymous:
        assert anonymous.post("/v1/residents", json={}).status_code == 403
        wrong = anonymous.get("/v1/residents/R1", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403


def test_life_event_over_http_revokes_with_jpki_meaning(client):
    rid, _, certificates, _ = issue(client)
    outcome = client.post(f"/v1/residents/{rid}/events", json={"event": "die"})
    assert outcome.status_code == 200, outcome.text
    assert set(outcome.json()["revoked_serials"]) == {c["serial"] for c in certificates.values()}
    revoked = client.get(f"/v1/certificates/{certificates['sign']['serial']}").json()["revocation"]
    assert revoked["reason_name"] == "affiliationChanged"
    assert "死亡" in revoked["meaning_ja"]


def test_emigration_keeping_the_card_over_http(client):
    rid, _, certificates, _ = issue(client)
    path = f"/v1/residents/{rid}/events"
    unknown = client.post(path, json={"event": "emigrate", "keep_card": True, "domicile": "x"})
    assert unknown.status_code == 400, unknown.text
    outcome = client.post(path, json={"event": "emigrate", "domicile": "東京都清瀬市"})
    assert outcome.status_code == 200, outcome.text
    assert outcome.json()["revoked_serials"] == [certificates["sign"]["serial"]]
    assert outcome.json()["resident"]["status"] == "overseas"


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/v1/residents", {"name": "x", "address": "nowhere", "sex": "1"}, 400),
        ("post", "/v1/residents", {"name": "x", "address": "東京都港区", "sex": "7"}, 422),
        ("post", "/v1/residents", "not json", 422),
        ("get", "/v1/residents/NOBODY", None, 404),
        ("get", "/v1/certificates/12345", None, 404),
        ("get", "/v1/certificates/not-a-number", None, 422),
        ("get", f"/v1/certificates/{2**63}", None, 422),
        ("post", f"/v1/certificates/{2**64}/revoke", {"cause": "card-lost"}, 422),
        ("get", f"/v1/verifiers/{2**63}/statement", None, 422),
        ("post", "/v1/residents/NOBODY/events", {"event": "die"}, 404),
        ("post", "/v1/residents/NOBODY/events", {"event": "marry"}, 422),
        ("post", "/v1/certificates/1/revoke", {"cause": "boredom"}, 422),
        ("post", "/v1/residents/NOBODY/events", {"event": "emigrate", "domicile": 7}, 422),
    ],
)
def test_bad_requests_get_clear_4xx(client, method, path, body, status):
    kwargs = {"content": body} if isinstance(body, str) else {"json": body}
    response = getattr(client, method)(path, **({} if body is None else kwargs))
    assert response.status_code == status, response.text


def test_malformed_public_keys_are_refused_and_nothing_is_stored(client, authority):
    rid, _card_id, _, _ = issue(client)
    card = client.post(f"/v1/residents/{rid}/cards", json={}).json()
    response = client.post(
        f"/v1/cards/{card['id']}/issue",
        json={"auth_public_key": "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"},
    )
    assert response.status_code == 400
    assert "not a public key" in response.json()["error"]
    assert authority.cards_of(rid)[-1].status == "applied"
    assert len(authority.certificates_of(rid)) == 2


def test_oversized_bodies_are_refused(client, authority):
    big = "x" * (authority.settings.max_request_bytes + 1)
    assert client.post("/v1/residents", content=big).status_code == 413
    assert (
        client.post(
            "/ocsp", content=big, headers={"content-type": "application/ocsp-request"}
        ).status_code
        == 413
    )


def test_verifier_flow_linkage_consent_latest_info_and_fees(client, authority):
    rid, _, certificates, sign_key = issue(client)
    created = client.post("/v1/verifiers", json={"name": "Life insurer"}).json()
    verifier = {"X-JPKI-Verifier-Key": created["api_key"], "Authorization": ""}
    sign_serial, auth_serial = certificates["sign"]["serial"], certificates["auth"]["serial"]

    linkage = client.get(f"/v1/linkage/{auth_serial}", headers=verifier)
    assert linkage.json()["other_purpose_serial"] == sign_serial
    assert client.get(f"/v1/linkage/{auth_serial}").status_code == 403

    client.post(
        f"/v1/residents/{rid}/events",
        json={"event": "move", "address": "大阪府大阪市北区梅田１丁目１番"},
    )
    refused = client.get(f"/v1/four-info/{sign_serial}", headers=verifier)
    assert refused.status_code == 403
    bad = client.post(
        "/v1/consents",
        headers=verifier,
        json={"serial": sign_serial, "signature": base64.b64encode(b"x" * 256).decode()},
    )
    assert bad.status_code == 400
    for beyond in (2**63, 2**66):
        too_big = client.post(
            "/v1/consents", headers=verifier, json={"serial": str(beyond), "signature": "AAAA"}
        )
        assert too_big.status_code == 422, too_big.text
    for route in ("linkage", "four-info"):
        assert client.get(f"/v1/{route}/{2**63}", headers=verifier).status_code == 422
    signature = sign_key.sign(
        consent_message(created["id"], int(sign_serial)), padding.PKCS1v15(), hashes.SHA256()
    )
    good = client.post(
        "/v1/consents",
        headers=verifier,
        json={"serial": sign_serial, "signature": base64.b64encode(signature).decode()},
    )
    assert good.status_code == 201, good.text
    latest = client.get(f"/v1/four-info/{sign_serial}", headers=verifier)
    assert latest.json()["address"] == "大阪府大阪市北区梅田１丁目１番"

    sign_view = authority.certificate(int(sign_serial))
    auth_view = authority.certificate(int(auth_serial))
    for view in (sign_view, auth_view, auth_view):
        body = request_for(authority, view)
        response = client.post(
            "/ocsp", content=body, headers={VERIFIER_KEY_HEADER.decode(): created["api_key"]}
        )
        assert response.headers["content-type"] == "application/ocsp-response"

    statement = client.get("/v1/statement", headers=verifier).json()
    amounts = {(line["purpose"], line["kind"]): line for line in statement["lines"]}
    assert amounts[("sign", "ocsp")]["count"] == 1
    assert amounts[("sign", "ocsp")]["amount_yen"] == 20
    assert amounts[("auth", "ocsp")]["amount_yen"] == 4
    assert amounts[("auth", "linkage")]["amount_yen"] == 2
    assert amounts[("sign", "four-info")]["amount_yen"] == 20
    assert statement["total_yen"] == 46
    admin_view = client.get(f"/v1/verifiers/{created['id']}/statement").json()
    assert admin_view["total_yen"] == 46


def test_crl_download_needs_a_verifier_and_a_valid_name(client):
    created = client.post("/v1/verifiers", json={"name": "Bank"}).json()
    headers = {"X-JPKI-Verifier-Key": created["api_key"]}
    assert (
        client.get("/crl/sign.crl", headers=headers).headers["content-type"]
        == "application/pkix-crl"
    )
    assert client.get("/crl/..%2Fauthority%2Fsettings.json", headers=headers).status_code == 404
    assert client.get("/crl/sign-g9.crl", headers=headers).status_code == 404
    assert client.get("/crl/sign.crl", headers={"X-JPKI-Verifier-Key": "forged"}).status_code == 403


def test_ocsp_over_http_get_and_bad_methods(client, authority):
    _, _, certificates, _ = issue(client)
    created = client.post("/v1/verifiers", json={"name": "MVNO"}).json()
    body = request_for(authority, authority.certificate(int(certificates["auth"]["serial"])))
    encoded = base64.b64encode(body).decode().replace("/", "%2F").replace("+", "%2B")
    response = client.get(f"/ocsp/{encoded}", headers={"X-JPKI-Verifier-Key": created["api_key"]})
    assert response.status_code == 200
    assert "max-age" in response.headers["cache-control"]
    assert client.put("/ocsp", content=b"").status_code == 405


def test_terminals_are_certified_and_every_anchor_is_published(client):
    response = client.post(
        "/v1/terminals", json={"institution_code": "1310100001", "public_key": pem(card_key())}
    )
    assert response.status_code == 201, response.text
    from cryptography import x509

    terminal = x509.load_pem_x509_certificate(response.json()["certificate"].encode())
    anchor = x509.load_pem_x509_certificate(client.get("/roots/terminal-ca.pem").text.encode())
    terminal.verify_directly_issued_by(anchor)
    assert "BEGIN CERTIFICATE" in client.get("/roots/card-info-issuer.pem").text
    assert "BEGIN CERTIFICATE" in client.get("/roots/sign-ca-g1.pem").text
    assert client.get("/roots/..%2Fauthority%2Fsettings.pem").status_code == 404
    assert client.get("/roots/sign-ca-g9.pem").status_code == 404
    bad = client.post(
        "/v1/terminals", json={"institution_code": "x", "public_key": pem(card_key())}
    )
    assert bad.status_code == 422
