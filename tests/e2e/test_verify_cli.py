"""`jpki verify` against a running authority (CRLs and OCSP over HTTP), judged beside openssl
and pdfsig, and a login nonce answered by `jpki client auth` from a card image."""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.clock import SystemClock
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.challenge import AuthenticationResponse, Authenticator, ChallengeBook
from jpki.verifier.errors import ReplayedChallenge
from jpki.verifier.setup import build_verifier
from tests.e2e.processes import Service, jpki
from tests.openssl_cli import verify_with_crl
from tests.pdf_samples import one_page_pdf
from tests.verifier.mutants import random_mutants


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    directory = tmp_path_factory.mktemp("verify-world")
    jpki("sandbox", "init", directory, "--residents", "4", "--seed", "11")
    return directory


@pytest.fixture(scope="module")
def server(world):
    service = Service("authority", "serve", "--data", world)
    yield service
    service.stop()


def people(world):
    return [r for r in json.loads((world / "residents.json").read_text()) if r["sign"]]


def api_key(world) -> str:
    return json.loads((world / "verifier.json").read_text())["api_key"]


def verify(*args, world=None, server=None, source="crl"):
    extra = []
    if source == "crl":
        extra = ["--crl", f"{server.url}/crl/auth.crl", "--crl", f"{server.url}/crl/sign.crl"]
    elif source == "ocsp":
        extra = ["--ocsp", f"{server.url}/ocsp"]
    return jpki(
        "verify", *args, "--trust", world / "roots", *extra,
        "--verifier-key", api_key(world), "--json", check=False,
    )  # fmt: skip


def test_cert_verdicts_follow_revocation_like_openssl(world, server):
    person = next(p for p in people(world) if p["status"] == "resident")
    for source in ("crl", "ocsp"):
        result = verify("cert", person["sign"]["path"], world=world, server=server, source=source)
        assert result.returncode == 0, result.stdout + result.stderr
        verdict = json.loads(result.stdout)
        assert verdict["status"] == "valid"
        assert verdict["source"]["kind"] == source
        assert verdict["four_info"]["name"] == person["name"]
    assert (
        verify_with_crl(
            person["sign"]["path"],
            world / "roots" / "sign-ca.pem",
            world / "crl" / "sign.crl",
            at=None,
        ).returncode
        == 0
    )
    jpki("authority", "event", world, "die", person["id"])
    ocsp = json.loads(
        verify("cert", person["sign"]["path"], world=world, server=server, source="ocsp").stdout
    )
    assert ocsp["status"] == "revoked"
    assert ocsp["revocation"]["reason"] == "AFFILIATION_CHANGED"
    jpki("authority", "crl", world)
    result = verify("cert", person["sign"]["path"], world=world, server=server)
    assert result.returncode == 1
    assert json.loads(result.stdout)["revocation"]["meaning_ja"].startswith("証明書内容に変更")
    judged = verify_with_crl(
        person["sign"]["path"], world / "roots" / "sign-ca.pem", world / "crl" / "sign.crl", at=None
    )
    assert "certificate revoked" in judged.stderr
    none = verify("cert", person["auth"]["path"], world=world, server=server, source="none")
    assert json.loads(none.stdout)["status"] == "revocation unknown"
    text = jpki("verify", "cert", person["auth"]["path"], "--trust", world / "roots", check=False)
    assert text.returncode == 1
    assert "失効情報が確認できない" in text.stdout


