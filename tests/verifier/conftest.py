"""Fixtures of the verifier tests: a differential corpus and validators over it."""

from __future__ import annotations

import pytest

from jpki.authority.service import Authority
from jpki.clock import ManualClock
from jpki.profile import oids
from jpki.verifier.generic import GenericValidator
from jpki.verifier.revocation.index import RevocationIndex
from jpki.verifier.validation import Validator
from tests.holders import AuthorityFactory
from tests.verifier.corpus import Corpus, build_corpus


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
