"""An HPKI world for the tests: a JPKI authority with a doctor and a pharmacist holding cards,
the platform with the HPKI authority as its 委託 tenant, the qualification registry, the HPKI CA."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.serialization import pkcs7

from jpki.apps.kit.prescriptions import HpkiTrust
from jpki.authority.service import Authority
from jpki.client.hpki import DoctorKey, application
from jpki.clock import ManualClock
from jpki.hpki.authority import HpkiAuthority
from jpki.hpki.registry import Licence, QualificationRegistry
from jpki.platform.service import Platform
from jpki.platform.tenants import Model, Tenant
from jpki.profile.four_info import FourInfo, Sex
from jpki.protocol.hpki import Medicine, Prescription, Qualification
from jpki.protocol.verification import Receipted, SignatureResult
from tests.holders import Holder, make_holder
from tests.platform.helpers import make_platform

DOCTOR = FourInfo(
    "佐藤\u3000花子", "東京都文京区本郷７丁目３番１号", dt.date(1975, 4, 2), Sex.FEMALE
)
PHARMACIST = FourInfo(
    "鈴木\u3000一郎", "東京都新宿区西新宿２丁目８番１号", dt.date(1982, 9, 30), Sex.MALE
)
DOCTOR_LICENCE, PHARMACIST_LICENCE = "512345", "398765"
HPKI_URL = "http://127.0.0.1:9/hpki"


def card_signature(holder: Holder) -> Callable[[bytes], bytes]:
    """What the card does for the application: a detached CMS by the signing key."""

    def sign(text: bytes) -> bytes:
        assert holder.sign_key is not None
        return (
            pkcs7.PKCS7SignatureBuilder().set_data(text)
            .add_signer(holder.sign.certificate, holder.sign_key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
        )  # fmt: skip

    return sign


@dataclasses.dataclass
class InProcessCheck:
    """The platform's `/v1/signatures/cms` for the HPKI tenant, without HTTP."""

    platform: Platform
    tenant: Tenant

    def verify_cms(self, signature: bytes, content: bytes) -> Receipted[SignatureResult]:
        return self.platform.verify_cms(self.tenant, signature, content)


@dataclasses.dataclass
class HpkiWorld:
    authority: Authority
    platform: Platform
    check: InProcessCheck
    registry: QualificationRegistry
    hpki: HpkiAuthority
    doctor: Holder
    pharmacist: Holder
    clock: ManualClock


def make_hpki_world(authority: Authority, clock: ManualClock, tmp_path: Path) -> HpkiWorld:
    doctor, pharmacist = make_holder(authority, DOCTOR), make_holder(authority, PHARMACIST)
    platform = make_platform(authority, clock, tmp_path / "platform")
    tenant, _ = platform.tenants.register("hpki-ca", "HPKI CA", Model.ITAKU, ["http://127.0.0.1"])
    registry = QualificationRegistry(tmp_path / "hpki" / "registry.json")
    registry.register(Licence(DOCTOR_LICENCE, Qualification.DOCTOR, DOCTOR.name, DOCTOR.birth_date))
    registry.register(
        Licence(
            PHARMACIST_LICENCE, Qualification.PHARMACIST, PHARMACIST.name, PHARMACIST.birth_date
        )
    )
    hpki = HpkiAuthority.create(tmp_path / "hpki", clock, registry, HPKI_URL)
    return HpkiWorld(
        authority,
        platform,
        InProcessCheck(platform, tenant),
        registry,
        hpki,
        doctor,
        pharmacist,
        clock,
    )


PATIENT = FourInfo(
    "山田\u3000太郎", "東京都千代田区霞が関２丁目１番２号", dt.date(1980, 5, 17), Sex.MALE
)


def a_prescription(
    at: dt.datetime, patient: FourInfo = PATIENT, code: str = "0123456789ABCDEF"
) -> Prescription:
    """A prescription for `patient` written at `at`."""
    return Prescription(
        access_code=code, clinic="1312345678", issued_at=at, patient_name=patient.name,
        patient_birth_date=patient.birth_date, insured_number="01130012-0001-000001",
        medicines=(Medicine(name="アムロジピン錠5mg / Amlodipine 5 mg", dose="1錠 朝食後 / 1 tablet after breakfast", days=28),),
    )  # fmt: skip


def issue_key(
    world: HpkiWorld, folder: Path, holder: Holder, licence: str, qualification: Qualification
) -> tuple[DoctorKey, x509.Certificate]:
    """A key file in `folder` and its HPKI certificate, applied for with `holder`'s card."""
    key = DoctorKey.create(folder / f"{licence}.key")
    asked = application(key, "x", licence, qualification, card_signature(holder))
    return key, x509.load_pem_x509_certificate(
        world.hpki.issue(asked, world.check).certificate.encode()
    )


def trust_of(world: HpkiWorld) -> HpkiTrust:
    """The pharmacy's trust in `world`'s HPKI CA, reading its CRL file."""
    return HpkiTrust(world.hpki.certificate, world.hpki.crl_path.read_bytes)
