"""National-scale CRLs for the benchmarks, encoded with numpy and signed by a real root key.

cryptography's builder needs about 11 s per million entries; twenty million would take most
of an hour. The entries here have exactly the layout our authority (and cryptography) writes:
an 8-byte serial, a UTCTime, and a reasonCode extension. The result is an ordinary signed
CRL: cryptography loads it and verifies its signature, and openssl accepts it.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.verifier.der import read_header

SHA256_RSA = bytes.fromhex("300d06092a864886f70d01010b0500")
REASONS = np.array([0, 1, 3, 4, 5, 6], dtype=np.uint8)


def _tlv(tag: int, content: bytes) -> bytes:
    length = len(content)
    if length < 0x80:
        return bytes((tag, length)) + content
    size = (length.bit_length() + 7) // 8
    return bytes((tag, 0x80 | size)) + length.to_bytes(size) + content


def _utc(moment: dt.datetime) -> bytes:
    return _tlv(0x17, moment.astimezone(dt.UTC).strftime("%y%m%d%H%M%SZ").encode())


def random_serials(count: int, seed: int) -> np.ndarray:
    """Distinct 63-bit serials of exactly 8 content bytes (as our authority issues them)."""
    rng = np.random.default_rng(seed)
    serials = np.unique(
        rng.integers(1 << 56, 1 << 63, size=int(count * 1.01) + 16, dtype=np.uint64)
    )
    rng.shuffle(serials)
    return serials[:count]


def entries_der(serials: np.ndarray, revoked_at: dt.datetime, seed: int) -> bytes:
    """The DER of `len(serials)` CRL entries, 41 bytes each."""
    count = len(serials)
    rows = np.zeros((count, 41), dtype=np.uint8)
    rows[:, 0:4] = (0x30, 39, 0x02, 8)
    big_endian = serials.astype(">u8").view(np.uint8).reshape(count, 8)
    rows[:, 4:12] = big_endian
    rows[:, 12:27] = np.frombuffer(_utc(revoked_at), dtype=np.uint8)
    rows[:, 27:40] = np.frombuffer(bytes.fromhex("300c300a0603551d1504030a01"), dtype=np.uint8)
    rows[:, 40] = np.random.default_rng(seed).choice(REASONS, size=count)
    return rows.tobytes()


def signed_crl(
    root: x509.Certificate,
    key: rsa.RSAPrivateKey,
    entries: bytes,
    *,
    number: int,
    this_update: dt.datetime,
    next_update: dt.datetime,
    scope: x509.Name | None = None,
) -> bytes:
    """A CRL of `root` with the given entry DER, signed with `key`."""
    extensions = [
        x509.Extension(
            x509.AuthorityKeyIdentifier.oid,
            False,
            x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key()),
        ),
        x509.Extension(x509.CRLNumber.oid, False, x509.CRLNumber(number)),
    ]
    if scope is not None:
        extensions.append(
            x509.Extension(
                x509.IssuingDistributionPoint.oid,
                True,
                x509.IssuingDistributionPoint(
                    [x509.DirectoryName(scope)], None, True, False, None, False, False
                ),
            )
        )
    # Let cryptography encode the header and extensions of an empty CRL, then splice in the list.
    template = x509.CertificateRevocationListBuilder(
        issuer_name=root.subject,
        last_update=this_update,
        next_update=next_update,
        extensions=extensions,
    ).sign(key, hashes.SHA256())
    tbs = template.tbs_certlist_bytes
    _, start, end = read_header(tbs, 0, len(tbs))
    position = start
    while tbs[position] != 0xA0:  # version, signature, issuer, thisUpdate, nextUpdate
        position = read_header(tbs, position, end)[2]
    new_body = tbs[start:position] + _tlv(0x30, entries) + tbs[position:end]
    new_tbs = _tlv(0x30, new_body)
    signature = key.sign(new_tbs, padding.PKCS1v15(), hashes.SHA256())
    return _tlv(0x30, new_tbs + SHA256_RSA + _tlv(0x03, b"\x00" + signature))


__all__ = ["entries_der", "random_serials", "signed_crl"]


if __name__ == "__main__":  # a self-check: cryptography reads back what we wrote
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "synthetic root")])
    now = dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    root = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(1)
        .not_valid_before(now).not_valid_after(now + dt.timedelta(days=9))
        .sign(key, hashes.SHA256())
    )  # fmt: skip
    serials = random_serials(1000, 1)
    der = signed_crl(root, key, entries_der(serials, now, 1), number=7, this_update=now,
                     next_update=now + dt.timedelta(days=1), scope=name)  # fmt: skip
    crl = x509.load_der_x509_crl(der)
    assert crl.is_signature_valid(key.public_key())
    assert sorted(r.serial_number for r in crl) == sorted(int(s) for s in serials)
    print("ok", len(der), root.public_bytes(Encoding.PEM)[:27])
