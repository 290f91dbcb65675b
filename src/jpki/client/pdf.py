"""Signing a PDF with the card: a pyHanko signer whose private key never leaves the card.

pyHanko builds the PDF signature (PAdES baseline, CMS inside the document) and asks its
`Signer` for one raw signature over the signed attributes. `CardSigner` answers that by
sending the digest to the card's signing key (署名用), the same COMPUTE DIGITAL SIGNATURE as
any other card signature. The signing certificate and the J-LIS root read from the card go
into the signature, so pyHanko, Acrobat or poppler's `pdfsig` can validate it.
"""

from __future__ import annotations

import hashlib
import io

from asn1crypto import algos
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers, timestamps
from pyhanko_certvalidator.registry import SimpleCertificateStore

from jpki.client.token import JpkiToken
from jpki.profile.purpose import CertificatePurpose

RSA_2048_BYTES = 256


def _asn1(certificate: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))


class CardSigner(signers.Signer):
    """A pyHanko signer backed by the card's signing key (verify the password first)."""

    def __init__(
        self, token: JpkiToken, certificate: x509.Certificate, root: x509.Certificate
    ) -> None:
        super().__init__(
            signing_cert=_asn1(certificate),
            cert_registry=SimpleCertificateStore.from_certs([_asn1(root)]),
            signature_mechanism=algos.SignedDigestAlgorithm({"algorithm": "sha256_rsa"}),
        )
        self.token = token

    async def async_sign_raw(
        self, data: bytes, digest_algorithm: str, dry_run: bool = False
    ) -> bytes:
        if dry_run:  # pyHanko sizes the signature container first
            return bytes(RSA_2048_BYTES)
        digest = hashlib.new(digest_algorithm, data).digest()
        return self.token.sign_digest(CertificatePurpose.SIGN, digest_algorithm, digest)


def sign_pdf(
    token: JpkiToken,
    pdf: bytes,
    *,
    field_name: str = "JPKISignature",
    reason: str | None = None,
    location: str | None = None,
    timestamper: timestamps.TimeStamper | None = None,
) -> bytes:
    """`pdf` with a new signature by the card holder (signing password verified beforehand);
    with a time-stamping authority, a signature time-stamp too (PAdES B-T)."""
    certificate = token.certificate(CertificatePurpose.SIGN)
    root = token.ca_certificate(CertificatePurpose.SIGN)
    signer = CardSigner(token, certificate, root)
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        reason=reason,
        location=location,
        subfilter=fields.SigSeedSubFilter.PADES,
    )
    pdf_signer = signers.PdfSigner(metadata, signer=signer, timestamper=timestamper)
    out = io.BytesIO()
    pdf_signer.sign_pdf(writer, output=out)
    return out.getvalue()


__all__ = ["CardSigner", "sign_pdf"]
