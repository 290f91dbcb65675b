"""The authority as a real process, judged by openssl ocsp and openssl verify."""

import json
import time

import httpx
import pytest

from tests.e2e.processes import Service, jpki
from tests.openssl_cli import openssl, verify_with_crl


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("world")
    jpki("sandbox", "init", directory, "--residents", "4", "--seed", "7")
    return directory


@pytest.fixture
def server(world):
    service = Service("authority", "serve", "--data", world)
    yield service
    service.stop()


def residents(world):
    return {r["id"]: r for r in json.loads((world / "residents.json").read_text())}


def api_key(world):
    return json.loads((world / "verifier.json").read_text())["api_key"]


def ocsp_status(world, url, certificate, purpose):
    result = openssl(
        "ocsp", "-issuer", world / "roots" / f"{purpose}-ca-g1.pem", "-cert", certificate,
        "-url", f"{url}/ocsp", "-header", f"X-JPKI-Verifier-Key={api_key(world)}",
        "-CAfile", world / "roots" / f"{purpose}-ca.pem",
    )  # fmt: skip
    return result.stdout + result.stderr


def test_openssl_ocsp_sees_good_then_revoked_with_reason(world, server):
    people = residents(world)
    adult = next(r for r in people.values() if r["sign"] and r["status"] == "resident")
    before = ocsp_status(world, server.url, adult["sign"]["path"], "sign")
    assert "Response verify OK" in before
    assert ": good" in before
    jpki("authority", "event", world, "die", adult["id"])
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        after = ocsp_status(
            world, server.url, world / "certs" / f"{adult['sign']['serial']}.pem", "sign"
        )
        if ": revoked" in after:
            break
        time.sleep(0.3)
    assert "Response verify OK" in after
    assert "Reason: affiliationChanged" in after


def test_without_an_accredited_key_openssl_gets_unauthorized(world, server):
    person = next(iter(residents(world).values()))
    result = openssl(
        "ocsp", "-issuer", world / "roots" / "auth-ca-g1.pem", "-cert", person["auth"]["path"],
        "-url", f"{server.url}/ocsp", "-CAfile", world / "roots" / "auth-ca.pem",
    )  # fmt: skip
    assert "unauthorized" in (result.stdout + result.stderr)


def test_malformed_ocsp_over_the_wire_gets_malformed_request(world, server):
    headers = {"X-JPKI-Verifier-Key": api_key(world), "content-type": "application/ocsp-request"}
    response = httpx.post(f"{server.url}/ocsp", content=b"\x30\x03\x02\x01", headers=headers)
    assert response.status_code == 200
    assert response.content == bytes.fromhex("30030a0101")


def test_acknowledged_revocation_survives_sigkill(world):
    service = Service("authority", "serve", "--data", world)
    people = residents(world)
    victim = next(r for r in people.values() if r["status"] == "resident")
    token = json.loads((world / "authority" / "settings.json").read_text())["admin_token"]
    response = httpx.post(
        f"{service.url}/v1/certificates/{victim['auth']['serial']}/revoke",
        json={"cause": "key-compromise"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200
    service.kill()
    restarted = Service("authority", "serve", "--data", world)
    try:
        status = ocsp_status(world, restarted.url, victim["auth"]["path"], "auth")
        assert "Reason: keyCompromise" in status
    finally:
        restarted.stop()
    jpki("authority", "crl", world)
    judged = verify_with_crl(
        victim["auth"]["path"], world / "roots" / "auth-ca.pem", world / "crl" / "auth.crl", at=None
    )
    assert "certificate revoked" in judged.stderr
