"""Attribute certificates (属性証明書) as the authority issues them: RFC 5755 AttributeCertificate
(version 2) encoded by asn1crypto and signed by the authority's key with `cryptography`.

The profile (RFC 5755 section 4):
- holder: `entityName` only, one URI naming the platform's stable ID of the person for the
  authority's tenant (`jpki.protocol.attributes.HolderName`); no baseCertificateID, since a
  JPKI certificate's issuer and serial change at every renewal while the person does not;
- issuer: `v2Form` with the authority's directory name only;
- attributes: one `role` (RoleSyntax, roleName a URI naming the kind) and, when the attribute
  has details, one `group` (IetfAttrSyntax, UTF8String values `key=value`);
- extensions: authorityKeyIdentifier and crlDistributionPoints (the authority's CRL), both
  non-critical; noRevAvail is never set (every AC is revocable), and there is no AC targeting
  (targetInformation): the ACs are meant for any relying party that trusts the authority.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from asn1crypto import algos, cms, core
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from jpki.attributes.keys import AuthorityKeys
from jpki.protocol.attributes import AttributeKind, HolderName

DETAIL_SEPARATOR = "="


@dataclasses.dataclass(frozen=True)
class AttributeCertificateContent:
    """What one AC says: who, what, from when to when, and where its revocation is told."""

    serial: int
    holder: HolderName
    kind: AttributeKind
    details: dict[str, str]
    not_before: dt.datetime
    not_after: dt.datetime
    crl_url: str


def _uri(value: str) -> asn1_x509.GeneralName:
    return asn1_x509.GeneralName(name="uniform_resource_identifier", value=value)


def _attributes(kind: AttributeKind, details: dict[str, str]) -> list[cms.AttCertAttribute]:
    attributes = [
        cms.AttCertAttribute(
            {"type": "role", "values": [cms.RoleSyntax({"role_name": _uri(kind.role_urn)})]}
        )
    ]
    if details:
        values = [
            cms.IetfAttrValue(name="string", value=f"{key}{DETAIL_SEPARATOR}{value}")
            for key, value in details.items()
        ]
        attributes.append(
            cms.AttCertAttribute(
                {"type": "group", "values": [cms.IetfAttrSyntax({"values": values})]}
            )
        )
    return attributes


def build_attribute_certificate(keys: AuthorityKeys, content: AttributeCertificateContent) -> bytes:
    """The DER of the AC `content` describes, signed by the authority (ECDSA with SHA-256)."""
    issuer = asn1_x509.Name.load(keys.certificate.subject.public_bytes())
    extensions = [
        {
            "extn_id": "authority_key_identifier",
            "critical": False,
            "extn_value": {"key_identifier": keys.key_identifier},
        },
        {
            "extn_id": "crl_distribution_points",
            "critical": False,
            "extn_value": [{"distribution_point": {"full_name": [_uri(content.crl_url)]}}],
        },
    ]
    info = cms.AttributeCertificateInfoV2(
        {
            "version": "v2",
            "holder": cms.Holder({"entity_name": [_uri(content.holder.urn)]}),
            "issuer": cms.AttCertIssuer(
                name="v2_form",
                value=cms.V2Form(
                    {"issuer_name": [asn1_x509.GeneralName(name="directory_name", value=issuer)]}
                ),
            ),
            "signature": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            "serial_number": content.serial,
            "att_cert_validity_period": {
                "not_before_time": core.GeneralizedTime(content.not_before.astimezone(dt.UTC)),
                "not_after_time": core.GeneralizedTime(content.not_after.astimezone(dt.UTC)),
            },
            "attributes": _attributes(content.kind, content.details),
            "extensions": extensions,
        }
    )
    signature = keys.key.sign(info.dump(), ec.ECDSA(hashes.SHA256()))
    certificate = cms.AttributeCertificateV2(
        {
            "ac_info": info,
            "signature_algorithm": algos.SignedDigestAlgorithm({"algorithm": "sha256_ecdsa"}),
            "signature": signature,
        }
    )
    return bytes(certificate.dump())


__all__ = ["DETAIL_SEPARATOR", "AttributeCertificateContent", "build_attribute_certificate"]
