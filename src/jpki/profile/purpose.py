"""The two certificate purposes of JPKI and the root names shared by every key generation."""

from __future__ import annotations

import enum

from cryptography import x509
from cryptography.x509.oid import NameOID, ObjectIdentifier

from jpki.profile import oids

AGENCY_OU = "Japan Agency for Local Authority Information Systems"
PRODUCTION_ORGANIZATION = "JPKI"
TEST_ORGANIZATION = "JPKI-TEST"
ROOT_SAN_ORGANIZATION = "公的個人認証サービス"


class CertificatePurpose(enum.StrEnum):
    """Which of the card's two certificates: `auth` (利用者証明用) or `sign` (署名用)."""

    AUTH = "auth"
    SIGN = "sign"

    @property
    def label_en(self) -> str:
        return "user authentication" if self is CertificatePurpose.AUTH else "digital signature"

    @property
    def label_ja(self) -> str:
        return "利用者証明用" if self is CertificatePurpose.AUTH else "署名用"

    @property
    def root_ou(self) -> str:
        """The purpose OU of the root name, e.g. `JPKI for digital signature`."""
        return f"JPKI for {self.label_en}"

    @property
    def policy_oid(self) -> ObjectIdentifier:
        return oids.POLICY_AUTH if self is CertificatePurpose.AUTH else oids.POLICY_SIGN

    @property
    def check_fee_yen(self) -> int:
        """J-LIS's fee to a verifier for one validity check of a certificate of this purpose."""
        return 2 if self is CertificatePurpose.AUTH else 20

    @classmethod
    def from_policy(cls, oid: ObjectIdentifier) -> CertificatePurpose | None:
        for purpose in cls:
            if purpose.policy_oid == oid:
                return purpose
        return None


def root_name(purpose: CertificatePurpose, *, test: bool = False) -> x509.Name:
    """The subject (and issuer) name of a JPKI root, identical for all key generations.

    `test=True` gives the test hierarchy's `O=JPKI-TEST` name, which our sandbox uses so that
    nothing it issues can be mistaken for a real J-LIS certificate.
    """
    organization = TEST_ORGANIZATION if test else PRODUCTION_ORGANIZATION
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, purpose.root_ou),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, AGENCY_OU),
        ]
    )


def root_san_name() -> x509.Name:
    """The directory name in every root's subjectAltName: `C=JP, O=公的個人認証サービス`."""
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, ROOT_SAN_ORGANIZATION),
        ]
    )


def purpose_of_root_name(name: x509.Name) -> CertificatePurpose | None:
    """Which purpose a JPKI root (or issuer) name stands for, or None if it is not one."""
    organizations = [a.value for a in name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)]
    if not any(o in (PRODUCTION_ORGANIZATION, TEST_ORGANIZATION) for o in organizations):
        return None
    units = {a.value for a in name.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)}
    for purpose in CertificatePurpose:
        if purpose.root_ou in units and AGENCY_OU in units:
            return purpose
    return None


__all__ = [
    "AGENCY_OU",
    "CertificatePurpose",
    "purpose_of_root_name",
    "root_name",
    "root_san_name",
]
