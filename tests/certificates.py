"""A stranger's certificate: self-signed, outside any JPKI root, for tests that need a
well-formed certificate nobody trusts (a protocol message must carry a real DER certificate)."""

from __future__ import annotations

import base64
import datetime as dt
import functools

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def stranger(serial: int = 1) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A self-signed certificate with `serial` (RFC 5280 allows up to 20 bytes) and its key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "stranger")])
    since = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(serial)
        .not_valid_before(since)
        .not_valid_after(since + dt.timedelta(days=3650))
        .sign(key, hashes.SHA256())
    )
    return certificate, key


@functools.cache
def stranger_b64() -> str:
    """A stranger's certificate, DER in base64, as a wallet answer carries one."""
    return base64.b64encode(stranger()[0].public_bytes(serialization.Encoding.DER)).decode()
