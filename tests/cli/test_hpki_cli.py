"""`jpki hpki`: the doctor's client signs a prescription with the key file (openssl reads the
CMS), and its mistakes are one error line: a missing or foreign key file, a certificate that
is not PEM, an HPKI authority that cannot be reached after the card signed the application."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.x509.oid import NameOID

from jpki.client.hpki import DoctorKey
from tests.cli.commands import assert_one_error_line, run
from tests.e2e.processes import jpki
from tests.openssl_cli import openssl


@pytest.fixture
def doctor(tmp_path: Path) -> tuple[Path, Path]:
    """A key file and a certificate for it (self-issued: `sign` does not judge it)."""
    key = DoctorKey.create(tmp_path / "doctor.key")
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "佐藤\u3000花子")])
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.key.public_key()).serial_number(5)
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
        .sign(key.key, hashes.SHA256())
    )  # fmt: skip
    (tmp_path / "doctor.pem").write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return tmp_path / "doctor.key", tmp_path / "doctor.pem"


def test_sign_puts_the_prescription_inside_a_cms_openssl_reads(
    doctor: tuple[Path, Path], tmp_path: Path
) -> None:
    key, certificate = doctor
    (tmp_path / "p.json").write_text('{"kind":"jpki-e-prescription/1"}')
    result = run("hpki", "sign", tmp_path / "p.json", "--key", key, "--certificate", certificate,
                 "--out", tmp_path / "p.p7m")  # fmt: skip
    assert result.returncode == 0, result.stderr
    judged = openssl("cms", "-verify", "-inform", "DER", "-in", tmp_path / "p.p7m", "-noverify",
                     "-out", tmp_path / "out.json")  # fmt: skip
    assert judged.returncode == 0, judged.stderr
    assert (tmp_path / "out.json").read_text() == '{"kind":"jpki-e-prescription/1"}'


def test_sign_mistakes_are_one_line(doctor: tuple[Path, Path], tmp_path: Path) -> None:
    key, certificate = doctor
    (tmp_path / "p.json").write_text("{}")
    (tmp_path / "garbage").write_text("not a key")
    for key_file, cert_file, fragment in (
        (tmp_path / "missing.key", certificate, "missing.key"),
        (tmp_path / "garbage", certificate, "not an HPKI key file"),
        (key, tmp_path / "garbage", "not PEM"),
    ):
        result = run("hpki", "sign", tmp_path / "p.json", "--key", key_file, "--certificate",
                     cert_file, "--out", tmp_path / "o.p7m")  # fmt: skip
        assert_one_error_line(result, fragment)


def test_apply_to_an_authority_that_cannot_be_reached_is_one_line(tmp_path: Path) -> None:
    world = tmp_path / "w"
    jpki("sandbox", "init", world, "--residents", "1")
    resident = json.loads((world / "residents.json").read_text())[0]
    (tmp_path / "sign.pin").write_text(resident["sign_password"] + "\n")
    result = run("hpki", "apply", "--url", "http://127.0.0.1:9", "--licence", "512345",
                 "--key", tmp_path / "d.key", "--out", tmp_path / "d.pem",
                 "--reader", world / "cards" / "R000001.card", "--pin-file", tmp_path / "sign.pin")  # fmt: skip
    assert_one_error_line(result, "unreachable")
    assert (tmp_path / "d.key").stat().st_mode & 0o077 == 0  # the key was made, private
