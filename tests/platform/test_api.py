"""The platform's REST API: tenants and keys, login for 代行 and 委託 SPs, CMS verification,
evidence that verifies offline, and bad input that never becomes a 500."""

from __future__ import annotations

import base64
import concurrent.futures

import pytest
from asn1crypto import cms
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, utils
from fastapi.testclient import TestClient

from jpki.platform.api import build_platform_app
from jpki.platform.evidence import verify_export
from jpki.platform.service import Platform
from jpki.platform.tenants import Model
from jpki.profile.challenge import authentication_digest
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.challenge import AuthenticationResponse
from tests.holders import TARO, make_holder
from tests.platform.helpers import (
    BANK,
    INSURER,
    ORIGIN,
    answer_login,
    make_platform,
    signed_application,
)
from tests.verifier import mutants


@pytest.fixture(params=["sqlite", "postgresql"])
def platform(request, authority, clock, tmp_path):
    """The platform on the embedded default and on PostgreSQL (started by the tests)."""
    url = (
        request.getfixturevalue("postgres").new_database()
        if request.param == "postgresql"
        else None
    )
    platform = make_platform(authority, clock, tmp_path / "world", url)
    yield platform
    platform.close()


@pytest.fixture
def api(platform):
    return TestClient(build_platform_app(platform, background=False))


@pytest.fixture
def keys(api, platform):
    admin = {"Authorization": f"Bearer {platform.settings.admin_token}"}
    out = {}
    for tenant_id, model in ((BANK, "daiko"), (INSURER, "itaku")):
        created = api.post(
            "/v1/tenants",
            json={"id": tenant_id, "name": tenant_id, "model": model, "origins": [ORIGIN]},
            headers=admin,
        )
        assert created.status_code == 201, created.text
        out[tenant_id] = created.json()["api_key"]
    return out


def login(api, key, holder, tenant_id, *, origin=ORIGIN):
    return answer_login(
        api, {"X-API-Key": key}, tenant_id, holder.auth_key, holder.auth.der, origin=origin
    )


def test_operator_token_guards_tenants(api):
    body = {"id": "sp-x", "name": "x", "model": "daiko", "origins": [ORIGIN]}
    denied = api.post("/v1/tenants", json=body, headers={"Authorization": "Bearer wrong"})
    assert denied.status_code == 403, denied.text
    assert api.get("/v1/tenants").status_code == 403


def test_daiko_login_hides_the_certificate_itaku_sees_it(api, keys, authority):
    holder = make_holder(authority)
    body, answer = login(api, keys[BANK], holder, BANK)
    assert answer.status_code == 200, answer.text
    result = answer.json()["result"]
    assert result["accepted"] is True
    assert result["assurance"] == "pin"
    assert result["verdict"]["status"] == "valid"
    assert "serial" not in result["verdict"]
    assert answer.json()["receipt"].endswith("0000000001")
    replay = api.post("/v1/authentications", json=body, headers={"X-API-Key": keys[BANK]}).json()
    assert replay["result"] == {
        "accepted": False,
        "error": "replayed",
        "message": "this challenge was already answered / 使用済み",
    }
    _, itaku = login(api, keys[INSURER], holder, INSURER)
    assert itaku.json()["result"]["verdict"]["serial"] == str(holder.auth.serial)


def test_phishing_origin_and_foreign_provider_are_refused(api, keys, authority):
    holder = make_holder(authority)
    _, phished = login(api, keys[BANK], holder, BANK, origin="https://bank-login.example")
    assert phished.json()["result"]["error"] == "cross-origin"
    unregistered = api.post(
        "/v1/challenges", json={"origin": "https://evil.example"}, headers={"X-API-Key": keys[BANK]}
    )
    assert unregistered.status_code == 400
    _, crossed = login(api, keys[BANK], holder, INSURER)  # signed for another SP
    assert crossed.json()["result"]["error"] == "bad-signature"


def test_cms_from_another_implementation(api, keys, authority):
    holder = make_holder(authority)
    body = signed_application(holder, "保険契約の申込み")
    document = "保険契約の申込み".encode()
    answer = api.post("/v1/signatures/cms", json=body, headers={"X-API-Key": keys[INSURER]})
    assert answer.status_code == 200, answer.text
    result = answer.json()["result"]
    assert result["valid"] is True
    assert result["certificate"]["four_info"]["name"] == TARO.name
    altered = {**body, "content": base64.b64encode(document + b"!").decode()}
    assert (
        api.post("/v1/signatures/cms", json=altered, headers={"X-API-Key": keys[INSURER]}).json()[
            "result"
        ]["intact"]
        is False
    )


def test_evidence_is_per_tenant_and_verifies_offline(api, keys, authority, platform):
    holder = make_holder(authority)
    login(api, keys[BANK], holder, BANK)
    login(api, keys[INSURER], holder, INSURER)
    login(api, keys[BANK], holder, BANK)
    admin = {"Authorization": f"Bearer {platform.settings.admin_token}"}
    assert api.post("/v1/evidence/seal", headers=admin).json() == {"sealed": True, "sequence": 3}
    own = api.get("/v1/evidence", headers={"X-API-Key": keys[BANK]}).json()
    assert [r["sequence"] for r in own] == [1, 3]
    assert all(r["tenant"] == BANK for r in own)
    export = api.get("/v1/evidence/export", headers=admin).text.splitlines()
    report = verify_export(export, [platform.tsa.keys.root])
    assert report.valid, report.problems
    assert report.sealed_through == 3


