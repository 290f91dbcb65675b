"""The pharmacy's check of an e-prescription: signed by a doctor whose HPKI certificate stands,
and every other case a clear verdict (openssl cms -verify judges the good one)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.apps.kit.prescriptions import HpkiTrust, Verdict, check_prescription
from jpki.client.hpki import DoctorKey
from jpki.protocol.hpki import Qualification
from tests.hpki.helpers import (
    DOCTOR,
    DOCTOR_LICENCE,
    PHARMACIST_LICENCE,
    HpkiWorld,
    a_prescription,
    issue_key,
    trust_of,
)
from tests.openssl_cli import at_time, openssl


@pytest.fixture
def signed(hpki_world: HpkiWorld, tmp_path: Path) -> tuple[bytes, x509.Certificate]:
    key, certificate = issue_key(
        hpki_world, tmp_path, hpki_world.doctor, DOCTOR_LICENCE, Qualification.DOCTOR
    )
    return key.sign(a_prescription(hpki_world.clock.now()).content(), certificate), certificate


def test_a_doctors_prescription_is_valid_and_openssl_agrees(
    hpki_world: HpkiWorld, signed: tuple[bytes, x509.Certificate], tmp_path: Path
) -> None:
    cms, _ = signed
    check = check_prescription(cms, trust_of(hpki_world), hpki_world.clock.now())
    assert check.verdict is Verdict.VALID, check.message
    assert check.doctor == DOCTOR.name
    assert check.prescription is not None
    assert check.prescription.patient_name == "山田\u3000太郎"
    (tmp_path / "p.der").write_bytes(cms)
    judged = openssl(
        "cms", "-verify", "-inform", "DER", "-in", tmp_path / "p.der", "-CAfile",
        hpki_world.hpki.folder / "ca.pem", "-purpose", "any", *at_time(hpki_world.clock.now()),
        "-out", tmp_path / "content.json",
    )  # fmt: skip
    assert judged.returncode == 0, judged.stderr
    assert (tmp_path / "content.json").read_bytes() == a_prescription(
        hpki_world.clock.now()
    ).content()


def test_a_changed_prescription_is_refused(
    hpki_world: HpkiWorld, signed: tuple[bytes, x509.Certificate]
) -> None:
    cms, _ = signed
    tampered = cms.replace(b"Amlodipine 5 mg", b"Amlodipine 9 mg")
    assert tampered != cms
    check = check_prescription(tampered, trust_of(hpki_world), hpki_world.clock.now())
    assert check.verdict is Verdict.INVALID_SIGNATURE


def test_a_pharmacists_signature_is_not_a_prescription(
    hpki_world: HpkiWorld, tmp_path: Path
) -> None:
    key, certificate = issue_key(
        hpki_world, tmp_path, hpki_world.pharmacist, PHARMACIST_LICENCE, Qualification.PHARMACIST
    )
    cms = key.sign(a_prescription(hpki_world.clock.now()).content(), certificate)
    check = check_prescription(cms, trust_of(hpki_world), hpki_world.clock.now())
    assert check.verdict is Verdict.NOT_A_DOCTOR
    assert check.qualification is Qualification.PHARMACIST


def test_a_revoked_or_expired_certificate_is_refused(
    hpki_world: HpkiWorld, signed: tuple[bytes, x509.Certificate]
) -> None:
    cms, certificate = signed
    trust = trust_of(hpki_world)
    assert check_prescription(cms, trust, hpki_world.clock.now()).valid
    hpki_world.clock.advance(dt.timedelta(minutes=5))
    hpki_world.hpki.revoke(certificate.serial_number, x509.ReasonFlags.key_compromise)
    trust.refresh()
    assert check_prescription(cms, trust, hpki_world.clock.now()).verdict is Verdict.REVOKED
    later = hpki_world.clock.now() + dt.timedelta(days=800)
    assert check_prescription(cms, trust_of(hpki_world), later).verdict is Verdict.EXPIRED


def test_a_trust_that_fetches_every_time_sees_a_revocation_at_once(
    hpki_world: HpkiWorld, signed: tuple[bytes, x509.Certificate]
) -> None:
    cms, certificate = signed
    fetches: list[int] = []

    def fetch() -> bytes:
        fetches.append(1)
        return hpki_world.hpki.crl_path.read_bytes()

    trust = HpkiTrust(hpki_world.hpki.certificate, fetch, dt.timedelta(0))
    assert check_prescription(cms, trust, hpki_world.clock.now()).valid
    hpki_world.clock.advance(dt.timedelta(seconds=1))
    hpki_world.hpki.revoke(certificate.serial_number)
    assert check_prescription(cms, trust, hpki_world.clock.now()).verdict is Verdict.REVOKED
    assert len(fetches) == 2
    kept = HpkiTrust(hpki_world.hpki.certificate, fetch)
    for _ in range(3):
        check_prescription(cms, kept, hpki_world.clock.now())
    assert len(fetches) == 3  # kept until its nextUpdate


def test_a_stale_crl_or_another_ca_is_refused(
    hpki_world: HpkiWorld, signed: tuple[bytes, x509.Certificate], tmp_path: Path
) -> None:
    cms, _ = signed
    stale = hpki_world.clock.now() + dt.timedelta(days=3)
    assert (
        check_prescription(cms, trust_of(hpki_world), stale).verdict is Verdict.NO_REVOCATION_INFO
    )
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    other = (
        x509.CertificateBuilder().subject_name(hpki_world.hpki.certificate.subject)
        .issuer_name(hpki_world.hpki.certificate.subject).public_key(other_key.public_key())
        .serial_number(1).not_valid_before(hpki_world.clock.now() - dt.timedelta(days=1))
        .not_valid_after(hpki_world.clock.now() + dt.timedelta(days=9))
        .sign(other_key, hashes.SHA256())
    )  # fmt: skip
    trust = HpkiTrust(other, hpki_world.hpki.crl_path.read_bytes)
    assert check_prescription(cms, trust, hpki_world.clock.now()).verdict is Verdict.UNTRUSTED


def test_a_self_made_key_is_untrusted(hpki_world: HpkiWorld, tmp_path: Path) -> None:
    key = DoctorKey.create(tmp_path / "self.key")
    self_made = (
        x509.CertificateBuilder().subject_name(hpki_world.hpki.certificate.subject)
        .issuer_name(hpki_world.hpki.certificate.subject).public_key(key.key.public_key())
        .serial_number(7).not_valid_before(hpki_world.clock.now() - dt.timedelta(days=1))
        .not_valid_after(hpki_world.clock.now() + dt.timedelta(days=9))
        .sign(key.key, hashes.SHA256())
    )  # fmt: skip
    cms = key.sign(a_prescription(hpki_world.clock.now()).content(), self_made)
    assert (
        check_prescription(cms, trust_of(hpki_world), hpki_world.clock.now()).verdict
        is Verdict.UNTRUSTED
    )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_damage_to_a_signed_prescription_is_a_verdict_never_a_crash(
    hpki_world: HpkiWorld, signed: tuple[bytes, x509.Certificate], data: st.DataObject
) -> None:
    cms, _ = signed
    position = data.draw(st.integers(0, len(cms) - 1))
    flip = data.draw(st.integers(1, 255))
    damaged = cms[:position] + bytes([cms[position] ^ flip]) + cms[position + 1 :]
    cut = data.draw(st.integers(0, len(cms)))
    for candidate in (damaged, cms[:cut], data.draw(st.binary(max_size=300))):
        check = check_prescription(candidate, trust_of(hpki_world), hpki_world.clock.now())
        assert isinstance(check.verdict, Verdict)
        assert check.verdict is not Verdict.VALID or check.prescription == a_prescription(
            hpki_world.clock.now()
        )
