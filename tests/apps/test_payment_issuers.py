"""The issuers' own PIN rules and balances behind the payment relay."""

from __future__ import annotations

import pytest

from jpki.apps.kit.database import AppsDatabase
from jpki.apps.payments import issuers


@pytest.fixture
def database(tmp_path):
    database = AppsDatabase(f"sqlite:///{tmp_path / 'apps.db'}")
    database.migrate()
    yield database
    database.dispose()


def opened(database, issuer: str) -> str:
    with database.transaction() as session:
        return issuers.open_account(session, issuer, "1234").number


def decide(database, issuer, number, flow, amount, pin=None):
    with database.transaction() as session:
        return issuers.authorise(session, issuer, number, flow, amount, pin)


def test_credit_asks_its_pin_only_from_ten_thousand_yen(database) -> None:
    number = opened(database, "democard")
    assert decide(database, "democard", number, "credit", 9_999).approved
    assert decide(database, "democard", number, "credit", 10_000).reason == "pin-required"
    assert decide(database, "democard", number, "credit", 10_000, "1234").approved


def test_a_credit_card_does_not_withdraw_at_an_atm(database) -> None:
    number = opened(database, "democard")
    assert decide(database, "democard", number, "atm", 1_000, "1234").reason == "not-served"


def test_three_wrong_pins_lock_the_cash_card(database) -> None:
    number = opened(database, "bankx")
    reasons = [decide(database, "bankx", number, "atm", 1_000, "0000").reason for _ in range(3)]
    assert reasons == ["wrong-pin", "wrong-pin", "locked"]
    assert decide(database, "bankx", number, "atm", 1_000, "1234").reason == "locked"


def test_a_withdrawal_beyond_the_balance_is_refused_and_takes_nothing(database) -> None:
    number = opened(database, "banky")
    assert decide(database, "banky", number, "atm", 50_001, "1234").reason == "insufficient-funds"
    assert decide(database, "banky", number, "atm", 50_000, "1234").approved
    assert decide(database, "banky", number, "debit", 1, "1234").reason == "insufficient-funds"


def test_an_issuer_pin_is_four_digits(database) -> None:
    with database.transaction() as session, pytest.raises(ValueError, match="4 digits"):
        issuers.open_account(session, "bankx", "12a4")
