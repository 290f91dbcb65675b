"""What an RP receives of a signature (issue 25 item 3): with `sign` alone the IdP's verdict
(signed, the platform's receipt, the signer's pairwise `sub`) and never the certificate or a
CMS naming it; with `sign_certificate`, whose consent screen shows the certificate's contents,
also the CMS and the certificate."""

from __future__ import annotations

import base64
import hashlib

import sqlalchemy as sa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7
from fastapi.testclient import TestClient

from jpki.idp.app import build_idp_app
from jpki.idp.store.database import Database
from jpki.idp.store.models import SignRequestRow
from jpki.protocol.disclosures import FOUR_INFO_ITEMS, Kind, VerifiedHolder
from tests.holders import TARO, make_holder
from tests.idp.flow import (
    ISSUER,
    REDIRECT,
    authorize,
    card_login,
    claims_of,
    code_for,
    migrate_to,
    pkce,
    rp,
    token,
)


def verified(holder):
    return VerifiedHolder(certificate=holder.auth.der, serial=holder.auth.serial)


DOCUMENT = "契約書 / contract\n".encode()


def signed_by(holder, document):
    return (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(document)
        .add_signer(holder.sign.certificate, holder.sign_key, hashes.SHA256())
        .sign(
            serialization.Encoding.DER,
            [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary],
        )
    )


def signed_request(web, idp, holder, scope):
    """An RP with `scope` has the holder sign DOCUMENT; its result and the holder's `sub`."""
    client_id, secret = rp(idp, scope=scope)
    verifier, challenge = pkce()
    issued = token(
        web, client_id, secret, code_for(web, client_id, holder, challenge, scope=scope), verifier
    ).json()
    bearer = {"Authorization": f"Bearer {issued['access_token']}"}
    made = web.post(
        "/sign/requests",
        json={"document_name": "契約書", "digest": hashlib.sha256(DOCUMENT).hexdigest()},
        headers=bearer,
    ).json()
    cms = base64.b64encode(signed_by(holder, DOCUMENT)).decode()
    answered = web.post(f"/wallet/v1/signatures/{made['id']}", json={"cms": cms})
    assert answered.status_code == 200, answered.text
    result = web.get(f"/sign/requests/{made['id']}", headers=bearer).json()
    with idp.database.transaction() as session:
        stored = session.get(SignRequestRow, made["id"])
    return result, claims_of(idp, issued["id_token"]).claims, bearer, stored


def test_sign_alone_gives_the_verdict_and_a_pairwise_reference_not_the_certificate(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    result, claims, bearer, stored = signed_request(web, idp, holder, "openid sign")
    assert result["status"] == "signed"
    assert result["receipt"]
    assert result["signer"] == claims["sub"]
    assert (result["cms"], result["pdf"], result["certificate"]) == (None, None, None)
    assert (stored.cms, stored.certificate) == (None, None)  # nor does the IdP keep them
    assert "name" not in claims
    shown_to_holder = idp.disclosures.disclosures_of(verified(holder))[0]
    assert (shown_to_holder.kind, shown_to_holder.items) == (Kind.SIGNATURE, ("verdict", "sub"))
    serial = format(holder.sign.certificate.serial_number, "x")
    assert TARO.name not in str(result)
    assert serial not in str(result).lower()
    pdf = base64.b64encode(b"%PDF-1.7\n").decode()
    refused = web.post("/sign/requests", json={"document_name": "x", "pdf": pdf}, headers=bearer)
    assert refused.status_code == 400
    assert "sign_certificate" in refused.json()["message"]


def test_sign_certificate_is_asked_with_the_certificates_contents_and_then_given(idp, authority):
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, _ = rp(idp, scope="openid sign sign_certificate")
    page = authorize(web, client_id, pkce()[1], scope="openid sign sign_certificate")
    shown = web.get(f"/login/{card_login(web, page, holder)}/continue").text
    contents = shown.split('data-testid="certificate-contents"')[1].split(">", 1)[1]
    contents = contents.split("</span>")[0]
    for value in (TARO.name, TARO.address, TARO.birth_date.isoformat(), "Male"):
        assert value in contents
    web.cookies.clear()

    result, claims, _, stored = signed_request(web, idp, holder, "openid sign sign_certificate")
    assert stored.certificate == holder.sign.der
    assert result["signer"] == claims["sub"]
    assert claims["name"] == TARO.name  # what the certificate carries is what was consented
    certificate = x509.load_pem_x509_certificate(result["certificate"].encode())
    assert certificate.serial_number == holder.sign.certificate.serial_number
    assert holder.sign.der in base64.b64decode(result["cms"])  # the wallet's CMS, as signed
    shown_to_holder = idp.disclosures.disclosures_of(verified(holder))[0]
    assert shown_to_holder.kind is Kind.CERTIFICATE
    assert shown_to_holder.items == ("certificate", *FOUR_INFO_ITEMS)


def test_requests_made_before_keep_what_they_released(tmp_path):
    """Migration 0003: a request answered before gave its RP the CMS and certificate; it still
    does."""
    database = Database(f"sqlite:///{tmp_path / 'idp.db'}")
    migrate_to(database, "0002")
    with database.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO sign_requests (id, client_id, holder, document_name, digest, state,"
                " created_at, expires_at) VALUES ('r1', 'c', 'h', 'd', x'00', 'signed',"
                " '2026-01-01 00:00:00', '2026-01-01 00:05:00')"
            )
        )
    database.migrate()
    with database.transaction() as session:
        assert session.get(SignRequestRow, "r1").certificate_released is True
    database.dispose()


def test_a_signing_request_returns_only_to_the_rps_own_origin(idp, authority):
    """`return_to` (issue 20) is where the holder goes back after signing: only a URL on one of
    the RP's registered redirect origins, never an open redirect."""
    web, holder = TestClient(build_idp_app(idp), base_url=ISSUER), make_holder(authority)
    client_id, secret = rp(idp, scope="openid sign")
    verifier, challenge = pkce()
    issued = token(
        web, client_id, secret, code_for(web, client_id, holder, challenge, scope="openid sign"),
        verifier,
    ).json()  # fmt: skip
    bearer = {"Authorization": f"Bearer {issued['access_token']}"}
    origin = REDIRECT.split("/callback")[0]
    body = {"document_name": "契約書", "digest": hashlib.sha256(DOCUMENT).hexdigest()}
    for elsewhere in ("https://evil.example/signed", f"{origin}.evil.example/x", "javascript:1"):
        refused = web.post("/sign/requests", json={**body, "return_to": elsewhere}, headers=bearer)
        assert refused.status_code == 400, elsewhere
    made = web.post(
        "/sign/requests", json={**body, "return_to": f"{origin}/signed"}, headers=bearer
    )
    assert made.status_code == 201
    with idp.database.transaction() as session:
        assert session.get(SignRequestRow, made.json()["id"]).return_to == f"{origin}/signed"
