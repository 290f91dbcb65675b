"""Mutants of signed objects (certificates, CRLs, CMS, PDFs), crafted or at random, for the
verifier's regression tests and its mutation campaign.

Crafted mutants break one rule and are re-signed with the issuer's key, so only the parser
can refuse them (a duplicated extension, an X.509 v4, an unsupported GeneralName). Random
mutants are seeded: bit flips, truncations, DER-aware edits of one TLV (its tag, its length,
its content, removed or doubled) and re-encodings that keep the value but not the DER.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable, Iterator

from asn1crypto import cms, core, crl, x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

# -- crafted, re-signed mutants ---------------------------------------------------------------

UNSUPPORTED_NAME = bytes.fromhex("3004a3023000")
"""A GeneralNames holding one x400Address ([3]), which cryptography does not support."""


def _sign(key: rsa.RSAPrivateKey, tbs: core.Asn1Value) -> bytes:
    return key.sign(tbs.dump(force=True), padding.PKCS1v15(), hashes.SHA256())


def resigned_certificate(
    der: bytes, key: rsa.RSAPrivateKey, edit: Callable[[x509.TbsCertificate], None]
) -> bytes:
    """`der` with its TBSCertificate edited by `edit`, signed again by `key` (its issuer)."""
    certificate = x509.Certificate.load(der)
    tbs = certificate["tbs_certificate"]
    edit(tbs)
    certificate["signature_value"] = _sign(key, tbs)
    return certificate.dump(force=True)


def resigned_crl(
    der: bytes, key: rsa.RSAPrivateKey, edit: Callable[[crl.TbsCertList], None]
) -> bytes:
    """`der` with its TBSCertList edited by `edit`, signed again by `key` (its issuer)."""
    certificate_list = crl.CertificateList.load(der)
    tbs = certificate_list["tbs_cert_list"]
    edit(tbs)
    certificate_list["signature"] = _sign(key, tbs)
    return certificate_list.dump(force=True)


def duplicate_extension(tbs: x509.TbsCertificate | crl.TbsCertList) -> None:
    """The first extension twice (RFC 5280 4.2: an extension appears at most once)."""
    field = "extensions" if isinstance(tbs, x509.TbsCertificate) else "crl_extensions"
    extensions = tbs[field]
    extensions.append(extensions[0].copy())


def version_4(tbs: x509.TbsCertificate | crl.TbsCertList) -> None:
    """Version v4 (the integer 3), which no X.509 edition defines."""
    tbs["version"] = type(tbs["version"])(3)


def unsupported_general_name(tbs: x509.TbsCertificate) -> None:
    """A subjectAltName holding an x400Address instead of what was there."""
    extensions = tbs["extensions"]
    extension = x509.Extension(
        {
            "extn_id": "2.5.29.17",
            "critical": False,
            "extn_value": x509.GeneralNames.load(UNSUPPORTED_NAME),
        }
    )
    kept = [e for e in extensions if e["extn_id"].dotted != "2.5.29.17"]
    tbs["extensions"] = x509.Extensions([*kept, extension])


def unsupported_distribution_point(tbs: crl.TbsCertList) -> None:
    """An issuingDistributionPoint whose full name is an x400Address."""
    point = crl.IssuingDistributionPoint.load(bytes.fromhex("3008a006a004a3023000"))
    extension = crl.TBSCertListExtension(
        {"extn_id": "2.5.29.28", "critical": True, "extn_value": point}
    )
    tbs["crl_extensions"] = crl.TBSCertListExtensions(
        [*(e for e in tbs["crl_extensions"] if e["extn_id"].dotted != "2.5.29.28"), extension]
    )


# -- CMS malleability -------------------------------------------------------------------------


def trailing_bytes(der: bytes) -> bytes:
    """The SignedData followed by bytes that are not part of it."""
    return der + b"\x00\x00"


def long_form_length(der: bytes) -> bytes:
    """The outer SEQUENCE's length in one more byte than DER allows (a BER re-encoding)."""
    count = der[1] & 0x7F
    assert der[1] & 0x80, "a SignedData is longer than 127 bytes"
    assert count < 4
    return der[:1] + bytes([0x80 | (count + 1), 0]) + der[2:]


def foreign_digest_algorithms(der: bytes) -> bytes:
    """The SignedData's digestAlgorithms set naming only a digest its signer did not use."""
    info = cms.ContentInfo.load(der)
    info["content"]["digest_algorithms"] = cms.DigestAlgorithms(
        [cms.DigestAlgorithm({"algorithm": "sha512"})]
    )
    return info.dump(force=True)


# -- random mutants ---------------------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Tlv:
    """One DER element of a document: where its header, content and end are."""

    start: int
    content: int
    end: int
    constructed: bool


