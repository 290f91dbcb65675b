"""Mutual TLS: `jpki platform serve` over HTTPS, an SP authenticating with its client
certificate instead of an API key; unregistered certificates and no credential refused."""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import re
import signal
import ssl
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.e2e.processes import JPKI, jpki

NOW = dt.datetime.now(dt.UTC)


def issue(
    folder: Path,
    name: str,
    issuer: tuple[x509.Certificate, ec.EllipticCurvePrivateKey] | None,
    *,
    server: bool = False,
) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    signer_cert, signer_key = issuer if issuer else (None, key)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(signer_cert.subject if signer_cert else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - dt.timedelta(minutes=5))
        .not_valid_after(NOW + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
    )
    if server:
        builder = builder.add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
    certificate = builder.sign(signer_key, hashes.SHA256())
    (folder / f"{name}.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    (folder / f"{name}.key").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return certificate, key


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("mtls")
    ca = issue(folder, "ca", None)
    issue(folder, "server", ca, server=True)
    issue(folder, "bank", ca)
    issue(folder, "stranger", ca)
    world = folder / "world"
    jpki("sandbox", "init", world, "--residents", "1", "--seed", "3")
    jpki("platform", "init", "--data", world, "--trust", world / "roots")
    key = json.loads(
        jpki("platform", "tenant", "--data", world, "bank-001", "--name", "Bank", "--model", "daiko",
             "--origin", "https://bank.example").stdout
    )["api_key"]  # fmt: skip
    process = subprocess.Popen(
        [*JPKI, "platform", "serve", "--data", str(world), "--tls-cert", str(folder / "server.pem"),
         "--tls-key", str(folder / "server.key"), "--client-ca", str(folder / "ca.pem")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    url = None
    for line in process.stdout:
        if match := re.search(r"(https://127\.0\.0\.1:\d+)", line):
            url = match.group(1)
            break
    assert url, "the platform did not print its URL"
    admin = json.loads((world / "platform" / "settings.json").read_text())["admin_token"]
    yield url, folder, key, admin
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)  # TLS connections get up to 30 s to close cleanly
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=30)


def client(folder: Path, certificate: str | None) -> httpx.Client:
    context = ssl.create_default_context(cafile=str(folder / "ca.pem"))
    if certificate is not None:
        context.load_cert_chain(folder / f"{certificate}.pem", folder / f"{certificate}.key")
    return httpx.Client(verify=context, timeout=10)


def wait_until_up(url: str, folder: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with client(folder, None) as probe:  # closed: an open TLS connection delays shutdown
                if probe.get(f"{url}/").status_code == 200:
                    return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(url)


def test_client_certificate_instead_of_an_api_key(served):
    url, folder, key, admin = served
    wait_until_up(url, folder)
    challenge = {"origin": "https://bank.example"}
    with client(folder, "bank") as bank:
        assert (
            bank.post(f"{url}/v1/challenges", json=challenge).status_code == 403
        )  # not registered yet
        registered = bank.put(
            f"{url}/v1/tenants/bank-001/client-certificate",
            json={"certificate": (folder / "bank.pem").read_text()},
            headers={"Authorization": f"Bearer {admin}"},
        )
        assert registered.status_code == 200, registered.text
        issued = bank.post(f"{url}/v1/challenges", json=challenge)
        assert issued.status_code == 201, issued.text
        assert issued.json()["provider"] == "bank-001"
    with client(folder, "stranger") as stranger:
        assert stranger.post(f"{url}/v1/challenges", json=challenge).status_code == 403
    with client(folder, None) as anonymous:
        assert anonymous.post(f"{url}/v1/challenges", json=challenge).status_code == 403
        with_key = anonymous.post(
            f"{url}/v1/challenges", json=challenge, headers={"X-API-Key": key}
        )
        assert with_key.status_code == 201
