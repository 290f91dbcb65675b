"""The doctor's HPKI client (HPKI署名クライアント): the doctor's own signing key, the request
(CSR) for its certificate, the application signed with the card, and e-prescriptions signed
with the key.

The key is a software key file (ECDSA P-256, PKCS#8 PEM, mode 0600 in a 0700 folder) that the
client makes and keeps: the HPKI authority sees only the request, the clinic only the CMS.
(Real HPKI keys live on an HPKI card; a key in a card image would need a second applet, so the
sandbox keeps it in a file: docs/hpki.md.) Signatures are CMS SignedData with the content
attached, made by `cryptography` (its PKCS#7 builder adds the content-type, message-digest and
signing-time attributes), so a pharmacy and `openssl cms -verify` read them alone.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID

from jpki.files import write_private_key
from jpki.protocol.codec import encode_b64
from jpki.protocol.hpki import Application, Qualification, application_text


class DoctorKey:
    """The doctor's HPKI signing key, in its file."""

    def __init__(self, key: ec.EllipticCurvePrivateKey) -> None:
        self.key = key

    @classmethod
    def create(cls, path: Path) -> DoctorKey:
        """A new P-256 key written to `path` (0600)."""
        key = ec.generate_private_key(ec.SECP256R1())
        write_private_key(path, key)
        return cls(key)

    @classmethod
    def load(cls, path: Path) -> DoctorKey:
        key = serialization.load_pem_private_key(path.read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise TypeError("an HPKI key file holds a P-256 key")
        return cls(key)

    def request(self, name: str) -> str:
        """A CSR (PEM) for this key; the authority sets the subject from the registry."""
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        csr = (
            x509.CertificateSigningRequestBuilder()
            .subject_name(subject)
            .sign(self.key, hashes.SHA256())
        )
        return csr.public_bytes(serialization.Encoding.PEM).decode()

    def sign(self, content: bytes, certificate: x509.Certificate) -> bytes:
        """A CMS SignedData (DER) over `content`, attached, by this key and `certificate`."""
        return (
            pkcs7.PKCS7SignatureBuilder()
            .set_data(content)
            .add_signer(certificate, self.key, hashes.SHA256())
            .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.Binary])
        )


def application(
    key: DoctorKey, name: str, licence_number: str, qualification: Qualification,
    card_signature: Callable[[bytes], bytes],
) -> Application:  # fmt: skip
    """The application for an HPKI certificate: a CSR for `key` and the application text
    signed by `card_signature` (a detached CMS by the card's signing key, 署名用電子証明書:
    `jpki.client.cms.sign_detached` through a reader, or the wallet)."""
    csr = key.request(name)
    signature = card_signature(application_text(csr, licence_number, qualification))
    return Application(
        csr=csr, licence_number=licence_number, qualification=qualification,
        signature=encode_b64(signature),
    )  # fmt: skip


__all__ = ["DoctorKey", "application"]