def tlvs(data: bytes, pos: int = 0, end: int | None = None, depth: int = 0) -> Iterator[Tlv]:
    """Every well-formed TLV of `data`, outermost first, inside constructed ones too."""
    end = len(data) if end is None else end
    while pos + 2 <= end and depth < 32:
        tag, first = data[pos], data[pos + 1]
        if first < 0x80:
            content, length = pos + 2, first
        elif 0 < first & 0x7F <= 4 and pos + 2 + (first & 0x7F) <= end:
            content = pos + 2 + (first & 0x7F)
            length = int.from_bytes(data[pos + 2 : content])
        else:
            return
        if content + length > end:
            return
        element = Tlv(pos, content, content + length, bool(tag & 0x20))
        yield element
        if element.constructed:
            yield from tlvs(data, content, element.end, depth + 1)
        pos = element.end


def _length(value: int, extra: int = 0) -> bytes:
    """A DER length, or with `extra` needless leading zero bytes (BER)."""
    if value < 0x80 and not extra:
        return bytes([value])
    body = b"\x00" * extra + value.to_bytes(max(1, (value.bit_length() + 7) // 8))
    return bytes([0x80 | len(body)]) + body


def _bit_flips(data: bytes, rng: random.Random) -> bytes:
    mutated = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        mutated[rng.randrange(len(mutated))] ^= 1 << rng.randrange(8)
    return bytes(mutated)


def _truncation(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data))]


def _field(data: bytes, rng: random.Random) -> bytes:
    """One TLV changed: its tag, its length, its content, removed, doubled or emptied."""
    elements = list(tlvs(data))
    if not elements:
        return _bit_flips(data, rng)
    e = rng.choice(elements)
    head, body, tail = data[: e.start], data[e.start : e.end], data[e.end :]
    choice = rng.randrange(6)
    if choice == 0:
        body = (
            bytes(
                [
                    rng.choice(
                        (
                            0x01,
                            0x02,
                            0x03,
                            0x04,
                            0x05,
                            0x06,
                            0x0C,
                            0x13,
                            0x30,
                            0x31,
                            0x80,
                            0xA0,
                            0xA3,
                            0xFF,
                        )
                    )
                ]
            )
            + body[1:]
        )
    elif choice == 1:
        content = data[e.content : e.end]
        body = data[e.start : e.start + 1] + _length(
            max(0, len(content) + rng.choice((-2, -1, 1, 2, 0x7F)))
        )
        body += content
    elif choice == 2 and e.end > e.content:
        content = bytearray(data[e.content : e.end])
        content[rng.randrange(len(content))] = rng.randrange(256)
        body = data[e.start : e.content] + bytes(content)
    elif choice == 3:
        body = b""
    elif choice == 4:
        body = body + body
    else:
        body = data[e.start : e.start + 1] + b"\x00"
    return head + body + tail


def _reencoding(data: bytes, rng: random.Random) -> bytes:
    """One TLV's length in a non-minimal form, or a constructed one with indefinite length.

    The value is unchanged (a BER reader sees the same thing) but the bytes differ, and the
    lengths of the enclosing elements are fixed up so the whole stays parseable as BER."""
    elements = list(tlvs(data))
    if not elements:
        return _bit_flips(data, rng)
    target = rng.choice(elements)
    content = data[target.content : target.end]
    if target.constructed and rng.random() < 0.5:
        replaced = data[target.start : target.start + 1] + b"\x80" + content + b"\x00\x00"
    else:
        replaced = data[target.start : target.start + 1] + _length(len(content), extra=1)
        replaced += content
    growth = len(replaced) - (target.end - target.start)
    out = data[: target.start] + replaced + data[target.end :]
    # Re-write the lengths of every element around the target, innermost first.
    for outer in sorted(
        (e for e in elements if e.start < target.start and e.end >= target.end),
        key=lambda e: -e.start,
    ):
        old_header = outer.content - outer.start
        new_length = outer.end - outer.content + growth
        header = data[outer.start : outer.start + 1] + _length(new_length)
        out = out[: outer.start] + header + out[outer.content :]
        growth += len(header) - old_header
    return out


MUTATORS: dict[str, Callable[[bytes, random.Random], bytes]] = {
    "bit flip": _bit_flips,
    "truncation": _truncation,
    "field": _field,
    "re-encoding": _reencoding,
}


def random_mutants(data: bytes, count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """`count` (mutator name, mutant) pairs of `data`, the same for the same seed."""
    rng = random.Random(seed)
    names = sorted(MUTATORS)
    for _ in range(count):
        name = rng.choice(names)
        yield name, MUTATORS[name](data, rng)
