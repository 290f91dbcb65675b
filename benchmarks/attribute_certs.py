"""Attribute-certificate verification with the holder's JPKI certificate, as a ratio to
verifying the JPKI certificate alone, in the same run (issue 24).

Two figures:
- verifier: `verify_attribute_certificate` (asn1crypto parse, the authority's ECDSA P-256
  signature, validity, the authority's CRL of `--revoked` ACs (verified once, then known by
  its digest), the holder's JPKI verdict, the platform's pairwise-ID comparison as an HMAC)
  after `Validator.check` of the holder's authentication certificate; baseline:
  `Validator.check` of the same certificates alone;
- platform, in-process on SQLite: `Platform.check_attribute_certificate` (the above, the
  person found by linkage, one evidence record and fee per check); baseline:
  `Platform.present_certificate` of the same certificates (one verdict, one evidence record).

    python benchmarks/attribute_certs.py [--holders 20] [--checks 2000] [--revoked 1000]
"""

from __future__ import annotations

import argparse
import base64
import dataclasses
import datetime as dt
import hmac
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding
from fastapi.testclient import TestClient

from common import START, auth_holders, report, throwaway_authority
from jpki.attributes.certificates import AttributeCertificateContent, build_attribute_certificate
from jpki.attributes.crl import RevokedEntry, build_crl
from jpki.attributes.keys import AuthorityKeys
from jpki.authority.api.app import build_app
from jpki.authority.service import Authority
from jpki.platform.linkage import pairwise_id
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.tenants import Identifiers, Model
from jpki.protocol.attributes import AttributeCheckRequest, AttributeKind, HolderName
from jpki.verifier.attributes import TrustedAuthority, verify_attribute_certificate
from jpki.verifier.setup import build_verifier

TENANT, RP = "aa-bench", "rp-bench"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


@dataclasses.dataclass
class Bench:
    platform: Platform
    keys: AuthorityKeys
    secret: bytes
    certificates: list[bytes]
    persons: list[int]
    acs: list[bytes]
    crl: bytes


def platform_of(authority: Authority, folder: Path) -> Platform:
    """A platform verifying against `authority`, learning linkage over its in-process API."""
    authority.publish_crls()
    _, verifier_key = authority.accredit_verifier("platform")
    crl_dir = authority.settings.crl_dir
    crls = [crl_dir / "auth.crl", crl_dir / "sign.crl"]
    platform = Platform.initialise(
        PlatformSettings(
            data_dir=folder / "platform",
            authority_url="http://authority.test",
            verifier_api_key=verifier_key,
        ),
        authority.clock,
        verifier=build_verifier(authority.clock, [authority.settings.roots_dir], crls=crls),
        authority_http=TestClient(
            build_app(authority, background=False), base_url="http://authority.test"
        ),
    )
    platform.tenants.register(RP, "RP", Model.ITAKU, ["https://rp.example"])
    platform.tenants.register(TENANT, "AA", Model.ITAKU, ["https://aa.example"])
    platform.tenants.set_identifiers(TENANT, Identifiers.ANY_KNOWN)
    return platform


def bench_of(authority: Authority, folder: Path, holders: int, revoked: int) -> Bench:
    """Holders known to the platform, each with an AC naming them, and the AA's CRL."""
    platform = platform_of(authority, folder)
    secret = bytes.fromhex(platform.settings.id_secret)
    keys = AuthorityKeys.create(folder / "aa", "Bench AA", START)
    certificates = [view.der for _, view in auth_holders(authority, holders)]
    with platform.database.transaction() as session:
        persons = [
            platform.linkage.learn(session, platform.verifier.validator.check(der).serial or 0)
            for der in certificates
        ]
    acs = [
        build_attribute_certificate(
            keys,
            AttributeCertificateContent(
                serial=10_000 + number,
                holder=HolderName(tenant=TENANT, user_id=pairwise_id(secret, TENANT, person)),
                kind=AttributeKind.FEE_REDUCTION,
                details={"grounds": "public-assistance"},
                not_before=START,
                not_after=START + dt.timedelta(days=365),
                crl_url="http://aa.test/crl/attributes",
            ),
        )
        for number, person in enumerate(persons)
    ]
    entries = [RevokedEntry(1_000_000 + n, START, "unspecified") for n in range(revoked)]
    crl = build_crl(keys, 1, START, entries)
    return Bench(platform, keys, secret, certificates, persons, acs, crl)


def rate(count: int, one: Callable[[int], object]) -> float:
    started = time.perf_counter()
    for i in range(count):
        one(i)
    return count / (time.perf_counter() - started)


def bench_verifier(bench: Bench, count: int, revoked: int) -> None:
    validator = bench.platform.verifier.validator
    trusted = TrustedAuthority(bench.keys.certificate, TENANT)
    clock = validator.clock
    n = len(bench.certificates)

    def alone(i: int) -> object:
        return validator.check(bench.certificates[i % n])

    def together(i: int) -> object:
        k = i % n
        person = bench.persons[k]

        def matches(holder: HolderName) -> bool:
            expected = pairwise_id(bench.secret, holder.tenant, person)
            return hmac.compare_digest(expected, holder.user_id)

        verdict = verify_attribute_certificate(
            bench.acs[k],
            authority=trusted,
            crl=bench.crl,
            at=clock.now(),
            holder_certificate=validator.check(bench.certificates[k]),
            holder_matches=matches,
        )
        assert verdict.valid, verdict.message
        return verdict

    for i in range(n):  # first sight of each certificate (parse, issuer signature) untimed
        together(i)
    report(
        f"verifier: AC + holder's JPKI certificate (AA CRL of {revoked:,} ACs)",
        rate(count, together), rate(count, alone), "checks/s", "report",
    )  # fmt: skip


def bench_platform(bench: Bench, count: int) -> None:
    platform = bench.platform
    tenant = platform.tenants.get(RP)
    pem = b64(bench.keys.certificate.public_bytes(Encoding.PEM))
    requests = [
        AttributeCheckRequest(
            certificate=b64(der),
            attribute_certificate=b64(ac),
            authority=pem,
            authority_tenant=TENANT,
            crl=b64(bench.crl),
        )
        for der, ac in zip(bench.certificates, bench.acs, strict=True)
    ]
    n = len(requests)

    def alone(i: int) -> object:
        return platform.present_certificate(tenant, bench.certificates[i % n], None)

    def together(i: int) -> object:
        answer = platform.check_attribute_certificate(tenant, requests[i % n])
        assert answer.result.valid, answer.result.message_en
        return answer

    report(
        "platform: AC check with the holder's card, evidence recorded (SQLite)",
        rate(count, together), rate(count, alone), "checks/s", "report",
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holders", type=int, default=20)
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--revoked", type=int, default=1000)
    args = parser.parse_args()
    with throwaway_authority() as authority, tempfile.TemporaryDirectory() as folder:
        authority.clock.advance(dt.timedelta(hours=1))
        bench = bench_of(authority, Path(folder), args.holders, args.revoked)
        try:
            bench_verifier(bench, args.checks, args.revoked)
            bench_platform(bench, max(args.checks // 4, args.holders))
        finally:
            bench.platform.close()


if __name__ == "__main__":
    main()
