"""Phones (スマホ用電子証明書): issuance from the card, and logins through the IdP, each as a ratio
to the same thing done with a card on the same world and machine.

Issuance. Ours: J-LIS issuing a phone from the card (`Authority.issue_phone`: the card's
certificate found and its signature over the request verified, the nonce spent in its own
transaction, the card and the holder checked, two certificates signed and stored in a second
transaction). Baseline: issuing a card (`Authority.issue_card`, two certificates, one
transaction). Keys and the card's signatures over the requests are made before the clock starts
(the phone's secure element and the card make them, not J-LIS).

Logins. Ours: complete OIDC code-flow logins through `jpki idp serve` answered with the phone's
key and certificate (the platform learns the phone's linkage from the authority once per phone,
then as for a card). Baseline: the same flows answered with the same holders' card keys. The
flow is benchmarks/idp_code_flow.py's (7 requests a login).

    python benchmarks/phone.py [--issuances 100] [--logins 200] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
import uuid
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from common import report, throwaway_authority
from idp_code_flow import bench_rp, link_to_authority, run_flows
from jpki.authority.service import Authority
from jpki.card.image import generate_key
from jpki.clock import ManualClock
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.phone import PhoneIssuanceRequest
from platform_http_auth import prepare, start

SPKI = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def resident(authority: Authority, number: int) -> str:
    info = FourInfo(
        "試験\u3000花子",
        "東京都千代田区霞が関２丁目１番２号",
        dt.date(1985, 1 + number % 12, 1 + number % 28),
        Sex.FEMALE,
    )
    return authority.register_resident(info).id


def card_holder(
    authority: Authority, number: int, keys: list[rsa.RSAPrivateKey]
) -> tuple[str, rsa.RSAPrivateKey, bytes, rsa.RSAPrivateKey, bytes]:
    """A resident with an active card: (id, auth key, auth DER, sign key, sign DER)."""
    resident_id = resident(authority, number)
    card = authority.apply_for_card(resident_id)
    auth_key, sign_key = keys[number % len(keys)], keys[(number + 1) % len(keys)]
    issued = authority.issue_card(card.id, auth_key.public_key(), sign_key.public_key())
    authority.activate_card(card.id)
    auth, sign = (
        issued.of_purpose(CertificatePurpose.AUTH),
        issued.of_purpose(CertificatePurpose.SIGN),
    )
    assert auth is not None
    assert sign is not None
    return resident_id, auth_key, auth.der, sign_key, sign.der


def phone_request(
    authority: Authority,
    holder: tuple[str, rsa.RSAPrivateKey, bytes, rsa.RSAPrivateKey, bytes],
    phone_keys: tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey],
) -> PhoneIssuanceRequest:
    """The holder's request, signed with the card's signing key as the card signs it."""
    resident_id, _, _, sign_key, sign_der = holder
    unsigned = PhoneIssuanceRequest(
        resident_id=resident_id,
        card_certificate=sign_der,
        auth_public_key=phone_keys[0].public_key().public_bytes(*SPKI),
        sign_public_key=phone_keys[1].public_key().public_bytes(*SPKI),
        nonce=uuid.uuid4().hex,
        requested_at=authority.clock.now(),
    )
    signature = sign_key.sign(unsigned.signed_bytes(), padding.PKCS1v15(), hashes.SHA256())
    return unsigned.model_copy(update={"signature": signature})


def issuance_rates(count: int, keys: list[rsa.RSAPrivateKey]) -> tuple[float, float]:
    """(phones/s, cards/s) on one authority."""
    with throwaway_authority() as authority:
        holders = [card_holder(authority, n, keys) for n in range(count)]
        requests = [
            phone_request(authority, h, (keys[n % len(keys)], keys[(n + 2) % len(keys)]))
            for n, h in enumerate(holders)
        ]
        started = time.perf_counter()
        for request in requests:
            authority.issue_phone(request)
        phones = count / (time.perf_counter() - started)
        applied = [
            authority.apply_for_card(resident(authority, count + n)).id for n in range(count)
        ]
        started = time.perf_counter()
        for n, card in enumerate(applied):
            authority.issue_card(
                card, keys[n % len(keys)].public_key(), keys[(n + 3) % len(keys)].public_key()
            )
        cards = count / (time.perf_counter() - started)
    return phones, cards


def login_rates(
    count: int, holders_count: int, concurrency: int, keys: list[rsa.RSAPrivateKey]
) -> tuple[float, float]:
    """(phone logins/s, card logins/s) through one IdP, the same holders."""
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    with throwaway_authority(start=now) as authority, tempfile.TemporaryDirectory() as folder:
        assert isinstance(authority.clock, ManualClock)
        prepare(Path(folder), authority, 0)  # the platform, its tenant, the roots and CRLs
        holders = [card_holder(authority, n, keys) for n in range(holders_count)]
        phone_keys = [generate_key() for _ in range(holders_count)]
        phones = []
        for n, holder in enumerate(holders):
            issued = authority.issue_phone(
                phone_request(authority, holder, (phone_keys[n], keys[n % len(keys)]))
            )
            phones.append((phone_keys[n], issued.auth_certificate))
        cards = [(h[1], h[2]) for h in holders]
        authority.publish_crls()
        authority_server = link_to_authority(Path(folder), authority)
        port, rp = bench_rp(Path(folder), authority.clock)
        idp, issuer = start(
            [sys.executable, "-m", "jpki.cli", "idp", "serve", "--data", folder,
             "--port", str(port)]
        )  # fmt: skip
        try:  # each holder consents once with each medium, as on a first visit
            asyncio.run(run_flows(issuer, rp, cards, len(cards), 1))
            asyncio.run(run_flows(issuer, rp, phones, len(phones), 1))
            by_card = asyncio.run(run_flows(issuer, rp, cards, count, concurrency))
            by_phone = asyncio.run(run_flows(issuer, rp, phones, count, concurrency))
        finally:
            idp.terminate()
            idp.wait(timeout=30)
            authority_server.terminate()
            authority_server.wait(timeout=30)
    return by_phone, by_card


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--issuances", type=int, default=100)
    parser.add_argument("--logins", type=int, default=200)
    parser.add_argument("--holders", type=int, default=10)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    keys = [generate_key() for _ in range(16)]
    phones, cards = issuance_rates(args.issuances, keys)
    report("phone issuance from the card vs card issuance", phones, cards, "/s", "report")
    by_phone, by_card = login_rates(args.logins, args.holders, args.concurrency, keys)
    report("IdP code-flow logins, phone vs card", by_phone, by_card, "logins/s", "report")


if __name__ == "__main__":
    main()
