"""Trust anchors (トラストアンカー): J-LIS roots of several key generations that share one name.

J-LIS renews its root keys while keeping the root name (JPKI.md §3), so a certificate's issuer
name alone does not say which key signed it. The anchors are indexed by name and by key
identifier; the issuer of a certificate is the anchor whose key identifier matches the
certificate's authority key identifier and whose key verifies its signature (the key identifier
is only a hint: a certificate may lack it or lie).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Sequence
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from jpki.profile.purpose import CertificatePurpose, purpose_of_root_name
from jpki.verifier.errors import TrustAnchorError

CERTIFICATE_SUFFIXES = (".pem", ".crt", ".cer", ".der")


def subject_key_id(certificate: x509.Certificate) -> bytes:
    """The subject key identifier, or the RFC 5280 method-1 hash of the key if there is none."""
    try:
        return certificate.extensions.get_extension_for_class(
            x509.SubjectKeyIdentifier
        ).value.digest
    except x509.ExtensionNotFound:
        spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.PKCS1)
        return hashlib.sha1(spki).digest()


@dataclasses.dataclass(frozen=True)
class Anchor:
    """One trusted root certificate (one key generation)."""

    certificate: x509.Certificate
    key_id: bytes
    purpose: CertificatePurpose | None
    """Which JPKI root this is; None for an anchor of another PKI."""
    der: bytes

    @classmethod
    def of(cls, certificate: x509.Certificate) -> Anchor:
        return cls(
            certificate,
            subject_key_id(certificate),
            purpose_of_root_name(certificate.subject),
            certificate.public_bytes(Encoding.DER),
        )

    def issued(self, certificate: x509.Certificate) -> bool:
        """Whether this anchor's key signed `certificate` (and its issuer name is ours).

        cryptography no longer verifies certificate signatures over SHA-1; those (RSA PKCS#1
        v1.5 only) are verified here, so that the validator can tell a SHA-1 certificate J-LIS's
        key really signed (`weak algorithm`, acceptable for archives) from a forgery.
        """
        try:
            certificate.verify_directly_issued_by(self.certificate)
        except ValueError:
            return self._issued_over_sha1(certificate)
        except (TypeError, InvalidSignature, UnsupportedAlgorithm):
            return False
        return True

    def _issued_over_sha1(self, certificate: x509.Certificate) -> bool:
        key = self.certificate.public_key()
        try:
            algorithm = certificate.signature_hash_algorithm
            scheme = certificate.signature_algorithm_parameters
        except (ValueError, UnsupportedAlgorithm):
            return False
        if (
            certificate.issuer != self.certificate.subject
            or not isinstance(key, rsa.RSAPublicKey)
            or not isinstance(algorithm, hashes.SHA1)
            or not isinstance(scheme, padding.PKCS1v15)
        ):
            return False
        try:
            key.verify(certificate.signature, certificate.tbs_certificate_bytes, scheme, algorithm)
        except InvalidSignature:
            return False
        return True


class TrustAnchors:
    """A set of anchors, looked up by name and key identifier."""

    def __init__(self, certificates: Iterable[x509.Certificate]) -> None:
        self._by_name: dict[x509.Name, list[Anchor]] = {}
        self._by_key_id: dict[bytes, Anchor] = {}
        for certificate in certificates:
            anchor = Anchor.of(certificate)
            if anchor.key_id in self._by_key_id:
                continue
            self._by_key_id[anchor.key_id] = anchor
            self._by_name.setdefault(certificate.subject, []).append(anchor)

    @classmethod
    def load(cls, paths: Sequence[Path | str]) -> TrustAnchors:
        """Anchors from PEM or DER files, or from every certificate file in folders."""
        certificates: list[x509.Certificate] = []
        for path in map(Path, paths):
            files = (
                sorted(p for p in path.iterdir() if p.suffix.lower() in CERTIFICATE_SUFFIXES)
                if path.is_dir()
                else [path]
            )
            for file in files:
                certificates += read_certificates(file)
        if not certificates:
            raise TrustAnchorError(f"no certificates found in {', '.join(map(str, paths))}")
        return cls(certificates)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._by_key_id.values())

    def __len__(self) -> int:
        return len(self._by_key_id)

    def by_key_id(self, key_id: bytes) -> Anchor | None:
        return self._by_key_id.get(key_id)

    def named(self, name: x509.Name) -> list[Anchor]:
        return self._by_name.get(name, [])

    def is_jpki_issuer(self, name: x509.Name) -> bool:
        """Whether `name` is the name of a JPKI root we hold (so the fast path applies)."""
        return any(anchor.purpose is not None for anchor in self.named(name))

    def issuer_of(
        self, certificate: x509.Certificate, authority_key_id: bytes | None
    ) -> Anchor | None:
        """The anchor whose key signed `certificate`, trying the hinted generation first."""
        candidates = self.named(certificate.issuer)
        hinted = self._by_key_id.get(authority_key_id) if authority_key_id else None
        if hinted is not None and hinted in candidates:
            candidates = [hinted, *(c for c in candidates if c is not hinted)]
        return next((anchor for anchor in candidates if anchor.issued(certificate)), None)


def read_certificates(path: Path) -> list[x509.Certificate]:
    """All certificates in a PEM file (one or many) or one DER certificate."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TrustAnchorError(f"cannot read {path}: {exc.strerror}") from exc
    try:
        if b"-----BEGIN" in data:
            return x509.load_pem_x509_certificates(data)
        return [x509.load_der_x509_certificate(data)]
    except ValueError as exc:
        raise TrustAnchorError(f"{path} is not a certificate: {exc}") from exc


__all__ = ["Anchor", "TrustAnchors", "read_certificates", "subject_key_id"]
