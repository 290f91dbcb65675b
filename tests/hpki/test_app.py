"""The HPKI authority over HTTP: an application judged by the platform's API (the authority is
its 委託 tenant), refusals as 4xx, revocation under the operator's token, the CRL served."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.client.hpki import DoctorKey, application
from jpki.hpki.app import build_hpki_app
from jpki.hpki.platform_client import PlatformSignatureCheck
from jpki.platform.api import build_platform_app
from jpki.platform.tenants import Model
from jpki.protocol.hpki import APPLY_PATH, CRL_PATH, Qualification, qualification_of
from tests.hpki.helpers import DOCTOR_LICENCE, HpkiWorld, card_signature


@pytest.fixture
def client(hpki_world: HpkiWorld) -> TestClient:
    _, key = hpki_world.platform.tenants.register(
        "hpki-http", "HPKI CA", Model.ITAKU, ["http://127.0.0.1"]
    )
    platform = TestClient(build_platform_app(hpki_world.platform))
    check = PlatformSignatureCheck("http://testserver", key, http=platform)
    return TestClient(build_hpki_app(hpki_world.hpki, check, "operator-token"))


def test_an_application_over_http_is_issued_then_revoked(
    hpki_world: HpkiWorld, client: TestClient, tmp_path: Path
) -> None:
    key = DoctorKey.create(tmp_path / "d.key")
    asked = application(
        key, "x", DOCTOR_LICENCE, Qualification.DOCTOR, card_signature(hpki_world.doctor)
    )
    reply = client.post(APPLY_PATH, json=asked.model_dump(mode="json"))
    assert reply.status_code == 201, reply.text
    certificate = x509.load_pem_x509_certificate(reply.json()["certificate"].encode())
    assert qualification_of(certificate) is Qualification.DOCTOR
    assert "text/html" in client.get("/").headers["content-type"]
    serial = reply.json()["serial"]
    assert client.post("/v1/revocations", json={"serial": serial}).status_code == 401
    revoked = client.post(
        "/v1/revocations", json={"serial": serial, "reason": "keyCompromise"},
        headers={"Authorization": "Bearer operator-token"},
    )  # fmt: skip
    assert revoked.status_code == 200
    assert revoked.json()["reason"] == "keyCompromise"
    crl = x509.load_der_x509_crl(client.get(CRL_PATH).content)
    assert crl.get_revoked_certificate_by_serial_number(certificate.serial_number) is not None


def test_someone_elses_card_is_refused_with_a_code(
    hpki_world: HpkiWorld, client: TestClient, tmp_path: Path
) -> None:
    key = DoctorKey.create(tmp_path / "d.key")
    asked = application(
        key, "x", DOCTOR_LICENCE, Qualification.DOCTOR, card_signature(hpki_world.pharmacist)
    )
    reply = client.post(APPLY_PATH, json=asked.model_dump(mode="json"))
    assert reply.status_code == 403
    assert reply.json()["error"] == "not-licensed"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.dictionaries(
        st.sampled_from(["csr", "licence_number", "qualification", "signature", "x"]),
        st.text(max_size=40) | st.integers() | st.none(),
    )
)
def test_any_body_is_a_refusal_never_a_500(client: TestClient, body: dict[str, object]) -> None:
    reply = client.post(APPLY_PATH, json=body)
    assert 400 <= reply.status_code < 500
