"""Certificates shaped as J-LIS's own, made with keys the tests hold: end-entity certificates
under any issuer name and key (flags as another issuer might write them, any digest, any key),
and a stand-in for J-LIS's unbundled 2019 signing root (its real name and serial, our key)."""

from __future__ import annotations

import datetime as dt
import random

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from jpki.profile import oids
from jpki.profile.four_info import FourInfo, encode_four_info
from jpki.profile.purpose import CertificatePurpose, root_name
from jpki.profile.real_roots import JlisGeneration, generation_by_serial
from tests.holders import TARO, card_key

SIGN = CertificatePurpose.SIGN
GENERATION_2019 = generation_by_serial(SIGN, 0x0132C4AB)
assert GENERATION_2019 is not None


def utc(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)


def stand_in_root(
    generation: JlisGeneration = GENERATION_2019,  # type: ignore[assignment]
) -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    """A root with J-LIS's production name, `generation`'s serial and period, and our key."""
    key = card_key()
    name = root_name(generation.purpose)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(generation.serial)
        .not_valid_before(utc(generation.not_before))
        .not_valid_after(utc(generation.not_after))
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), True
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .sign(key, hashes.SHA256())
    )
    return certificate, key


def _replace_flags(entries: list[x509.OtherName], name_flags: str | None) -> list[x509.OtherName]:
    import asn1crypto.core

    if name_flags is None:
        return entries
    value = asn1crypto.core.UTF8String(name_flags).dump()
    return [
        x509.OtherName(e.type_id, value) if e.type_id == oids.NAME_FLAGS else e for e in entries
    ]


def end_entity(
    issuer: x509.Name,
    issuer_key: rsa.RSAPrivateKey,
    *,
    not_before: dt.datetime,
    not_after: dt.datetime,
    info: FourInfo = TARO,
    name_flags: str | None = None,
    digest: hashes.HashAlgorithm | None = None,
    key: rsa.RSAPrivateKey | None = None,
    issuer_serial: int | None = None,
) -> x509.Certificate:
    """A signing certificate of the JPKI profile (romaji localities, 4 information), with the
    name flags, the digest, the subject key or the authority key identifier's issuer serial
    chosen by the test."""
    public_key = (key or card_key()).public_key()
    authority_key = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key())
    if issuer_serial is not None:
        authority_key = x509.AuthorityKeyIdentifier(
            authority_key.key_identifier, [x509.DirectoryName(issuer)], issuer_serial
        )
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "Tokyo-to"),
            x509.NameAttribute(NameOID.LOCALITY_NAME, "Kiyose-shi"),
            x509.NameAttribute(NameOID.COMMON_NAME, "997794E9AGCIEG13221003A"),
        ]
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(random.getrandbits(62) + 1)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, False, False, False, False), True
        )
        .add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(SIGN.policy_oid, [oids.CPS_URI])]),
            critical=True,
        )
        .add_extension(authority_key, False)
        .add_extension(
            x509.SubjectAlternativeName(_replace_flags(encode_four_info(info), name_flags)), False
        )
        .sign(issuer_key, hashes.SHA256())
    )
    if digest is None or isinstance(digest, hashes.SHA256):
        return certificate
    return resigned(certificate, issuer_key, digest)


def resigned(
    certificate: x509.Certificate, key: rsa.RSAPrivateKey, digest: hashes.HashAlgorithm
) -> x509.Certificate:
    """`certificate` signed again by `key` over `digest` (RSA PKCS#1 v1.5): cryptography no
    longer signs certificates over SHA-1, so asn1crypto rewrites the algorithm and signature."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.serialization import Encoding

    parsed = asn1_x509.Certificate.load(certificate.public_bytes(Encoding.DER))
    algorithm = {"algorithm": f"{digest.name}_rsa", "parameters": None}
    tbs = parsed["tbs_certificate"].copy()
    tbs["signature"] = algorithm
    signature = key.sign(tbs.dump(force=True), padding.PKCS1v15(), digest)
    rebuilt = asn1_x509.Certificate(
        {"tbs_certificate": tbs, "signature_algorithm": algorithm, "signature_value": signature}
    )
    return x509.load_der_x509_certificate(rebuilt.dump())
