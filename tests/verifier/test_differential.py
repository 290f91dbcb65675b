"""The JPKI fast path agrees with pyhanko-certvalidator on every certificate of the corpus."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jpki.verifier.generic import GenericValidator
from jpki.verifier.validation import Validator, load_certificate
from jpki.verifier.verdict import Status, Verdict
from tests.verifier.corpus import Case, Corpus


def reference_verdict(generic: GenericValidator, case: Case) -> Verdict | Status:
    """pyhanko-certvalidator's verdict; the strict DER parse is shared by both paths."""
    try:
        certificate = load_certificate(case.der)
    except ValueError:
        return Status.MALFORMED
    return generic.check(certificate, case.at)


def test_fast_path_agrees_with_pyhanko_certvalidator(
    corpus: Corpus, validator: Validator, generic: GenericValidator
) -> None:
    disagreements = []
    seen = set()
    for case in corpus.cases:
        ours = validator.check(case.der, at=case.at)
        reference = reference_verdict(generic, case)
        theirs = reference if isinstance(reference, Status) else reference.status
        seen.add(ours.status)
        if ours.status is not theirs:
            disagreements.append(
                f"{case.name}: ours {ours.status} ({ours.message}); theirs {theirs} ({getattr(reference, 'message', '')})"
            )
        if case.expected and ours.status.value != case.expected:
            disagreements.append(
                f"{case.name}: expected {case.expected}, got {ours.status}: {ours.message}"
            )
        if ours.status is Status.REVOKED and isinstance(reference, Verdict):
            assert ours.revocation is not None
            assert reference.revocation is not None
            if (ours.revocation.reason, ours.revocation.revoked_at) != (
                reference.revocation.reason,
                reference.revocation.revoked_at,
            ):
                disagreements.append(f"{case.name}: {ours.revocation} vs {reference.revocation}")
    assert not disagreements, "\n".join(disagreements)
    assert seen >= {
        Status.VALID,
        Status.REVOKED,
        Status.EXPIRED,
        Status.NOT_YET_VALID,
        Status.UNTRUSTED,
        Status.MALFORMED,
    }


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_mutated_certificates_get_a_verdict_never_an_exception(corpus, validator, data):
    original = corpus.cases[1].der  # the valid signing certificate
    der = bytearray(original)
    for _ in range(data.draw(st.integers(1, 4))):
        der[data.draw(st.integers(0, len(der) - 1))] ^= data.draw(st.integers(1, 255))
    cut = data.draw(st.integers(0, len(der)))
    mutated = bytes(der[:cut])
    verdict = validator.check(mutated, at=corpus.now)
    assert verdict.message
    if mutated != original:
        assert verdict.status is not Status.VALID
