"""The loan's equal monthly payments: enough to repay the amount with interest, never more
than one yen a month over the exact annuity, and refusals for terms the bank does not lend."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.loan.terms import MAX_YEARS, LoanTerms


@given(
    amount=st.integers(1_000_000, 200_000_000),
    years=st.integers(1, MAX_YEARS),
    rate_bp=st.integers(0, 1_500),
)
def test_monthly_payment_repays_the_loan(amount, years, rate_bp):
    terms = LoanTerms("L000000001", amount, years, "東京都", rate_bp)
    months, rate = years * 12, rate_bp / 10_000 / 12
    balance = float(amount)
    for _ in range(months):
        balance = balance * (1 + rate) - terms.monthly_yen
    assert balance <= 1e-6 * amount  # repaid (floating error aside)
    assert terms.monthly_yen * months <= amount * (1 + rate) ** months + months


def test_known_figure_and_refusals():
    assert LoanTerms.checked("L000000001", 35_000_000, 35, "東京都").monthly_yen == 90_855
    assert LoanTerms("L000000001", 1_200_000, 1, "東京都", 0).monthly_yen == 100_000
    for amount, years, address in (
        (999, 10, "x"),
        (10**6, 0, "x"),
        (10**6, 36, "x"),
        (10**6, 1, " "),
    ):
        with pytest.raises(CardRefusal):
            LoanTerms.checked("L000000001", amount, years, address)
