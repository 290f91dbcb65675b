"""Keys J-LIS holds besides the two roots, each with a self-signed certificate it publishes.

The card issuer (seals card-info files) and the terminal CA (certifies institution terminals
for PIN-less authentication) are such keys: created on first use, kept in the key store, their
certificates written under `roots/` for verifiers and cards to trust.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from jpki.authority.ca import new_rsa_key, new_serial
from jpki.authority.keystore import KeyStore
from jpki.clock import Clock
from jpki.files import atomic_write
from jpki.profile.purpose import PRODUCTION_ORGANIZATION, TEST_ORGANIZATION


class SelfSignedKey:
    """One named key of the authority and its published self-signed certificate."""

    def __init__(
        self,
        keys: KeyStore,
        key_name: str,
        certificate_path: Path,
        common_name: str,
        clock: Clock,
        *,
        test: bool,
        ca: bool = False,
    ) -> None:
        self._keys = keys
        self._key_name = key_name
        self._path = certificate_path
        self._common_name = common_name
        self._clock = clock
        self._test = test
        self._ca = ca

    @property
    def name(self) -> x509.Name:
        organization = TEST_ORGANIZATION if self._test else PRODUCTION_ORGANIZATION
        return x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                x509.NameAttribute(NameOID.COMMON_NAME, self._common_name),
            ]
        )

    @property
    def key(self) -> rsa.RSAPrivateKey:
        self._ensure()
        return self._keys.load(self._key_name)

    @property
    def certificate(self) -> x509.Certificate:
        self._ensure()
        return x509.load_pem_x509_certificate(self._path.read_bytes())

    def _ensure(self) -> None:
        if self._path.exists():
            return
        key = new_rsa_key()
        self._keys.save(self._key_name, key)
        now = self._clock.now().replace(microsecond=0)
        builder = (
            x509.CertificateBuilder()
            .subject_name(self.name)
            .issuer_name(self.name)
            .public_key(key.public_key())
            .serial_number(new_serial())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=3653))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        )
        if self._ca:
            builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=0), True)
        certificate = builder.sign(key, hashes.SHA256())
        atomic_write(self._path, certificate.public_bytes(serialization.Encoding.PEM))


__all__ = ["SelfSignedKey"]
