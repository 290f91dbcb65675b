"""A differential corpus of JPKI certificates: every way a card certificate can be good or bad.

Built with our authority (real issuance, real revocations for each cause J-LIS uses) plus
certificates crafted with the authority's own root keys to break one rule at a time, and a
second authority whose roots share the name but not the keys (a wrong generation).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509.oid import NameOID, ObjectIdentifier

from jpki.authority.ca import CaGeneration
from jpki.authority.service import Authority
from jpki.profile.four_info import encode_four_info
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause
from jpki.verifier.anchors import TrustAnchors
from tests.holders import TARO, card_key, make_holder


@dataclasses.dataclass(frozen=True)
class Case:
    name: str
    der: bytes
    at: dt.datetime
    expected: str
    """The status both validators must reach."""


@dataclasses.dataclass
class Corpus:
    cases: list[Case]
    anchors: TrustAnchors
    crls: list[bytes]
    now: dt.datetime


def craft(
    generation: CaGeneration,
    *,
    purpose: CertificatePurpose = CertificatePurpose.AUTH,
    not_before: dt.datetime,
    not_after: dt.datetime,
    key_usage: x509.KeyUsage | None = None,
    policy: ObjectIdentifier | None = None,
    ca: bool = False,
) -> bytes:
    """A certificate under `generation` that follows the profile except where told not to."""
    sign = purpose is CertificatePurpose.SIGN
    usage = key_usage or x509.KeyUsage(True, sign, False, False, False, ca, ca, False, False)
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "CRAFTED0000000")]))
        .issuer_name(generation.name)
        .public_key(card_key().public_key())
        .serial_number(random.getrandbits(62) + 1)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(usage, critical=True)
        .add_extension(
            x509.CertificatePolicies([x509.PolicyInformation(policy or purpose.policy_oid, None)]),
            critical=True,
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(generation.key.public_key()), False
        )
    )
    if ca:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
    if sign:
        builder = builder.add_extension(
            x509.SubjectAlternativeName(encode_four_info(TARO)), critical=False
        )
    return builder.sign(generation.key, hashes.SHA256()).public_bytes(Encoding.DER)


def mutations(der: bytes, count: int, seed: int) -> list[bytes]:
    """`count` copies of `der` with one to three bytes changed at random places."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        mutated = bytearray(der)
        for _ in range(rng.randint(1, 3)):
            mutated[rng.randrange(len(mutated))] ^= 1 << rng.randrange(8)
        out.append(bytes(mutated))
    return out


def build_corpus(authority: Authority, stranger: Authority) -> Corpus:
    clock = authority.clock
    valid = make_holder(authority)
    revoked = {
        cause: make_holder(authority)
        for cause in RevocationCause
        if cause not in (RevocationCause.DESTROYED_BEFORE_DELIVERY,)
    }
    undelivered = authority.apply_for_card(authority.register_resident(TARO).id)
    authority.issue_card(undelivered.id, card_key().public_key(), card_key().public_key())
    destroyed = authority.destroy_undelivered_card(undelivered.id)
    clock.advance(dt.timedelta(minutes=10))
    for cause, holder in revoked.items():
        serial = (
            holder.sign.serial if cause is RevocationCause.FOUR_INFO_CHANGED else holder.auth.serial
        )
        authority.revoke(serial, cause)
    clock.advance(dt.timedelta(minutes=1))
    authority.publish_crls()
    clock.advance(dt.timedelta(minutes=1))
    now = clock.now()
    crls = [
        path.read_bytes()
        for path in sorted(authority.settings.crl_dir.glob("*-g*.crl"))
        if "-s" not in path.name and "delta" not in path.name
    ]
    auth_root = authority.authorities.current(CertificatePurpose.AUTH)
    sign_root = authority.authorities.current(CertificatePurpose.SIGN)
    stranger_root = stranger.authorities.current(CertificatePurpose.AUTH)
    year = dt.timedelta(days=365)
    cases = [
        Case("valid auth", valid.auth.der, now, "valid"),
        Case("valid sign", valid.sign.der, now, "valid"),
        Case(
            "auth before its revocation",
            revoked[RevocationCause.DEATH].auth.der,
            now - dt.timedelta(minutes=5),
            "valid",
        ),
        *(
            Case(
                f"revoked: {cause.value}",
                (holder.sign if cause is RevocationCause.FOUR_INFO_CHANGED else holder.auth).der,
                now,
                "revoked",
            )
            for cause, holder in revoked.items()
        ),
        *(
            Case(
                "revoked: destroyed before delivery",
                authority.certificate(serial).der,
                now,
                "revoked",
            )
            for serial in destroyed
        ),
        Case(
            "expired",
            craft(auth_root, not_before=now - 6 * year, not_after=now - year),
            now,
            "expired",
        ),
        Case(
            "expired (checked later)",
            valid.auth.der,
            valid.auth.not_after + dt.timedelta(days=1),
            "expired",
        ),
        Case(
            "not yet valid",
            craft(auth_root, not_before=now + year, not_after=now + 2 * year),
            now,
            "not yet valid",
        ),
        Case(
            "wrong generation",
            craft(stranger_root, not_before=now - year, not_after=now + year),
            now,
            "untrusted",
        ),
        Case(
            "forged signature",
            valid.auth.der[:-1] + bytes([valid.auth.der[-1] ^ 1]),
            now,
            "untrusted",
        ),
        Case(
            "wrong key usage",
            craft(
                auth_root,
                not_before=now - year,
                not_after=now + year,
                key_usage=x509.KeyUsage(
                    False, False, True, False, False, False, False, False, False
                ),
            ),
            now,
            "untrusted",
        ),
        Case(
            "signing without non-repudiation",
            craft(
                sign_root,
                purpose=CertificatePurpose.SIGN,
                not_before=now - year,
                not_after=now + year,
                key_usage=x509.KeyUsage(
                    True, False, False, False, False, False, False, False, False
                ),
            ),
            now,
            "untrusted",
        ),
        Case(
            "wrong policy",
            craft(
                auth_root,
                not_before=now - year,
                not_after=now + year,
                policy=ObjectIdentifier("1.2.3.4.5"),
            ),
            now,
            "untrusted",
        ),
        Case(
            "CA as user certificate",
            craft(auth_root, not_before=now - year, not_after=now + year, ca=True),
            now,
            "untrusted",
        ),
        Case(
            "root as user certificate",
            auth_root.certificate.public_bytes(Encoding.DER),
            now,
            "untrusted",
        ),
        *(
            Case(f"truncated {n}", valid.auth.der[:n], now, "malformed")
            for n in (0, 1, 10, 200, len(valid.auth.der) - 1)
        ),
        Case("garbage", b"\x30\x82\x01\x00" + bytes(256), now, "malformed"),
    ]
    for index, der in enumerate(mutations(valid.sign.der, 60, seed=4)):
        cases.append(Case(f"mutation {index}", der, now, ""))
    anchors = TrustAnchors(g.certificate for g in authority.authorities.all())
    return Corpus(cases, anchors, crls, now)
