"""Fixtures of the verifier tests: a differential corpus and validators over it."""

from __future__ import annotations

import pytest

from conftest import AuthorityFactory
from jpki.authority.service import Authority
from jpki.clock import ManualClock
from jpki.profile import oids
from jpki.verifier.anchors import TrustAnchors
from jpki.verifier.generic import GenericValidator
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.validation import Validator
from verifier.corpus import Corpus, build_corpus


def validator_of(authority: Authority, clock: ManualClock) -> Validator:
    """A validator trusting every root generation of `authority`, with its current full CRLs."""
    authority.publish_crls()
    anchors = TrustAnchors(g.certificate for g in authority.authorities.all())
    index = RevocationIndex(anchors, clock)
    for path in sorted(authority.settings.crl_dir.glob("*-g*.crl")):
        if "-s" not in path.name and "delta" not in path.name:
            index.add_crl(path.read_bytes())
    return Validator(anchors, index, clock)


@pytest.fixture
def corpus(authority: Authority, make_authority: AuthorityFactory) -> Corpus:
    return build_corpus(authority, make_authority())


@pytest.fixture
def generic(corpus: Corpus) -> GenericValidator:
    return GenericValidator(
        [a.certificate for a in corpus.anchors],
        crls=corpus.crls,
        policies=[oids.POLICY_AUTH, oids.POLICY_SIGN],
    )


@pytest.fixture
def validator(corpus: Corpus, clock: ManualClock, generic: GenericValidator) -> Validator:
    index = RevocationIndex(corpus.anchors, clock)
    for crl in corpus.crls:
        index.add_crl(crl)
    return Validator(corpus.anchors, index, clock, other_pki=generic)
