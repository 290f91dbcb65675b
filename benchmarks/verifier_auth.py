"""Full login verification rate vs bare RSA verification, and vs pyhanko-certvalidator.

Each verification is what a service does per login: spend the nonce (single use, expiry,
provider and origin binding), validate the authentication certificate (issuer generation,
validity, profile, revocation lookup in an index holding 1,000,000 revoked serials plus the
authority's own CRL) and verify the card's RSA-2048 signature over the origin-bound digest.
Baseline: cryptography's bare RSA-2048 PKCS#1 v1.5 verification of the same signatures, in
the same run. Then the same certificate validated by pyhanko-certvalidator with the same
1,000,000-entry CRL.

    python benchmarks/verifier_auth.py [--holders 50] [--logins 4000] [--revoked 1000000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from common import START, auth_holders, report, throwaway_authority
from jpki.profile.challenge import authentication_digest
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.challenge import AuthenticationResponse, Authenticator, ChallengeBook
from jpki.verifier.generic import GenericValidator
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.validation import Validator
from synthetic_crl import entries_der, random_serials, signed_crl

AUTH = CertificatePurpose.AUTH
PROVIDER, ORIGIN = "bank-001", "https://bank.example"


def login_responses(book, holders, count):  # type: ignore[no-untyped-def]
    """`count` honest answers to fresh challenges, signed as the cards would sign them."""
    responses = []
    for number in range(count):
        key, view = holders[number % len(holders)]
        challenge = book.issue(PROVIDER, ORIGIN)
        digest = authentication_digest(PROVIDER, ORIGIN, challenge.nonce)
        signature = key.sign(digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256()))
        response = AuthenticationResponse(challenge.nonce, PROVIDER, ORIGIN, view.der, signature)
        responses.append((response, digest, key.public_key()))
    return responses


def compare_logins(validator: Validator, clock, holders, count: int) -> None:  # type: ignore[no-untyped-def]
    book = ChallengeBook(clock, lifetime=dt.timedelta(hours=1))
    authenticator = Authenticator(validator, book)
    responses = login_responses(book, holders, count)
    for _, view in holders:  # first sight of each certificate (parse, issuer signature)
        validator.check(view.der)
    started = time.perf_counter()
    for response, _, _ in responses:
        authenticator.verify(response, provider=PROVIDER, origin=ORIGIN)
    ours = len(responses) / (time.perf_counter() - started)
    started = time.perf_counter()
    for response, digest, public_key in responses:
        public_key.verify(
            response.signature, digest, padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
        )
    bare = len(responses) / (time.perf_counter() - started)
    report("full login verification (revoked serials loaded)", ours, bare, "logins/s", ">= 0.5")


def compare_pyhanko(
    validator: Validator, anchors, crl: bytes, der: bytes, clock, seconds: float
) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(1000):
        validator.check(der)
    fast = 1000 / (time.perf_counter() - started)
    generic = GenericValidator([a.certificate for a in anchors], crls=[crl])
    certificate = x509.load_der_x509_certificate(der)
    count, started = 0, time.perf_counter()
    while count < 1 or (time.perf_counter() - started < seconds and count < 50):
        verdict = generic.check(certificate, clock.now())
        count += 1
    slow = count / (time.perf_counter() - started)
    print(f"pyhanko-certvalidator verdict: {verdict.status.value}")
    report(
        "certificate validation, same certificate and CRL", fast, slow, "checks/s",
        "report (ours / pyhanko-certvalidator)",
    )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--holders", type=int, default=50)
    parser.add_argument("--logins", type=int, default=4000)
    parser.add_argument("--revoked", type=int, default=1_000_000)
    parser.add_argument("--pyhanko-seconds", type=float, default=20.0)
    args = parser.parse_args()
    with throwaway_authority() as authority:
        clock = authority.clock
        holders = auth_holders(authority, args.holders)
        generation = authority.authorities.current(AUTH)
        started = time.perf_counter()
        big_crl = signed_crl(
            generation.certificate,
            generation.key,
            entries_der(random_serials(args.revoked, 3), START, 3),
            number=10_000,
            this_update=START,
            next_update=START + dt.timedelta(days=2),
        )
        print(f"synthetic CRL of {args.revoked:,} entries: {time.perf_counter() - started:.1f} s")
        anchors = TrustAnchors(g.certificate for g in authority.authorities.all())
        index = RevocationIndex(anchors, clock)
        index.add_crl(big_crl)
        print(f"index: {index.entry_count:,} revoked serials")
        validator = Validator(anchors, index, clock)
        compare_logins(validator, clock, holders, args.logins)
        compare_pyhanko(validator, anchors, big_crl, holders[0][1].der, clock, args.pyhanko_seconds)


if __name__ == "__main__":
    main()
