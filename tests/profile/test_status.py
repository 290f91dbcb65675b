"""Seed 002's status-check table, row by row."""

import pytest

from jpki.profile.reasons import RevocationCause, RevocationReason
from jpki.profile.status import UNKNOWN, VALID, CertificateState, Situation, State, interpret


def revoked(reason: RevocationReason, cause: RevocationCause | None = None) -> CertificateState:
    return CertificateState(State.REVOKED, reason, cause)


R = RevocationReason


@pytest.mark.parametrize(
    ("sign", "auth", "situation"),
    [
        (VALID, VALID, Situation.ALIVE_UNCHANGED),  # 有効 / 有効
        (revoked(R.AFFILIATION_CHANGED), VALID, Situation.DETAILS_CHANGED),  # 失効 / 有効
        (
            revoked(R.AFFILIATION_CHANGED),
            revoked(R.AFFILIATION_CHANGED),
            Situation.DIED_OR_EMIGRATED,
        ),
        (
            revoked(R.CESSATION_OF_OPERATION),
            revoked(R.CESSATION_OF_OPERATION),
            Situation.LOST_OR_EMIGRATED,
        ),
        (revoked(R.SUPERSEDED), revoked(R.SUPERSEDED), Situation.RENEWED),
        (revoked(R.CERTIFICATE_HOLD), revoked(R.CERTIFICATE_HOLD), Situation.CARD_LOST),
        # STEP 1: the revocation detail separates death from emigration.
        (
            revoked(R.AFFILIATION_CHANGED, RevocationCause.DEATH),
            revoked(R.AFFILIATION_CHANGED, RevocationCause.DEATH),
            Situation.DIED,
        ),
        (
            revoked(R.CESSATION_OF_OPERATION, RevocationCause.EMIGRATION),
            revoked(R.CESSATION_OF_OPERATION, RevocationCause.EMIGRATION),
            Situation.EMIGRATED,
        ),
        (revoked(R.KEY_COMPROMISE), revoked(R.KEY_COMPROMISE), Situation.REVOKED_OTHER),
        (UNKNOWN, VALID, Situation.UNKNOWN),
        (revoked(R.AFFILIATION_CHANGED), UNKNOWN, Situation.UNKNOWN),
        (CertificateState(State.EXPIRED), VALID, Situation.EXPIRED),
    ],
)
def test_seed_002_table(sign, auth, situation):
    assert interpret(sign, auth) is situation
    assert situation.label_ja


def test_only_unchanged_and_unknown_need_no_action():
    unknown = {Situation.UNKNOWN, Situation.UNKNOWN_REFERENCE}
    assert {s for s in Situation if not s.changed} == {Situation.ALIVE_UNCHANGED, *unknown}


@pytest.mark.parametrize(
    ("cause", "reason", "situation"),
    [
        (RevocationCause.PHONE_LOST, R.CERTIFICATE_HOLD, Situation.PHONE_LOST),
        (RevocationCause.PHONE_RETIRED, R.CESSATION_OF_OPERATION, Situation.PHONE_RETIRED),
        (None, R.CERTIFICATE_HOLD, Situation.CARD_LOST),  # no STEP 1 detail: reads as a card
    ],
)
def test_a_phones_pair_reads_its_own_causes_where_the_detail_says_them(cause, reason, situation):
    pair = revoked(reason, cause)
    assert interpret(pair, pair) is situation
    assert cause is None or cause.reason is reason
    assert situation.label_ja
