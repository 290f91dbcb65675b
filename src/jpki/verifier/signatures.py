"""Signature verdicts, and raw PKCS#1 v1.5 signatures as the card makes them.

A signature is good only when two things hold: the bytes are intact (the signature verifies
over the data with the signer's key) and the signer's certificate is valid. The
`SignatureVerdict` keeps both, so a service can tell "the document was altered" from "the
card was revoked since".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils

from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.verification import SignatureCheck
from jpki.verifier.algorithms import accepted_warning, digest_weakness, weak_message
from jpki.verifier.validation import Validator
from jpki.verifier.verdict import Status, Verdict

HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
    "sha1": hashes.SHA1(),
}


@dataclasses.dataclass(frozen=True)
class SignatureVerdict:
    """Whether a signature holds: integrity of the data plus the signer's certificate verdict."""

    kind: str
    """`raw`, `cms` or `pdf`."""
    intact: bool
    message: str
    certificate: Verdict
    signing_time: dt.datetime | None = None
    details: tuple[str, ...] = ()
    weak_algorithm: str | None = None
    """The weak digest the signature is made over (`jpki.verifier.algorithms`), e.g. `SHA-1`."""
    weak_accepted: bool = False
    """Whether the caller accepted `weak_algorithm` (for archives); else the signature is
    refused with the status `weak algorithm`."""

    @property
    def valid(self) -> bool:
        refused = self.weak_algorithm is not None and not self.weak_accepted
        return self.intact and not refused and self.certificate.valid

    @property
    def status(self) -> str:
        """`valid`, `invalid signature`, `weak algorithm`, or the certificate's status."""
        if not self.intact:
            return "invalid signature"
        if self.weak_algorithm is not None and not self.weak_accepted:
            return Status.WEAK_ALGORITHM.value
        return self.certificate.status.value

    def lines(self) -> list[str]:
        out = [
            f"signature / 署名: {'intact' if self.intact else 'NOT INTACT'} ({self.kind})"
            f" - {self.message}"
        ]
        if self.weak_algorithm is not None:
            out.append(
                f"status / 結果: {self.status} ({Status(self.status).label_ja})"
                if not self.weak_accepted
                else f"warning / 警告: {accepted_warning(self.weak_algorithm)}"
            )
        if self.signing_time is not None:
            out.append(f"signing time / 署名時刻: {self.signing_time.isoformat()}")
        out += list(self.details)
        out.append("signer certificate / 署名者証明書:")
        out += [f"  {line}" for line in self.certificate.lines()]
        return out

    def to_message(self) -> SignatureCheck:
        """The verdict as the platform's protocol carries it, every field given."""
        weak = {"weak_algorithm": self.weak_algorithm} if self.weak_algorithm else {}
        return SignatureCheck(
            **weak,
            kind=self.kind,
            valid=self.valid,
            status=self.status,
            intact=self.intact,
            message=self.message,
            signing_time=self.signing_time,
            details=self.details,
            certificate=self.certificate.to_message(),
        )

    def to_json(self) -> dict[str, Any]:
        return self.to_message().to_wire()


def rsa_key_verifies(
    key: object, signature: bytes, digest: bytes, algorithm: str = "sha256"
) -> bool:
    """Whether `signature` is `key`'s PKCS#1 v1.5 signature of a DigestInfo over `digest`.

    This is what the card's COMPUTE DIGITAL SIGNATURE produces.
    """
    hash_algorithm = HASHES.get(algorithm)
    if not isinstance(key, rsa.RSAPublicKey) or hash_algorithm is None:
        return False
    if len(digest) != hash_algorithm.digest_size:
        return False
    try:
        key.verify(signature, digest, padding.PKCS1v15(), utils.Prehashed(hash_algorithm))
    except (InvalidSignature, ValueError, UnsupportedAlgorithm):
        return False
    return True


def malformed(kind: str, message: str, at: dt.datetime) -> SignatureVerdict:
    """The verdict for input that is not even a signature."""
    return SignatureVerdict(kind, False, message, Verdict(Status.MALFORMED, message, at))


def verify_raw(
    validator: Validator,
    certificate: bytes | x509.Certificate,
    signature: bytes,
    *,
    data: bytes | None = None,
    digest: bytes | None = None,
    algorithm: str = "sha256",
    purpose: CertificatePurpose | None = None,
    at: dt.datetime | None = None,
    accept_weak: bool = False,
) -> SignatureVerdict:
    """A raw card signature over `data` (or its `digest`), and the signer's certificate.

    A digest J-LIS does not use (SHA-1, ...) is refused as `weak algorithm` unless
    `accept_weak` (for archives), which also accepts such a certificate.
    """
    verdict, public_key = validator.check_with_key(
        certificate, at=at, purpose=purpose, accept_weak=accept_weak
    )
    moment = verdict.checked_at
    if verdict.status is Status.MALFORMED or public_key is None:
        return SignatureVerdict("raw", False, "the certificate is malformed", verdict)
    if digest is None:
        if data is None or algorithm not in HASHES:
            return malformed("raw", "give the data or its digest and a known algorithm", moment)
        digest = hashlib.new(algorithm, data).digest()
    intact = rsa_key_verifies(public_key, signature, digest, algorithm)
    message = "the signature verifies" if intact else "the signature does not verify"
    weak = digest_weakness(algorithm)
    if intact and weak is not None and not accept_weak:
        message = weak_message(weak, "signature's digest", "署名のハッシュ関数")
    return SignatureVerdict("raw", intact, message, verdict, None, (), weak, accept_weak)


__all__ = [
    "HASHES",
    "SignatureVerdict",
    "malformed",
    "rsa_key_verifies",
    "verify_raw",
]
