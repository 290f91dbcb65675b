"""Attribute-certificate verification with the holder's JPKI certificate, as a ratio to
verifying the JPKI certificate alone, in the same run (issue 24).

Two figures:
- verifier: `verify_attribute_certificate` (asn1crypto parse, the authority's ECDSA P-256
  signature, validity, the authority's CRL of `--revoked` ACs parsed and its signature
  checked, the holder's JPKI verdict, the platform's pairwise-ID comparison as an HMAC) after
  `Validator.check` of the holder's authentication certificate; baseline: `Validator.check`
  of the same certificates alone;
- platform, in-process on SQLite: `Platform.check_attribute_certificate` (the above, the
  person found by linkage, one evidence record and fee per check); baseline:
  `Platform.present_certificate` of the same certificates (one verdict, one evidence record).

    python benchmarks/attribute_certs.py [--holders 20] [--checks 2000] [--revoked 1000]
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import hashlib
import hmac
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding
from fastapi.testclient import TestClient

from common import START, auth_holders, report, throwaway_authority
from jpki.attributes.certificates import AttributeCertificateContent, build_attribute_certificate
from jpki.attributes.crl import RevokedEntry, build_crl
from jpki.attributes.keys import AuthorityKeys
from jpki.authority.api.app import build_app
from jpki.platform.linkage import pairwise_id
from jpki.platform.service import Platform
from jpki.platform.settings import PlatformSettings
from jpki.platform.tenants import Identifiers, Model
from jpki.protocol.attributes import AttributeCheckRequest, AttributeKind, HolderName
from jpki.verifier.attributes import TrustedAuthority, verify_attribute_certificate
from jpki.verifier.setup import build_verifier

TENANT = "aa-bench"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holders", type=int, default=20)
    parser.add_argument("--checks", type=int, default=2000)
    parser.add_argument("--revoked", type=int, default=1000)
    args = parser.parse_args()
    with throwaway_authority() as authority, tempfile.TemporaryDirectory() as folder:
        clock = authority.clock
        holders = auth_holders(authority, args.holders)
        authority.publish_crls()
        _, verifier_key = authority.accredit_verifier("platform")
        crl_dir = authority.settings.crl_dir
        authority_http = TestClient(
            build_app(authority, background=False), base_url="http://authority.test"
        )
        verifier = build_verifier(
            clock, [authority.settings.roots_dir], crls=[crl_dir / "auth.crl", crl_dir / "sign.crl"]
        )
        platform = Platform.initialise(
            PlatformSettings(
                data_dir=Path(folder) / "platform",
                authority_url="http://authority.test",
                verifier_api_key=verifier_key,
            ),
            clock,
            verifier=verifier,
            authority_http=authority_http,
        )
        rp, _ = platform.tenants.register("rp-bench", "RP", Model.ITAKU, ["https://rp.example"])
        platform.tenants.register(TENANT, "AA", Model.ITAKU, ["https://aa.example"])
        platform.tenants.set_identifiers(TENANT, Identifiers.ANY_KNOWN)
        secret = bytes.fromhex(platform.settings.id_secret)
        keys = AuthorityKeys.create(Path(folder) / "aa", "Bench AA", START)
        acs, persons = [], []
        with platform.database.transaction() as session:
            for _, view in holders:
                persons.append(platform.linkage.learn(session, view.serial))
        for number, person in enumerate(persons):
            holder = HolderName(tenant=TENANT, user_id=pairwise_id(secret, TENANT, person))
            content = AttributeCertificateContent(
                serial=10_000 + number,
                holder=holder,
                kind=AttributeKind.FEE_REDUCTION,
                details={"grounds": "public-assistance"},
                not_before=START,
                not_after=START + dt.timedelta(days=365),
                crl_url="http://aa.test/crl/attributes",
            )
            acs.append(build_attribute_certificate(keys, content))
        revoked = [
            RevokedEntry(1_000_000 + n, START, "unspecified") for n in range(args.revoked)
        ]
        crl = build_crl(keys, 1, START, revoked)
        trusted = TrustedAuthority(keys.certificate, TENANT)
        validator = verifier.validator
        at = START + dt.timedelta(hours=1)
        clock.set(at) if hasattr(clock, "set") else None
        ders = [view.der for _, view in holders]
        for der in ders:
            validator.check(der)  # first sight (parse, issuer signature) out of the timing

        def matches_for(person: int):  # type: ignore[no-untyped-def]
            def matches(holder: HolderName) -> bool:
                expected = pairwise_id(secret, holder.tenant, person)
                return hmac.compare_digest(expected, holder.user_id)

            return matches

        count = args.checks
        started = time.perf_counter()
        for i in range(count):
            validator.check(ders[i % len(ders)])
        alone = count / (time.perf_counter() - started)
        started = time.perf_counter()
        for i in range(count):
            k = i % len(ders)
            verdict = verify_attribute_certificate(
                acs[k],
                authority=trusted,
                crl=crl,
                at=clock.now(),
                holder_certificate=validator.check(ders[k]),
                holder_matches=matches_for(persons[k]),
            )
            assert verdict.valid, verdict.message
        together = count / (time.perf_counter() - started)
        report(
            f"verifier: AC + holder's JPKI certificate (CRL of {args.revoked:,} ACs)",
            together, alone, "checks/s", "report",
        )  # fmt: skip

        tenant = platform.tenants.get("rp-bench")
        assert rp.id == "rp-bench"
        pem = b64(keys.certificate.public_bytes(Encoding.PEM))
        requests = [
            AttributeCheckRequest(
                certificate=b64(der),
                attribute_certificate=b64(ac),
                authority=pem,
                authority_tenant=TENANT,
                crl=b64(crl),
            )
            for der, ac in zip(ders, acs, strict=True)
        ]
        platform_count = max(count // 4, len(ders))
        started = time.perf_counter()
        for i in range(platform_count):
            platform.present_certificate(tenant, ders[i % len(ders)], None)
        alone = platform_count / (time.perf_counter() - started)
        started = time.perf_counter()
        for i in range(platform_count):
            answer = platform.check_attribute_certificate(tenant, requests[i % len(requests)])
            assert answer.result.valid, answer.result.message_en
        together = platform_count / (time.perf_counter() - started)
        report(
            "platform: AC check with the holder's card, evidence recorded (SQLite)",
            together, alone, "checks/s", "report",
        )  # fmt: skip
        platform.close()
        print(f"holders {len(ders)}, digest {hashlib.sha256(crl).hexdigest()[:12]}")


if __name__ == "__main__":
    main()