def test_key_rotation(api, keys, platform):
    admin = {"Authorization": f"Bearer {platform.settings.admin_token}"}
    new = api.post(f"/v1/tenants/{BANK}/keys", json={"revoke_others": True}, headers=admin).json()[
        "api_key"
    ]
    old = api.post("/v1/challenges", json={"origin": ORIGIN}, headers={"X-API-Key": keys[BANK]})
    assert old.status_code == 403
    assert (
        api.post("/v1/challenges", json={"origin": ORIGIN}, headers={"X-API-Key": new}).status_code
        == 201
    )


@pytest.mark.parametrize(
    "body",
    [
        {"nonce": "!!", "origin": ORIGIN, "certificate": "AA==", "signature": "AA=="},
        {"nonce": "AAAA", "origin": ORIGIN, "certificate": "not base64", "signature": "AA=="},
        {"nonce": "AAAA", "origin": ORIGIN, "certificate": "AA==", "signature": "AA==", "extra": 1},
        {"nonce": "AAAA"},
        [],
    ],
)
def test_malformed_requests_are_4xx(api, keys, body):
    answer = api.post("/v1/authentications", json=body, headers={"X-API-Key": keys[BANK]})
    assert 400 <= answer.status_code < 500 or answer.json()["result"]["accepted"] is False


@pytest.mark.parametrize("edit", [mutants.duplicate_extension, mutants.version_4])
def test_parser_failures_are_answered_not_500(api, keys, authority, edit):
    """A certificate cryptography refuses to parse, in a CMS and in a login (issue 19)."""
    holder = make_holder(authority)
    sign_root = authority.authorities.current(CertificatePurpose.SIGN).key
    body = signed_application(holder, "保険契約の申込み")
    info = cms.ContentInfo.load(base64.b64decode(body["signature"]))
    good = info["content"]["certificates"][0].chosen.dump()
    info["content"]["certificates"] = [
        asn1_x509.Certificate.load(mutants.resigned_certificate(good, sign_root, edit))
    ]
    mutated = {**body, "signature": base64.b64encode(info.dump(force=True)).decode()}
    answer = api.post("/v1/signatures/cms", json=mutated, headers={"X-API-Key": keys[INSURER]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"]["certificate"]["status"] == "malformed"
    assert answer.json()["result"]["valid"] is False
    auth_root = authority.authorities.current(CertificatePurpose.AUTH).key
    certificate = mutants.resigned_certificate(holder.auth.der, auth_root, edit)
    _, login_answer = answer_login(
        api, {"X-API-Key": keys[BANK]}, BANK, holder.auth_key, certificate
    )
    assert login_answer.status_code == 200, login_answer.text
    result = login_answer.json()["result"]
    assert result["accepted"] is False
    assert result["error"] == "certificate-rejected"
    assert result["verdict"]["status"] == "malformed"


def test_oversized_body_is_refused(api, keys):
    answer = api.post(
        "/v1/signatures/cms",
        content=b"{" + b" " * 2_000_000 + b"}",
        headers={"X-API-Key": keys[BANK], "content-type": "application/json"},
    )
    assert answer.status_code == 413


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_nonce_is_spent_once_across_two_workers(backend, authority, clock, tmp_path, request):
    """Two platform workers share one database; the same response sent to both at once."""
    url = None
    if backend == "postgresql":
        url = request.getfixturevalue("postgres").new_database()
    first = make_platform(authority, clock, tmp_path / "w", url)
    second = Platform(first.settings, clock, verifier=first.verifier)
    try:
        tenant, _ = first.tenants.register(BANK, "bank", Model.DAIKO, [ORIGIN])
        holder = make_holder(authority)
        for _ in range(5):
            challenge = first.issue_challenge(tenant, ORIGIN)
            digest = authentication_digest(BANK, ORIGIN, challenge.nonce)
            signature = holder.auth_key.sign(
                digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
            )
            response = AuthenticationResponse(
                challenge.nonce, BANK, ORIGIN, holder.auth.der, signature
            )
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                outcomes = list(
                    pool.map(lambda p, r=response: p.authenticate(tenant, r), (first, second))
                )
            accepted = [o.result.accepted for o in outcomes]
            assert sorted(accepted) == [False, True]
            assert {getattr(o.result, "error", None) for o in outcomes} == {None, "replayed"}
    finally:
        second.database.dispose()
        first.close()


def test_monthly_statement_passes_jlis_fees_through(api, keys, authority):
    holder = make_holder(authority)
    for _ in range(3):
        login(api, keys[BANK], holder, BANK)
    body, _ = login(api, keys[BANK], holder, BANK)
    api.post(
        "/v1/authentications", json=body, headers={"X-API-Key": keys[BANK]}
    )  # a replay: no check, no fee
    statement = api.get("/v1/statement", headers={"X-API-Key": keys[BANK]}).json()
    assert statement["month"] == "2026-11"
    (line,) = statement["lines"]
    assert (line["item"], line["purpose"], line["count"]) == ("authentication", "auth", 4)
    assert (line["jlis_yen"], line["platform_yen"]) == (4 * 2, 4 * 3)
    assert statement["total_yen"] == 20
    csv_text = api.get("/v1/statement.csv", headers={"X-API-Key": keys[BANK]}).text
    assert csv_text.splitlines()[-1] == f"{BANK},2026-11,total,,,,,20"
    assert api.get("/v1/statement", headers={"X-API-Key": keys[INSURER]}).json()["lines"] == []
    assert (
        api.get("/v1/statement?month=11-2026", headers={"X-API-Key": keys[BANK]}).status_code == 422
    )


def test_raw_and_pdf_signatures(api, keys, authority):
    import hashlib
    import io

    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from tests.pdf_samples import one_page_pdf

    holder = make_holder(authority)
    digest = hashlib.sha256("承諾書".encode()).digest()
    signature = holder.sign_key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
    body = {
        "certificate": base64.b64encode(holder.sign.der).decode(),
        "signature": base64.b64encode(signature).decode(),
        "digest": base64.b64encode(digest).decode(),
    }
    raw = api.post("/v1/signatures/raw", json=body, headers={"X-API-Key": keys[INSURER]}).json()
    assert raw["result"]["valid"] is True
    wrong = {**body, "digest": base64.b64encode(bytes(32)).decode()}
    assert (
        api.post("/v1/signatures/raw", json=wrong, headers={"X-API-Key": keys[INSURER]}).json()[
            "result"
        ]["intact"]
        is False
    )

    key_der = holder.sign_key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(holder.sign.der),
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        cert_registry=None,
    )
    out = io.BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(io.BytesIO(one_page_pdf())),
        signers.PdfSignatureMetadata(field_name="Customer"),
        signer=signer,
        output=out,
    )
    document = base64.b64encode(out.getvalue()).decode()
    pdf = api.post(
        "/v1/signatures/pdf", json={"document": document}, headers={"X-API-Key": keys[BANK]}
    ).json()
    assert pdf["result"]["valid"] is True
    assert "serial" not in pdf["result"]["signatures"][0]["certificate"]  # 代行
    garbage = base64.b64encode(b"%PDF-1.7 nothing").decode()
    answer = api.post(
        "/v1/signatures/pdf", json={"document": garbage}, headers={"X-API-Key": keys[BANK]}
    )
    assert answer.status_code == 200
    assert answer.json()["result"]["valid"] is False


