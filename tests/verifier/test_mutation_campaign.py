"""The verifier's mutation campaign (issue 19): mutated certificates, CRLs and CMS.

Seeded mutants of signed objects (bit flips, truncations, DER-aware edits of one TLV, BER
re-encodings; see tests/verifier/mutants.py) go to the verifier API. Two things must hold
for each: no exception escapes (a verdict or RevocationDataError is the only answer), and
no mutant differing from its original is accepted as valid. The bounded form runs in the
suite; `-m fuzz` runs ten times the volume with other seeds.
"""

from __future__ import annotations

import collections
import dataclasses
from collections.abc import Callable

import pytest

from jpki.card.os import Card
from jpki.client.cms import sign_detached
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.cms import verify_cms
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.validation import Validator
from tests.holders import SIGN_PASSWORD
from tests.verifier.mutants import random_mutants
from tests.verifier.validators import validator_of

SIGN = CertificatePurpose.SIGN
VOLUME = {"certificate": 400, "crl": 150, "cms": 400}
"""Mutants per kind in the bounded form (the long form runs ten times as many)."""


@dataclasses.dataclass
class Originals:
    certificate: bytes
    crl: bytes
    cms: bytes


@pytest.fixture
def originals(personalised, authority, clock) -> Originals:
    token = JpkiToken(InProcessReader(Card(personalised[0])))
    token.verify(SIGN, SIGN_PASSWORD)
    certificate = token.certificate(SIGN)
    authority.publish_crls()
    return Originals(
        certificate=personalised[1].of_purpose(SIGN).der,
        crl=(authority.settings.crl_dir / "sign.crl").read_bytes(),
        cms=sign_detached(token, b"a contract", certificate, clock.now(), attached=True),
    )


def _certificate_accepted(validator: Validator, mutant: bytes) -> bool:
    return validator.check(mutant).valid


def _crl_accepted(validator: Validator, mutant: bytes) -> bool:
    index = RevocationIndex(validator.anchors, validator.clock)
    try:
        index.add_crl(mutant)
    except RevocationDataError:
        return False
    return True


def _cms_accepted(validator: Validator, mutant: bytes) -> bool:
    return verify_cms(validator, mutant).valid


JUDGES: dict[str, Callable[[Validator, bytes], bool]] = {
    "certificate": _certificate_accepted,
    "crl": _crl_accepted,
    "cms": _cms_accepted,
}


def _diff(original: bytes, mutant: bytes) -> str:
    """Where a mutant first differs from its original, and how long each is."""
    at = next((i for i, (a, b) in enumerate(zip(original, mutant, strict=False)) if a != b), None)
    at = min(len(original), len(mutant)) if at is None else at
    return f"at {at}: {original[at : at + 8].hex()} -> {mutant[at : at + 8].hex()} ({len(original)} -> {len(mutant)} bytes)"


def campaign(originals: Originals, validator: Validator, scale: int, seed: int) -> dict[str, int]:
    """Run every kind's mutants; the figures per kind and mutator. Fails on an acceptance."""
    figures: collections.Counter[str] = collections.Counter()
    accepted = []
    for kind, judge in JUDGES.items():
        original = getattr(originals, kind)
        assert judge(validator, original), f"the original {kind} must be valid"
        for mutator, mutant in random_mutants(original, VOLUME[kind] * scale, seed):
            figures[f"{kind}/{mutator}"] += 1
            if mutant != original and judge(validator, mutant):
                accepted.append(f"{kind}/{mutator}: {_diff(original, mutant)}")
    assert not accepted, "\n".join(accepted)
    return dict(figures)


def test_mutants_are_never_an_exception_nor_valid(originals, authority, clock, capsys):
    figures = campaign(originals, validator_of(authority, clock), 1, seed=19)
    with capsys.disabled():
        print(f"\nverifier mutation campaign (bounded): {sum(figures.values())} mutants", figures)


@pytest.mark.fuzz
def test_long_mutation_campaign(originals, authority, clock, capsys):
    figures = campaign(originals, validator_of(authority, clock), 10, seed=1919)
    with capsys.disabled():
        print(f"\nverifier mutation campaign (long): {sum(figures.values())} mutants", figures)
