"""Key pairs that stand in for the card's on-chip keys until the card party exists.

In the real system the card generates its key pairs and never lets the private keys out;
the authority only ever sees public keys (and that is all `jpki.authority` accepts). The
sandbox needs holders who can sign, so it keeps their private keys in files under
`holders/` (mode 0600). The card issue replaces these with card images.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.files import atomic_write
from jpki.profile.purpose import CertificatePurpose


def generate_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(65537, 2048)


class HolderKeys:
    """Private keys of sandbox holders, one file per resident and purpose."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def path(self, resident_id: str, purpose: CertificatePurpose) -> Path:
        return self.directory / f"{resident_id}-{purpose}.key"

    def new(self, resident_id: str, purpose: CertificatePurpose) -> rsa.RSAPrivateKey:
        """Generate (as the card would) and keep a fresh key pair; returns the private key."""
        key = generate_key()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        atomic_write(self.path(resident_id, purpose), pem, mode=0o600)
        return key

    def load(self, resident_id: str, purpose: CertificatePurpose) -> rsa.RSAPrivateKey:
        key = serialization.load_pem_private_key(self.path(resident_id, purpose).read_bytes(), None)
        assert isinstance(key, rsa.RSAPrivateKey)
        return key


__all__ = ["HolderKeys", "generate_key"]
