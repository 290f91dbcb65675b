"""CMS SignedData (RFC 5652), detached or attached, signed by the card's signing key.

The card signs the DER of the signed attributes (content type, message digest, signing time, and
ESS signing-certificate-v2 binding the signer's certificate, as CAdES requires);
the document itself never leaves the computer, only its digest does. asn1crypto encodes the
structure; `openssl cms -verify` accepts the result.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from asn1crypto import cms, tsp
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.client.token import JpkiToken
from jpki.profile.purpose import CertificatePurpose


def _signing_certificate(signer: asn1_x509.Certificate) -> tsp.SigningCertificateV2:
    """ESS signing-certificate-v2: the SHA-256 of the signer's certificate and its issuer/serial."""
    return tsp.SigningCertificateV2(
        {
            "certs": [
                {
                    "cert_hash": hashlib.sha256(signer.dump()).digest(),
                    "issuer_serial": {
                        "issuer": [asn1_x509.GeneralName({"directory_name": signer.issuer})],
                        "serial_number": signer.serial_number,
                    },
                }
            ]
        }
    )


def sign_detached(
    token: JpkiToken,
    content: bytes,
    certificate: x509.Certificate,
    signing_time: dt.datetime,
    purpose: CertificatePurpose = CertificatePurpose.SIGN,
    *,
    attached: bool = False,
) -> bytes:
    """DER ContentInfo with a SignedData over `content` (PIN verified beforehand).

    The content stays outside (detached, the default) or travels inside (`attached=True`).
    """
    return _signed_data(
        token,
        hashlib.sha256(content).digest(),
        content if attached else None,
        certificate,
        signing_time,
        purpose,
    )


def sign_digest_detached(
    token: JpkiToken,
    content_digest: bytes,
    certificate: x509.Certificate,
    signing_time: dt.datetime,
) -> bytes:
    """A detached signature over a content known only by its SHA-256 (a signing request from
    a service that keeps the document to itself), with the signing key."""
    if len(content_digest) != hashlib.sha256().digest_size:
        raise ValueError("the content digest must be a SHA-256 (32 bytes)")
    return _signed_data(
        token, content_digest, None, certificate, signing_time, CertificatePurpose.SIGN
    )


def _signed_data(
    token: JpkiToken,
    content_digest: bytes,
    content: bytes | None,
    certificate: x509.Certificate,
    signing_time: dt.datetime,
    purpose: CertificatePurpose,
) -> bytes:
    signer = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
    attributes = cms.CMSAttributes(
        [
            cms.CMSAttribute({"type": "content_type", "values": ["data"]}),
            cms.CMSAttribute({"type": "message_digest", "values": [content_digest]}),
            cms.CMSAttribute(
                {"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]}
            ),
            cms.CMSAttribute(
                {"type": "signing_certificate_v2", "values": [_signing_certificate(signer)]}
            ),
        ]
    )
    signature = token.sign_digest(purpose, "sha256", hashlib.sha256(attributes.dump()).digest())
    signer_info = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": {
                        "issuer": signer.issuer,
                        "serial_number": signer.serial_number,
                    }
                }
            ),
            "digest_algorithm": {"algorithm": "sha256"},
            "signed_attrs": attributes,
            "signature_algorithm": {"algorithm": "rsassa_pkcs1v15"},
            "signature": signature,
        }
    )
    signed_data = cms.SignedData(
        {
            "version": "v1",
            "digest_algorithms": [{"algorithm": "sha256"}],
            "encap_content_info": {
                "content_type": "data",
                "content": content,
            },
            "certificates": [signer],
            "signer_infos": [signer_info],
        }
    )
    return cms.ContentInfo({"content_type": "signed_data", "content": signed_data}).dump()


__all__ = ["sign_detached", "sign_digest_detached"]
