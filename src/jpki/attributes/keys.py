"""The attribute authority's signing key and certificate.

RFC 5755 section 4.5: an AC issuer is not a CA, so its certificate says `cA: FALSE`; it signs
ACs (digitalSignature) and its own CRL (cRLSign). In the sandbox the certificate is
self-signed (in Japan an authority's certificate would come from a commercial CA or LGPKI);
a relying party trusts it as given (`AuthorityAbout.certificate`). ECDSA P-256: the AA's
keys are ours to choose, unlike the card's RSA-2048.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from jpki.files import atomic_write, private_folder, write_private_key

VALIDITY = dt.timedelta(days=3650)
KEY_FILE, CERTIFICATE_FILE = "aa.key", "aa.pem"


@dataclasses.dataclass(frozen=True)
class AuthorityKeys:
    """The key that signs ACs and the CRL, and the certificate relying parties trust."""

    key: ec.EllipticCurvePrivateKey
    certificate: x509.Certificate

    @property
    def key_identifier(self) -> bytes:
        return x509.SubjectKeyIdentifier.from_public_key(self.key.public_key()).digest

    @classmethod
    def create(cls, folder: Path, name: str, now: dt.datetime) -> AuthorityKeys:
        """A new key and certificate for the authority `name`, kept in `folder` (0600)."""
        private_folder(folder)
        key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, "JPKI Sandbox"),
                x509.NameAttribute(NameOID.COMMON_NAME, name),
            ]
        )
        certificate = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + VALIDITY)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        write_private_key(folder / KEY_FILE, key)
        atomic_write(
            folder / CERTIFICATE_FILE, certificate.public_bytes(serialization.Encoding.PEM)
        )
        return cls(key, certificate)

    @classmethod
    def load(cls, folder: Path) -> AuthorityKeys:
        key = serialization.load_pem_private_key((folder / KEY_FILE).read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError(f"{folder / KEY_FILE} is not an EC key")
        certificate = x509.load_pem_x509_certificate((folder / CERTIFICATE_FILE).read_bytes())
        return cls(key, certificate)

    @classmethod
    def open(cls, folder: Path, name: str, now: dt.datetime) -> AuthorityKeys:
        """The keys in `folder`, made on first use."""
        if (folder / KEY_FILE).exists():
            return cls.load(folder)
        return cls.create(folder, name, now)


__all__ = ["AuthorityKeys"]