def test_rate_limit_per_tenant(api, keys, platform):
    from jpki.platform.ratelimit import RateLimiter

    platform.rate_limiter = RateLimiter(0.001, 3)
    codes = [
        api.post(
            "/v1/challenges", json={"origin": ORIGIN}, headers={"X-API-Key": keys[BANK]}
        ).status_code
        for _ in range(5)
    ]
    assert codes == [201, 201, 201, 429, 429]
    other = api.post(
        "/v1/challenges", json={"origin": ORIGIN}, headers={"X-API-Key": keys[INSURER]}
    )
    assert other.status_code == 201  # one SP's burst does not limit another


def test_a_429_says_when_and_never_wastes_a_signed_challenge(api, keys, platform, authority):
    """Issue 19, defect 6: `Retry-After` on every 429, and the answer to a live challenge is
    not limited again (the challenge took the login's token), so the holder's PIN was not
    entered for nothing; an answer to a spent or unknown nonce is limited as any request."""
    from jpki.platform.ratelimit import RateLimiter

    platform.rate_limiter = RateLimiter(0.5, 1, now=lambda: 0.0)  # one token, the next in 2 s
    headers = {"X-API-Key": keys[BANK]}
    body, answer = login(api, keys[BANK], make_holder(authority), BANK)
    assert answer.status_code == 200, answer.text
    assert answer.json()["result"]["accepted"] is True
    refused = api.post("/v1/challenges", json={"origin": ORIGIN}, headers=headers)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "2"
    replayed = api.post("/v1/authentications", json=body, headers=headers)
    assert replayed.status_code == 429
    assert replayed.headers["retry-after"] == "2"


def test_secrets_never_reach_the_logs(api, keys, platform, authority, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    holder = make_holder(authority)
    login(api, keys[BANK], holder, BANK)
    api.post("/v1/challenges", json={"origin": ORIGIN}, headers={"X-API-Key": keys[BANK] + "x"})
    secret = api.put(
        "/v1/webhook", json={"url": f"{ORIGIN}/hook"}, headers={"X-API-Key": keys[BANK]}
    ).json()["secret"]
    admin = {"Authorization": f"Bearer {platform.settings.admin_token}"}
    api.post("/v1/watch", headers=admin)
    for value in (
        keys[BANK],
        keys[INSURER],
        platform.settings.admin_token,
        secret,
        platform.settings.id_secret,
    ):
        assert value not in caplog.text
