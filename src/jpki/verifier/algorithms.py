"""Which algorithms a JPKI signature may use (アルゴリズムの制限), and what else is "weak".

J-LIS signs every certificate with sha256WithRSAEncryption under RSA-2048 keys (e = 65537),
the card holds RSA-2048 keys, and its clients sign SHA-256 digests (JPKI.md §3, §2). A
signature over SHA-1 (collisions are practical: SHAttered, 2017; a chosen-prefix collision,
2020) or any digest or key J-LIS does not use is refused by default with its own status,
`weak algorithm` (弱い暗号アルゴリズム): such a signature either was not made by a card or
certificate of the real system, or can no longer be relied on. An archive that must still read
old material passes `accept_weak=True` (`--accept-weak` on the command line): the verdict is then
reached as usual but names the algorithm and carries a warning, so it is never mistaken for an
ordinary one.

This module is the one place the accepted set is written. The next-generation card (reported
for FY2028, JPKI.md §7, secondary) moves to ECDSA P-384 with SHA-384; when J-LIS publishes its
profile, its algorithms join these sets.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec, rsa

JPKI_DIGESTS = frozenset({"sha256"})
"""Digest algorithms of JPKI signatures (asn1crypto / hashlib names)."""
JPKI_RSA_BITS = 2048
JPKI_RSA_EXPONENT = 65537
BROKEN_DIGESTS = frozenset({"md2", "md5", "sha1"})
"""Digests with practical collisions: named as broken, not only as unusual, in messages."""


def digest_weakness(name: str) -> str | None:
    """The weakness of a signature's digest algorithm `name` (e.g. `sha1`), or None if J-LIS
    uses it."""
    if name in JPKI_DIGESTS:
        return None
    return name.upper().replace("SHA", "SHA-") if name.startswith("sha") else name.upper()


def key_weakness(public_key: object) -> str | None:
    """What is wrong with a signer's public key by J-LIS's profile, or None (RSA-2048, 65537)."""
    if isinstance(public_key, rsa.RSAPublicKey):
        numbers = public_key.public_numbers()
        if public_key.key_size != JPKI_RSA_BITS:
            return f"RSA-{public_key.key_size}"
        if numbers.e != JPKI_RSA_EXPONENT:
            return f"RSA exponent {numbers.e}"
        return None
    if isinstance(public_key, ec.EllipticCurvePublicKey):
        return f"ECDSA {public_key.curve.name}"
    return type(public_key).__name__


def certificate_weakness(certificate: x509.Certificate) -> str | None:
    """The weak algorithm of a certificate's own signature or key, or None."""
    try:
        algorithm = certificate.signature_hash_algorithm
    except UnsupportedAlgorithm:
        return certificate.signature_algorithm_oid.dotted_string
    if algorithm is None:
        return "a signature without a digest"
    return digest_weakness(algorithm.name) or key_weakness(certificate.public_key())


def weak_message(weakness: str, where: str, where_ja: str) -> str:
    """Why `weakness` in `where` is refused, in English and Japanese."""
    broken = weakness.replace("-", "").lower() in BROKEN_DIGESTS
    why = "is broken (collisions)" if broken else "is not one J-LIS uses"
    why_ja = "は衝突が現実的で安全でない" if broken else "はJ-LISが使わない方式"
    return (
        f"the {where} uses {weakness}, which {why}: refused (accept it for archives with"
        f" --accept-weak / accept_weak=True) / {where_ja}の{weakness}{why_ja}ため受け付けない"
        "(保存文書の確認には --accept-weak)"
    )


def accepted_warning(weakness: str) -> str:
    """The warning a verdict carries when a weak algorithm was accepted on request."""
    return (
        f"{weakness} accepted on request (archives only): not a signature J-LIS's profile"
        f" allows / {weakness}を要求により受け付けた(保存文書の確認用)"
    )


__all__ = [
    "BROKEN_DIGESTS",
    "JPKI_DIGESTS",
    "JPKI_RSA_BITS",
    "JPKI_RSA_EXPONENT",
    "accepted_warning",
    "certificate_weakness",
    "digest_weakness",
    "key_weakness",
    "weak_message",
]
