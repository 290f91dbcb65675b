"""A card application issuer's side of the free area (空き領域): its install key and packages.

An issuer that passed the minister's check holds an install key and J-LIS's install
certificate for its application's AID (`DIR/free-area/<issuer>/install.{pem,key}` in the
sandbox). It signs a package for one card, the one whose JPKI authentication certificate it
has just checked (jpki.profile.free_area).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, load_pem_private_key

from jpki.profile.free_area import (
    DELETE_DOMAIN,
    INSTALL_DOMAIN,
    Manifest,
    Removal,
    SignedPackage,
    install_certificate_aid,
)


@dataclasses.dataclass(frozen=True)
class AppletIssuer:
    """An issuer's install certificate and key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @classmethod
    def load(cls, folder: Path) -> AppletIssuer:
        key = load_pem_private_key((folder / "install.key").read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("an install key is ECDSA")
        certificate = x509.load_pem_x509_certificate((folder / "install.pem").read_bytes())
        return cls(certificate, key)

    @property
    def aid(self) -> bytes:
        return install_certificate_aid(self.certificate)

    def _signed(self, domain: bytes, body: bytes) -> bytes:
        signature = self.key.sign(domain + body, ec.ECDSA(hashes.SHA256()))
        return SignedPackage(self.certificate.public_bytes(Encoding.DER), body, signature).encode()

    def install_package(self, manifest: Manifest) -> bytes:
        """INSTALL's data for `manifest` (for the card its binding names)."""
        return self._signed(INSTALL_DOMAIN, manifest.encode())

    def removal_package(self, removal: Removal) -> bytes:
        return self._signed(DELETE_DOMAIN, removal.encode())


__all__ = ["AppletIssuer"]
