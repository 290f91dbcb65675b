"""Card issuance rate: cards (two certificates each) per second vs the raw RSA signing rate.

The card generates its keys, so the public keys are made before timing. Ours: the
authority certifying both keys of applied cards, storing both certificates and locking the
card, one durable transaction per card (`issue_card`, a municipal counter's pace) and per
factory batch of 100 cards (`issue_cards`, seed 003's personalisation at the factory). Baseline: cryptography signing a
certificate-sized message with RSA-2048/SHA-256 as fast as it can, on the same machine.

    python benchmarks/issuance.py [--cards 200]
"""

from __future__ import annotations

import argparse
import os
import time

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from common import report, throwaway_authority
from jpki.card.image import generate_key
from jpki.profile.validity import age_on
from jpki.world.population import population


def raw_signatures_per_second(key, seconds: float = 2.0) -> float:  # type: ignore[no-untyped-def]
    message = os.urandom(1200)
    count, started = 0, time.perf_counter()
    while time.perf_counter() - started < seconds:
        key.sign(message, padding.PKCS1v15(), hashes.SHA256())
        count += 1
    return count / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=200)
    arguments = parser.parse_args()
    keys = [generate_key() for _ in range(32)]
    with throwaway_authority() as authority:
        cards = []
        today = authority.clock.now().date()
        adults = [
            p
            for p in population(arguments.cards * 4, 2, today)
            if age_on(p.birth_date, today) >= 15
        ]
        for info in adults[: arguments.cards * 2]:
            resident = authority.register_resident(info)
            cards.append(authority.apply_for_card(resident.id).id)
        single, batched = cards[: arguments.cards], cards[arguments.cards :]
        started = time.perf_counter()
        for index, card in enumerate(single):
            authority.issue_card(
                card, keys[index % 32].public_key(), keys[(index + 1) % 32].public_key()
            )
        single_rate = len(single) / (time.perf_counter() - started)
        started = time.perf_counter()
        for start in range(0, len(batched), 100):
            authority.issue_cards(
                [
                    (card, keys[i % 32].public_key(), keys[(i + 1) % 32].public_key())
                    for i, card in enumerate(batched[start : start + 100])
                ]
            )
        batch_rate = len(batched) / (time.perf_counter() - started)
        signing_key = authority.authorities.all()[0].key
    raw = raw_signatures_per_second(signing_key)
    for label, rate in (("one card per transaction", single_rate), ("batches of 100", batch_rate)):
        print(f"issuance, {label}: {rate:,.0f} cards/s ({2 * rate:,.0f} certificates/s)")
        report(f"issuance, {label}: certificates/s vs raw RSA-2048 signatures/s",
               2 * rate, raw, "/s", "as close to 1 as storage allows")  # fmt: skip


if __name__ == "__main__":
    main()
