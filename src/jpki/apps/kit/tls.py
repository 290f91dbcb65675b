"""A service's HTTPS endpoint with TLS client authentication (SSL/TLSクライアント認証) by the
card's authentication certificate (seed 002 No.14).

The composition root serves the endpoint's app over TLS, asking for a client certificate
under J-LIS's authentication root and refusing the handshake without one; the app reads the
verified certificate from the ASGI TLS extension and asks the platform about it. The server's
own certificate is a self-signed one for the endpoint's loopback address (each service of
`jpki up` has its own), made on first use in the service's folder (a real service has one from a public CA).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import ipaddress
import ssl
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from fastapi import FastAPI, Request

from jpki.apps.kit.card_requests import CardRefusal
from jpki.files import atomic_write, write_private_key


@dataclasses.dataclass(frozen=True)
class ClientAuthEndpoint:
    app: FastAPI
    certificate: Path
    """The server's certificate (PEM): what clients pin with `curl --cacert`."""
    key: Path


def _made_for(certificate: Path) -> str:
    names = x509.load_pem_x509_certificate(certificate.read_bytes()).subject
    return str(names.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def server_certificate(folder: Path, now: dt.datetime, address: str) -> tuple[Path, Path]:
    """`tls-server.pem` and `tls-server.key` (0600) in `folder` for the IP `address`, made
    once (again when the endpoint has moved to another address)."""
    certificate, key_file = folder / "tls-server.pem", folder / "tls-server.key"
    if certificate.exists() and key_file.exists() and _made_for(certificate) == address:
        return certificate, key_file
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, address)])
    built = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(address))]), critical=False)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    write_private_key(key_file, key)
    atomic_write(certificate, built.public_bytes(serialization.Encoding.PEM))
    return certificate, key_file


def client_certificate(request: Request) -> bytes:
    """The DER certificate the TLS handshake verified, or a refusal (served without TLS)."""
    tls: dict[str, Any] = request.scope.get("extensions", {}).get("tls", {})
    chain = tls.get("client_cert_chain") or []
    if not chain:
        raise CardRefusal("a TLS client certificate is required / クライアント証明書が必要です")
    return ssl.PEM_cert_to_DER_cert(chain[0])


__all__ = ["ClientAuthEndpoint", "client_certificate", "server_certificate"]