def test_cms_and_pdf_signed_by_the_card(world, server, tmp_path):
    person = next(p for p in people(world) if p["status"] == "resident")
    password = tmp_path / "password"
    password.write_text(person["sign_password"])
    document = tmp_path / "contract.txt"
    document.write_text("契約書")
    signature = tmp_path / "contract.p7s"
    jpki(
        "client",
        "sign",
        document,
        "--out",
        signature,
        "--reader",
        person["card"],
        "--pin-file",
        password,
    )
    result = verify("cms", signature, "--content", document, world=world, server=server)
    assert result.returncode == 0, result.stdout + result.stderr
    assert json.loads(result.stdout)["intact"] is True
    document.write_text("契約書（改ざん）")
    altered = verify("cms", signature, "--content", document, world=world, server=server)
    assert altered.returncode == 1
    assert json.loads(altered.stdout)["status"] == "invalid signature"
    pdf = tmp_path / "contract.pdf"
    pdf.write_bytes(one_page_pdf("Loan contract"))
    signed = tmp_path / "signed.pdf"
    jpki(
        "client",
        "sign",
        pdf,
        "--pdf",
        "--out",
        signed,
        "--reader",
        person["card"],
        "--pin-file",
        password,
    )
    result = verify("pdf", signed, world=world, server=server)
    assert result.returncode == 0, result.stdout + result.stderr
    pdfsig = subprocess.run(["pdfsig", str(signed)], capture_output=True, text=True, check=False)
    assert "Signature is Valid." in pdfsig.stdout


def test_login_nonce_answered_by_the_client(world, server, tmp_path):
    person = next(p for p in people(world) if p["status"] == "resident")
    pin = tmp_path / "pin"
    pin.write_text(person["auth_pin"])
    setup = build_verifier(
        SystemClock(),
        [world / "roots"],
        ocsp_url=f"{server.url}/ocsp",
        api_key=api_key(world),
    )
    book = ChallengeBook(SystemClock())
    authenticator = Authenticator(setup.validator, book)
    challenge = book.issue("bank-001", "https://bank.example")
    answer = json.loads(
        jpki(
            "client", "auth", "--nonce", challenge.nonce_b64, "--origin", "https://bank.example",
            "--provider", "bank-001", "--reader", person["card"], "--pin-file", pin, "--json",
        ).stdout
    )  # fmt: skip
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    response = AuthenticationResponse(
        challenge.nonce,
        answer["provider"],
        answer["origin"],
        x509.load_pem_x509_certificate(answer["certificate"].encode()).public_bytes(Encoding.DER),
        base64.b64decode(answer["signature"]),
    )
    login = authenticator.verify(response, provider="bank-001", origin="https://bank.example")
    assert login.verdict.purpose is CertificatePurpose.AUTH
    assert login.verdict.source.kind.value == "ocsp"
    with pytest.raises(ReplayedChallenge):
        authenticator.verify(response, provider="bank-001", origin="https://bank.example")
    setup.close()


CLI_MUTANTS, LONG_CLI_MUTANTS = 8, 80


def cli_mutation_sample(world, server, tmp_path, count: int, seed: int) -> int:
    """`count` seeded mutants of a valid signing certificate through `jpki verify cert`: each
    is a clear refusal (exit 1 with a JSON verdict), never a traceback nor a valid verdict.
    How many were refused."""
    person = next(p for p in people(world) if p["status"] == "resident")
    pem = Path(person["sign"]["path"]).read_bytes()
    original = x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)
    refused = 0
    for number, (mutator, mutant) in enumerate(random_mutants(original, count, seed)):
        if mutant == original:
            continue
        path = tmp_path / f"mutant-{number}.der"
        path.write_bytes(mutant)
        result = verify("cert", path, world=world, server=server)
        output = result.stdout + result.stderr
        assert "Traceback" not in output, (mutator, output)
        assert result.returncode == 1, (mutator, output)
        assert json.loads(result.stdout)["status"] != "valid", mutator
        refused += 1
    return refused


def test_mutated_certificates_through_the_cli_are_refused_clearly(world, server, tmp_path):
    assert cli_mutation_sample(world, server, tmp_path, CLI_MUTANTS, seed=19) > 0


@pytest.mark.fuzz
def test_mutated_certificates_through_the_cli_long(world, server, tmp_path):
    assert cli_mutation_sample(world, server, tmp_path, LONG_CLI_MUTANTS, seed=1919) > 0
