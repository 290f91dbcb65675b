"""The card issuers and banks behind the relay, each with its own PIN rules.

An issuer authorises a payment or a withdrawal on one of its accounts: it decides whether its
own PIN (the credit card's or the cash card's, not the JPKI PIN) is needed for this flow and
amount, checks it (three wrong PINs lock the account, as cash cards do), and checks the
balance or credit line.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.apps.payments.models import IssuerAccountRow

PIN_TRIES = 3
FLOWS = ("credit", "debit", "atm")


@dataclasses.dataclass(frozen=True)
class Issuer:
    key: str
    en: str
    ja: str
    flows: tuple[str, ...]
    """What its accounts serve: a credit card pays on credit; a bank's cash card pays by
    debit and withdraws at ATMs."""
    needs_pin: Callable[[str, int], bool]
    """Its PIN rule: (flow, amount in yen) -> whether its own PIN is asked."""


ISSUERS = {
    "democard": Issuer(
        "democard", "Demo Card (credit)", "デモカード(クレジット)", ("credit",),
        lambda flow, amount: amount >= 10_000,
    ),
    "bankx": Issuer(
        "bankx", "Bank X (cash card)", "金融機関X(キャッシュカード)", ("debit", "atm"),
        lambda flow, amount: flow == "atm" or amount >= 5_000,
    ),
    "banky": Issuer(
        "banky", "Bank Y (cash card)", "金融機関Y(キャッシュカード)", ("debit", "atm"),
        lambda flow, amount: True,
    ),
}  # fmt: skip
OPENING_BALANCE = {"democard": 300_000, "bankx": 100_000, "banky": 50_000}


@dataclasses.dataclass(frozen=True)
class Authorisation:
    approved: bool
    reason: str
    """approved, pin-required, wrong-pin, locked, insufficient-funds, not-served."""
    tries_left: int | None = None


def _hash(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, n=2**12, r=8, p=1, dklen=32)


def valid_pin(pin: str) -> str:
    if not (pin.isdigit() and len(pin) == 4 and pin.isascii()):
        raise ValueError("an issuer PIN is 4 digits / 暗証番号は数字4桁")
    return pin


def open_account(session: Session, issuer: str, pin: str) -> IssuerAccountRow:
    """A new demo account at `issuer` with the holder's PIN (the issuer's own counter)."""
    if issuer not in ISSUERS:
        raise ValueError(f"unknown issuer {issuer!r}")
    salt = secrets.token_bytes(16)
    row = IssuerAccountRow(
        issuer=issuer,
        number=f"{secrets.randbelow(10**10):010d}",
        balance=OPENING_BALANCE[issuer],
        pin_salt=salt,
        pin_hash=_hash(valid_pin(pin), salt),
        pin_failures=0,
    )
    session.add(row)
    return row


def account(session: Session, issuer: str, number: str) -> IssuerAccountRow | None:
    return session.scalar(
        select(IssuerAccountRow).where(
            IssuerAccountRow.issuer == issuer, IssuerAccountRow.number == number
        )
    )


def check_pin(row: IssuerAccountRow, pin: str) -> Authorisation | None:
    """None if `pin` is right (resetting the counter), else why not (counting the failure)."""
    if row.pin_failures >= PIN_TRIES:
        return Authorisation(False, "locked", 0)
    if hmac.compare_digest(_hash(pin, row.pin_salt), row.pin_hash):
        row.pin_failures = 0
        return None
    row.pin_failures += 1
    left = PIN_TRIES - row.pin_failures
    return Authorisation(False, "wrong-pin" if left else "locked", left)


def authorise(
    session: Session, issuer_key: str, number: str, flow: str, amount: int, pin: str | None
) -> Authorisation:
    """The issuer's decision on `amount` yen from account `number` (debited when approved)."""
    issuer = ISSUERS[issuer_key]
    row = account(session, issuer_key, number)
    if row is None or flow not in issuer.flows:
        return Authorisation(False, "not-served")
    if issuer.needs_pin(flow, amount):
        if pin is None:
            return Authorisation(False, "pin-required", PIN_TRIES - row.pin_failures)
        refused = check_pin(row, pin)
        if refused is not None:
            return refused
    if row.balance < amount:
        return Authorisation(False, "insufficient-funds")
    row.balance -= amount
    return Authorisation(True, "approved")


__all__ = [
    "FLOWS", "ISSUERS", "PIN_TRIES", "Authorisation", "Issuer", "account", "authorise",
    "check_pin", "open_account", "valid_pin",
]  # fmt: skip
