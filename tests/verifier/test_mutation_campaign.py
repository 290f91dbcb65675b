"""The verifier's mutation campaign (issue 19): mutated certificates, CRLs, CMS and PDFs.

Seeded mutants of signed objects (bit flips, truncations, DER-aware edits of one TLV, BER
re-encodings; see tests/verifier/mutants.py) go to the verifier API. Two things must hold
for each: no exception escapes (a verdict or RevocationDataError is the only answer), and
no mutant differing from its original is accepted as valid. The bounded form runs in the
suite; `-m fuzz` runs ten times the volume with other seeds.

A PDF's mutants are its embedded CMS's mutants written back into `/Contents` (same length, hex,
zero padded), so that only bytes change: a hex digit's case, which PDF readers decode to the
same byte, is not a mutation. A mutant that changes only a certificate of the CMS's set other
than the signer's (the signing client adds the CA's; CMS does not sign that set, and the
verifier builds the path from its own anchors) changes no signed value: such mutants are
counted apart and may verify.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from collections.abc import Callable, Iterator

import pytest
from asn1crypto import cms as asn1_cms

from jpki.card.os import Card
from jpki.client.cms import sign_detached
from jpki.client.pdf import sign_pdf
from jpki.client.readers import InProcessReader
from jpki.client.token import JpkiToken
from jpki.profile.purpose import CertificatePurpose
from jpki.verifier.cms import verify_cms
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.pdf import verify_pdf
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.validation import Validator
from tests.holders import SIGN_PASSWORD
from tests.pdf_samples import one_page_pdf
from tests.verifier.mutants import random_mutants
from tests.verifier.validators import validator_of

SIGN = CertificatePurpose.SIGN
VOLUME = {"certificate": 400, "crl": 150, "cms": 400, "pdf": 100}
"""Mutants per kind in the bounded form (the long form runs ten times as many)."""


@dataclasses.dataclass
class Originals:
    certificate: bytes
    crl: bytes
    cms: bytes
    pdf: bytes


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
        pdf=sign_pdf(token, one_page_pdf(), reason="contract"),
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


def _pdf_accepted(validator: Validator, mutant: bytes) -> bool:
    return any(verdict.valid for verdict in verify_pdf(validator, mutant))


CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f]+)>")


def _embedded_cms(pdf: bytes) -> tuple[int, int, bytes]:
    """(start, end) of the signature's hex in the PDF, and the CMS it holds (padding cut)."""
    found = CONTENTS.search(pdf)
    assert found is not None
    start, end = found.span(1)
    raw = bytes.fromhex(found.group(1).decode())
    return start, end, raw[: len(asn1_cms.ContentInfo.load(raw).dump())]  # DER is its own length


def _only_an_unused_certificate_differs(original: bytes, mutant: bytes) -> bool:
    """Whether the PDFs' CMSs differ only in a certificate of the set other than the signer's."""
    try:
        before = asn1_cms.ContentInfo.load(_embedded_cms(original)[2])["content"]
        after = asn1_cms.ContentInfo.load(_embedded_cms(mutant)[2])["content"]
        fields = ("version", "digest_algorithms", "encap_content_info", "crls", "signer_infos")
        if any(before[name].dump() != after[name].dump() for name in fields):
            return False
        signer = before["signer_infos"][0]["sid"].chosen
        kept = [c.chosen for c in before["certificates"]]
        changed = [c.chosen for c in after["certificates"]]
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return False
    return len(kept) == len(changed) and all(
        old.dump() == new.dump()
        for old, new in zip(kept, changed, strict=True)
        if old.serial_number == signer["serial_number"].native
    )


def pdf_mutants(pdf: bytes, count: int, seed: int) -> Iterator[tuple[str, bytes]]:
    """The PDF with its CMS mutated (mutants that no longer fit `/Contents` are skipped)."""
    start, end, cms = _embedded_cms(pdf)
    room = (end - start) // 2
    for mutator, mutant in random_mutants(cms, count, seed):
        if len(mutant) <= room:
            digits = mutant.hex().encode()
            if pdf[start:end].isupper():
                digits = digits.upper()  # as the signer wrote them: only the bytes differ
            padded = digits.ljust(end - start, b"0")
            yield mutator, pdf[:start] + padded + pdf[end:]


JUDGES: dict[str, Callable[[Validator, bytes], bool]] = {
    "certificate": _certificate_accepted,
    "crl": _crl_accepted,
    "cms": _cms_accepted,
    "pdf": _pdf_accepted,
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
        mutate = pdf_mutants if kind == "pdf" else random_mutants
        for mutator, mutant in mutate(original, VOLUME[kind] * scale, seed):
            figures[f"{kind}/{mutator}"] += 1
            if kind == "pdf" and _only_an_unused_certificate_differs(original, mutant):
                figures["pdf/unsigned certificate only"] += 1
            elif mutant != original and judge(validator, mutant):
                accepted.append(f"{kind}/{mutator}: {_diff(original, mutant)}")
    assert not accepted, "\n".join(accepted)
    return dict(figures)


def test_a_pdf_whose_cms_lists_its_digests_under_another_tag_is_malformed(
    originals, authority, clock
):
    """Found by the long form: digestAlgorithms (SET, 0x31) retagged as an OCTET STRING kept
    a PDF's signature valid, because pyHanko reads the CMS leniently."""
    start, end, cms = _embedded_cms(originals.pdf)
    assert cms[26:28] == b"\x31\x0f"  # SignedData's digestAlgorithms: one SHA-256
    retagged = cms[:26] + b"\x04" + cms[27:]
    digits = retagged.hex().upper().encode().ljust(end - start, b"0")
    mutant = originals.pdf[:start] + digits + originals.pdf[end:]
    verdicts = verify_pdf(validator_of(authority, clock), mutant)
    assert [verdict.valid for verdict in verdicts] == [False]


def test_mutants_are_never_an_exception_nor_valid(originals, authority, clock, capsys):
    figures = campaign(originals, validator_of(authority, clock), 1, seed=19)
    with capsys.disabled():
        print(f"\nverifier mutation campaign (bounded): {sum(figures.values())} mutants", figures)


@pytest.mark.fuzz
def test_long_mutation_campaign(originals, authority, clock, capsys):
    figures = campaign(originals, validator_of(authority, clock), 10, seed=1919)
    with capsys.disabled():
        print(f"\nverifier mutation campaign (long): {sum(figures.values())} mutants", figures)
