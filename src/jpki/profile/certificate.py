"""Reading JPKI certificates, whoever made them.

`describe_certificate` classifies a certificate as a JPKI root or end-entity certificate of
either purpose and decodes what the profile puts in it. It relies on the profile (policy
OIDs, root names, otherName entries), never on details of our own CA, so it reads real J-LIS
roots and certificates built by other tools the same way as ours.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from cryptography import x509
from cryptography.x509.oid import ExtensionOID, NameOID

from jpki.profile.errors import MalformedFourInfo, ProfileError
from jpki.profile.four_info import FlagMismatch, FourInfo, read_four_info
from jpki.profile.medium import Medium, medium_of_policies
from jpki.profile.purpose import CertificatePurpose, purpose_of_root_name


@dataclasses.dataclass(frozen=True)
class CertificateDescription:
    """What the JPKI profile says about one certificate."""

    purpose: CertificatePurpose
    """Authentication (利用者証明用) or signing (署名用)."""
    is_ca: bool
    """True for a J-LIS root."""
    serial: int
    subject_id: str | None
    """The opaque CN of an end-entity certificate (None for a root)."""
    localities: tuple[str, ...]
    """The `L=` values of a signing certificate's subject: prefecture, then municipality."""
    four_info: FourInfo | None
    """The basic 4 information of a signing certificate (None otherwise)."""
    not_before: dt.datetime
    not_after: dt.datetime
    authority_key_id: bytes | None
    """Key identifier of the issuing root generation (None if the certificate has none)."""
    subject_key_id: bytes | None
    flag_mismatches: tuple[FlagMismatch, ...] = ()
    """Substitute-character flag strings that did not fit their text (read anyway)."""
    medium: Medium = Medium.CARD
    """Card or phone (スマホ用電子証明書), from the phone policy (jpki.profile.medium)."""


def _extension(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> x509.ExtensionType | None:
    try:
        return cert.extensions.get_extension_for_oid(oid).value
    except x509.ExtensionNotFound:
        return None


def _policies(cert: x509.Certificate) -> list[x509.ObjectIdentifier]:
    value = _extension(cert, ExtensionOID.CERTIFICATE_POLICIES)
    if not isinstance(value, x509.CertificatePolicies):
        return []
    return [p.policy_identifier for p in value]


def describe_certificate(cert: x509.Certificate) -> CertificateDescription:
    """Classify and decode a JPKI certificate; raises ProfileError if it is not one.

    The purpose comes from the certificate policy for end-entity certificates and from the
    root name for CA certificates.
    """
    try:
        constraints = _extension(cert, ExtensionOID.BASIC_CONSTRAINTS)
        is_ca = isinstance(constraints, x509.BasicConstraints) and constraints.ca
        aki = _extension(cert, ExtensionOID.AUTHORITY_KEY_IDENTIFIER)
        ski = _extension(cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER)
        policies = _policies(cert)
        san = _extension(cert, ExtensionOID.SUBJECT_ALTERNATIVE_NAME)
    except ValueError as exc:  # cryptography parses extensions lazily
        raise ProfileError(f"certificate has malformed extensions: {exc}") from exc

    if is_ca:
        purpose = purpose_of_root_name(cert.subject)
    else:
        purpose = next(
            (p for p in map(CertificatePurpose.from_policy, policies) if p is not None), None
        )
    if purpose is None:
        raise ProfileError("not a JPKI certificate: no JPKI policy OID or root name")

    four_info: FourInfo | None = None
    mismatches: tuple[FlagMismatch, ...] = ()
    if purpose is CertificatePurpose.SIGN and not is_ca:
        if not isinstance(san, x509.SubjectAlternativeName):
            raise MalformedFourInfo("signing certificate without subjectAltName")
        four_info, mismatches = read_four_info(san)

    common_names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    subject_id = str(common_names[0].value) if common_names and not is_ca else None
    localities = tuple(
        str(a.value) for a in cert.subject.get_attributes_for_oid(NameOID.LOCALITY_NAME)
    )
    return CertificateDescription(
        purpose=purpose,
        is_ca=is_ca,
        serial=cert.serial_number,
        subject_id=subject_id,
        localities=localities,
        four_info=four_info,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        authority_key_id=aki.key_identifier
        if isinstance(aki, x509.AuthorityKeyIdentifier)
        else None,
        subject_key_id=ski.digest if isinstance(ski, x509.SubjectKeyIdentifier) else None,
        flag_mismatches=mismatches,
        medium=medium_of_policies(policies),
    )


__all__ = ["CertificateDescription", "describe_certificate"]
