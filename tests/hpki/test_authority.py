"""The HPKI authority: card proofing, the registry's licence, a certificate with the
qualification and no address, revocation and the CRL, judged by openssl."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from jpki.client.hpki import DoctorKey, application
from jpki.hpki.errors import ApplicationRefused
from jpki.protocol.hpki import Qualification, qualification_of
from tests.hpki.helpers import (
    DOCTOR,
    DOCTOR_LICENCE,
    PHARMACIST_LICENCE,
    HpkiWorld,
    card_signature,
)
from tests.openssl_cli import openssl, verify_with_crl, write_pem


def _issue(world: HpkiWorld, tmp_path: Path) -> tuple[DoctorKey, x509.Certificate]:
    key = DoctorKey.create(tmp_path / "doctor" / "hpki.key")
    asked = application(
        key, "x", DOCTOR_LICENCE, Qualification.DOCTOR, card_signature(world.doctor)
    )
    issued = world.hpki.issue(asked, world.check)
    return key, x509.load_pem_x509_certificate(issued.certificate.encode())


def test_a_doctor_proofed_with_the_card_gets_a_qualification_and_no_address(
    hpki_world: HpkiWorld, tmp_path: Path
) -> None:
    key, certificate = _issue(hpki_world, tmp_path)
    assert qualification_of(certificate) is Qualification.DOCTOR
    assert certificate.public_key() == key.key.public_key()
    # The registry's name, not the CSR's; nothing but the country and the name.
    assert [a.oid for a in certificate.subject] == [
        x509.NameOID.COUNTRY_NAME,
        x509.NameOID.COMMON_NAME,
    ]
    assert (
        certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == DOCTOR.name
    )
    der = certificate.public_bytes(serialization.Encoding.DER)
    assert DOCTOR.address.encode() not in der
    assert "文京区".encode() not in der
    with pytest.raises(x509.ExtensionNotFound):
        certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName)
    assert (tmp_path / "doctor" / "hpki.key").stat().st_mode & 0o077 == 0


def test_openssl_judges_the_certificate_and_the_crl_before_and_after_revocation(
    hpki_world: HpkiWorld, tmp_path: Path
) -> None:
    _, certificate = _issue(hpki_world, tmp_path)
    cafile = hpki_world.hpki.folder / "ca.pem"
    leaf = write_pem(tmp_path / "leaf.pem", certificate)
    at = hpki_world.clock.now()
    good = verify_with_crl(leaf, cafile, hpki_world.hpki.crl_path, at=at)
    assert good.returncode == 0, good.stdout + good.stderr
    hpki_world.hpki.revoke(certificate.serial_number, x509.ReasonFlags.key_compromise)
    crl = hpki_world.hpki.crl_path
    checked = openssl("crl", "-inform", "DER", "-in", crl, "-noout", "-verify", "-CAfile", cafile)
    assert checked.returncode == 0
    assert "verify OK" in checked.stderr + checked.stdout
    revoked = verify_with_crl(leaf, cafile, crl, at=at)
    assert revoked.returncode != 0
    assert "revoked" in revoked.stdout + revoked.stderr


def test_a_pharmacist_cannot_claim_a_doctors_licence(hpki_world: HpkiWorld, tmp_path: Path) -> None:
    key = DoctorKey.create(tmp_path / "k.key")
    claims = [
        (DOCTOR_LICENCE, Qualification.DOCTOR),
        (PHARMACIST_LICENCE, Qualification.DOCTOR),
    ]
    for licence, qualification in claims:
        asked = application(key, "x", licence, qualification, card_signature(hpki_world.pharmacist))
        with pytest.raises(ApplicationRefused) as refused:
            hpki_world.hpki.issue(asked, hpki_world.check)
        assert refused.value.code == "not-licensed"
    asked = application(
        key,
        "x",
        PHARMACIST_LICENCE,
        Qualification.PHARMACIST,
        card_signature(hpki_world.pharmacist),
    )
    issued = x509.load_pem_x509_certificate(
        hpki_world.hpki.issue(asked, hpki_world.check).certificate.encode()
    )
    assert qualification_of(issued) is Qualification.PHARMACIST


def test_a_struck_off_licence_and_a_changed_request_are_refused(
    hpki_world: HpkiWorld, tmp_path: Path
) -> None:
    key, other = DoctorKey.create(tmp_path / "k.key"), DoctorKey.create(tmp_path / "o.key")
    asked = application(
        key, "x", DOCTOR_LICENCE, Qualification.DOCTOR, card_signature(hpki_world.doctor)
    )
    swapped = asked.model_copy(update={"csr": other.request("x")})
    with pytest.raises(ApplicationRefused) as refused:
        hpki_world.hpki.issue(swapped, hpki_world.check)
    assert refused.value.code == "card-signature"
    with pytest.raises(ApplicationRefused) as refused:
        hpki_world.hpki.issue(asked.model_copy(update={"csr": "garbage"}), hpki_world.check)
    assert refused.value.code == "malformed"
    hpki_world.registry.strike_off(DOCTOR_LICENCE)
    with pytest.raises(ApplicationRefused) as refused:
        hpki_world.hpki.issue(asked, hpki_world.check)
    assert refused.value.code == "not-licensed"
    assert hpki_world.hpki.issued() == []
