"""OCSP responder throughput on loopback, every response verified by the load client.

Three servers answer the same requests for the same CA, one after the other, each in its
own process on one core while the load client runs on the other:
  - ours: `jpki authority serve` (pre-signed responses cached per request);
  - `openssl ocsp -index ... -port ...` with the same responder key and certificate;
  - a bare ASGI app under the same uvicorn that returns one fixed pre-signed response.

    python benchmarks/ocsp_throughput.py [--seconds 5] [--connections 8] [--holders 20]
"""

from __future__ import annotations

import argparse
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509 import ocsp

from common import START
from jpki.authority import events
from jpki.authority.service import Authority
from jpki.authority.settings import AuthoritySettings
from jpki.card.image import generate_key
from jpki.clock import SystemClock
from jpki.profile.purpose import CertificatePurpose
from jpki.world.population import population
from load_client import run_load, verifying

ROOT = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(
    port: int, process: subprocess.Popen, probe: bytes, timeout: float = 60
) -> None:  # type: ignore[type-arg]
    """Wait for a real HTTP answer (a bare connect would stall openssl's one-at-a-time loop)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        try:
            httpx.post(f"http://127.0.0.1:{port}/ocsp", content=probe, timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing answers on {port}")


def build_world(directory: Path, holders: int):  # type: ignore[no-untyped-def]
    """An authority with `holders` card holders, every third one dead; returns what the load needs."""
    authority = Authority.initialise(AuthoritySettings(data_dir=directory), SystemClock())
    _, api_key = authority.accredit_verifier("load client")
    expected: dict[int, ocsp.OCSPCertStatus] = {}
    certificates = []
    for index, info in enumerate(population(holders, 1, START.date())):
        resident = authority.register_resident(info)
        card = authority.apply_for_card(resident.id)
        issued = authority.issue_card(card.id, generate_key().public_key(), None)
        authority.activate_card(card.id)
        certificate = issued.of_purpose(CertificatePurpose.AUTH)
        if index % 3 == 0:
            authority.apply_event(resident.id, events.Die())
        expected[certificate.serial] = (
            ocsp.OCSPCertStatus.REVOKED if index % 3 == 0 else ocsp.OCSPCertStatus.GOOD
        )
        certificates.append(certificate)
    generation = authority.authorities.current(CertificatePurpose.AUTH)
    requests = [
        ocsp.OCSPRequestBuilder()
        .add_certificate(c.certificate, generation.certificate, hashes.SHA1())
        .build()
        .public_bytes(serialization.Encoding.DER)
        for c in certificates
    ]
    identity = authority.authenticate_verifier(api_key)
    fixed = authority.responder.respond(requests[1], identity).der
    write_openssl_ca(directory / "openssl", authority, certificates)
    authority.close()
    return api_key, requests, expected, fixed


def write_openssl_ca(directory: Path, authority: Authority, certificates) -> None:  # type: ignore[no-untyped-def]
    """The same CA as `openssl ocsp` wants it: index.txt, root, responder certificate and key."""
    directory.mkdir()
    generation = authority.authorities.current(CertificatePurpose.AUTH)
    pem = serialization.Encoding.PEM
    (directory / "root.pem").write_bytes(generation.certificate.public_bytes(pem))
    (directory / "responder.pem").write_bytes(generation.responder_certificate.public_bytes(pem))
    (directory / "responder.key").write_bytes(
        generation.responder_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    lines = []
    for certificate in certificates:
        view = authority.certificate(certificate.serial)
        expiry = view.not_after.strftime("%y%m%d%H%M%SZ")
        subject = "/C=JP/CN=" + view.subject_id
        if view.revocation is None:
            lines.append(f"V\t{expiry}\t\t{view.serial:X}\tunknown\t{subject}")
        else:
            revoked = view.revocation.revoked_at.strftime("%y%m%d%H%M%SZ")
            reason = view.revocation.reason.to_flag().value
            lines.append(f"R\t{expiry}\t{revoked},{reason}\t{view.serial:X}\tunknown\t{subject}")
    (directory / "index.txt").write_text("\n".join(lines) + "\n")


def measure(command: list[str], port: int, label: str, load, probe: bytes) -> float:  # type: ignore[no-untyped-def]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_answering(port, process, probe)
        rate = load(port)
    finally:
        process.terminate()
        process.wait(timeout=30)
    print(f"  {label}: {rate:,.0f} responses/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--holders", type=int, default=30)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="jpki-ocsp-bench-") as folder:
        directory = Path(folder)
        api_key, requests, expected, fixed = build_world(directory, arguments.holders)
        (directory / "fixed.der").write_bytes(fixed)

        def load(port: int, key: str | None = None) -> float:
            return run_load("127.0.0.1", port, requests, verifying(expected),
                            seconds=arguments.seconds, connections=arguments.connections,
                            api_key=key)  # fmt: skip

        port = free_port()
        ours = measure(
            [sys.executable, "-m", "jpki.cli", "authority", "serve", "--data", str(directory), "--port", str(port)],
            port, "ours (jpki authority serve)", lambda p: load(p, api_key), requests[0],
        )  # fmt: skip
        port = free_port()
        ca = directory / "openssl"
        openssl_rate = measure(
            ["openssl", "ocsp", "-index", str(ca / "index.txt"), "-port", str(port),
             "-rsigner", str(ca / "responder.pem"), "-rkey", str(ca / "responder.key"),
             "-CA", str(ca / "root.pem"), "-rmd", "sha256", "-nmin", "60", "-ignore_err"],
            port, "openssl ocsp -index -port", load, requests[0],
        )  # fmt: skip
        port = free_port()
        bare = measure(
            [sys.executable, str(ROOT / "bare_ocsp.py"), str(directory / "fixed.der"), str(port)],
            port, "bare ASGI handler, fixed pre-signed response", load, requests[0],
        )  # fmt: skip
    print(f"OCSP throughput: ours {ours:,.0f}/s, openssl ocsp {openssl_rate:,.0f}/s, "
          f"ratio {ours / openssl_rate:.1f} (target >= 10)")  # fmt: skip
    print(f"OCSP throughput: ours {ours:,.0f}/s, bare ASGI {bare:,.0f}/s, "
          f"ratio {ours / bare:.2f} (target >= 0.5)")  # fmt: skip


if __name__ == "__main__":
    main()
