"""E-prescription verification rate, as a ratio to a plain JPKI CMS verification.

Ours is what a pharmacy does per prescription before it asks for the patient's card
(`jpki.apps.kit.prescriptions.check_prescription`): the CMS read, its signed attributes and
ECDSA P-256 signature verified, the HPKI certificate checked against the HPKI CA (issuer
signature, validity, key usage), its serial looked up in the HPKI CRL, the hcRole
qualification read, the canonical prescription parsed. Measured twice: with the CRL kept
until its nextUpdate, and with the CRL parsed and its signature checked for every
prescription (what the services do, `CRL_MAX_AGE` = 0, less the loopback HTTP fetch).
Baseline, same run: the JPKI verifier's CMS verification (`jpki.verifier.cms.verify_cms`) of
a card's RSA-2048 detached signature (chain, revocation index, signature).

    python benchmarks/prescription.py [--count 2000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from common import START, report, throwaway_authority
from jpki.apps.kit.prescriptions import HpkiTrust, check_prescription
from jpki.card.image import generate_key
from jpki.client.hpki import DoctorKey, application
from jpki.hpki.authority import HpkiAuthority
from jpki.hpki.registry import Licence, QualificationRegistry
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.tenants import Model
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.hpki import Medicine, Prescription, Qualification
from jpki.protocol.verification import Receipted, SignatureResult
from jpki.verifier.cms import verify_cms
from jpki.verifier.setup import build_verifier

DOCTOR = FourInfo(
    "佐藤\u3000花子", "東京都文京区本郷７丁目３番１号", dt.date(1975, 4, 2), Sex.FEMALE
)


def rate(count: int, function) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(count):
        function()
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=2000)
    count = parser.parse_args().count
    with throwaway_authority() as authority, tempfile.TemporaryDirectory() as folder:
        clock = authority.clock
        resident = authority.register_resident(DOCTOR)
        card = authority.apply_for_card(resident.id)
        auth_key, sign_key = generate_key(), generate_key()
        issued = authority.issue_card(card.id, auth_key.public_key(), sign_key.public_key())
        authority.activate_card(card.id)
        sign = issued.of_purpose(CertificatePurpose.SIGN)
        assert sign is not None
        authority.publish_crls()
        crls = [authority.settings.crl_dir / "auth.crl", authority.settings.crl_dir / "sign.crl"]
        setup = build_verifier(clock, [authority.settings.roots_dir], crls=crls)
        platform = Platform.initialise(
            PlatformSettings(data_dir=Path(folder) / "platform"), clock, verifier=setup
        )
        tenant, _ = platform.tenants.register(
            "hpki-ca", "HPKI CA", Model.ITAKU, ["http://127.0.0.1"]
        )

        class Check:
            def verify_cms(self, signature: bytes, content: bytes) -> Receipted[SignatureResult]:
                return platform.verify_cms(tenant, signature, content)

        def card_signature(text: bytes) -> bytes:
            return (
                pkcs7.PKCS7SignatureBuilder().set_data(text)
                .add_signer(sign.certificate, sign_key, hashes.SHA256())
                .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
            )  # fmt: skip

        registry = QualificationRegistry(Path(folder) / "hpki" / "registry.json")
        registry.register(Licence("512345", Qualification.DOCTOR, DOCTOR.name, DOCTOR.birth_date))
        hpki = HpkiAuthority.create(Path(folder) / "hpki", clock, registry, "http://127.0.0.1:9")
        key = DoctorKey.create(Path(folder) / "doctor.key")
        asked = application(key, "x", "512345", Qualification.DOCTOR, card_signature)
        certificate = x509.load_pem_x509_certificate(
            hpki.issue(asked, Check()).certificate.encode()
        )
        # A CRL that is not empty: 1,000 other revoked doctors.
        for _ in range(1000):
            other = hpki._sign(key.key.public_key(), "他", Qualification.DOCTOR, "1", "r")
            hpki.revoke(int(other.serial, 16))
        prescription = Prescription(
            access_code="0123456789ABCDEF", clinic="1312345678", issued_at=START, patient_name="山田\u3000太郎",
            patient_birth_date=dt.date(1980, 5, 17), insured_number="01130012-0001-000001",
            medicines=(Medicine(name="Amlodipine 5 mg", dose="1 tablet", days=28),),
        )  # fmt: skip
        signed = key.sign(prescription.content(), certificate)
        crl = hpki.crl_path.read_bytes()
        kept = HpkiTrust(hpki.certificate, lambda: crl)
        fresh = HpkiTrust(hpki.certificate, lambda: crl, dt.timedelta(0))
        at = clock.now()
        assert check_prescription(signed, kept, at).valid
        assert check_prescription(signed, fresh, at).valid

        document = b"JPKI plain CMS baseline"
        jpki_cms = card_signature(document)
        assert verify_cms(setup.validator, jpki_cms, content=document, at=at).valid
        baseline = rate(
            count, lambda: verify_cms(setup.validator, jpki_cms, content=document, at=at)
        )
        ours_kept = rate(count, lambda: check_prescription(signed, kept, at))
        ours_fresh = rate(max(count // 10, 50), lambda: check_prescription(signed, fresh, at))
        report(
            "e-prescription check, HPKI CRL (1,001 entries) kept",
            ours_kept,
            baseline,
            "checks/s",
            "report",
        )
        report(
            "e-prescription check, HPKI CRL parsed and verified each time",
            ours_fresh,
            baseline,
            "checks/s",
            "report",
        )
        platform.close()
        setup.close()


if __name__ == "__main__":
    main()
