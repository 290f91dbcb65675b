"""The relay (共通的PF・中継サービス, seed 004): from a card authentication to the right
issuer account, and the issuer's decision recorded.

Enrolment links an issuer account to the card: the holder proves the account with the
issuer's PIN, then signs the enrolment with the signing certificate and the platform links a
reference to the holder (代行: the relay never stores a serial; the seed's concern about the
relay holding card numbers is met by keeping the issuer's account number only, masked on
every page). At a store or an ATM the card login yields the holder's references; the relay
offers the linked accounts that serve the flow and asks which one when there are several.
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

from sqlalchemy import select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login, registered
from jpki.apps.payments import issuers
from jpki.apps.payments.models import RelayLinkRow, TransactionRow
from jpki.protocol.wallet import LoginAnswer


def masked(number: str) -> str:
    return "*" * (len(number) - 4) + number[-4:]


@dataclasses.dataclass(frozen=True)
class Choice:
    reference: str
    issuer: str
    masked_number: str


@dataclasses.dataclass(frozen=True)
class Identified:
    receipt: str
    choices: list[Choice]


def enrolment(issuer: str, number: str) -> bytes:
    """The document the holder signs to link an issuer account to the card."""
    name = issuers.ISSUERS[issuer]
    return (
        "Payment relay enrolment / 決済中継サービス 利用申込\n"
        f"Issuer / 発行者: {name.en} / {name.ja}\n"
        f"Account / 口座・カード番号: {masked(number)}\n"
        "I link this account to my card; the issuer keeps authorising with its own PIN.\n"
        "この口座・カードをマイナンバーカードに紐付けます。\n"
    ).encode()


class Relay:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def open_account(self, issuer: str, pin: str) -> str:
        """The issuer's counter: a new account; answers its number."""
        try:
            with self.database.transaction() as session:
                return issuers.open_account(session, issuer, pin).number
        except ValueError as error:
            raise CardRefusal(str(error)) from None

    def prove_account(self, issuer: str, number: str, pin: str) -> None:
        """The issuer confirms the holder knows the account's PIN before it is linked."""
        with self.database.transaction() as session:
            row = issuers.account(session, issuer, number) if issuer in issuers.ISSUERS else None
            refused = issuers.check_pin(row, pin) if row is not None else None
        if row is None:
            raise CardRefusal("no such account at this issuer / 口座が見つかりません")
        if refused is not None:
            raise CardRefusal(f"{refused.reason} ({refused.tries_left} left)")

    def enrol(self, cms: Signed, issuer: str, number: str) -> Choice:
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(reference, cms, enrolment(issuer, number))
        registered(answer)
        with self.database.transaction() as session:
            session.add(
                RelayLinkRow(
                    reference=reference, issuer=issuer, number=number,
                    linked_at=self.context.clock.now(),
                )
            )  # fmt: skip
        return Choice(reference, issuer, masked(number))

    def identify(
        self, flow: str, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> Identified:
        """The holder's linked accounts that serve `flow` (credit/debit at a store, atm)."""
        answer = self.context.platform.authenticate(challenge, card_answer)
        references = accepted_login(answer).customers
        with self.database.transaction() as session:
            links = session.scalars(
                select(RelayLinkRow)
                .where(RelayLinkRow.reference.in_(references))
                .order_by(RelayLinkRow.linked_at)
            )
            choices = [
                Choice(link.reference, link.issuer, masked(link.number))
                for link in links
                if _serves(link.issuer, flow)
            ]
        if not choices:
            raise CardRefusal(
                "no linked account for this payment / 利用できる口座・カードがありません"
            )
        return Identified(answer.receipt, choices)

    def authorise(
        self,
        flow: str,
        terminal: str,
        amount: int,
        reference: str,
        pin: str | None,
        receipt: str,
    ) -> issuers.Authorisation:
        """Forward to the issuer of `reference` and record its decision (a PIN prompt is
        not a decision and is not recorded)."""
        with self.database.transaction() as session:
            link = session.get(RelayLinkRow, reference)
            if link is None:
                raise CardRefusal("unknown account link")
            kind = "atm" if flow == "atm" else issuers.ISSUERS[link.issuer].flows[0]
            decision = issuers.authorise(session, link.issuer, link.number, kind, amount, pin)
            if decision.reason != "pin-required":
                session.add(
                    TransactionRow(
                        at=self.context.clock.now(), flow=kind, terminal=terminal[:32],
                        issuer=link.issuer, number=masked(link.number), amount=amount,
                        approved=decision.approved, reason=decision.reason, receipt=receipt,
                    )
                )  # fmt: skip
        return decision

    def balances(self, references: list[str]) -> dict[str, int]:
        with self.database.transaction() as session:
            links = session.scalars(
                select(RelayLinkRow).where(RelayLinkRow.reference.in_(references))
            )
            return {
                link.reference: row.balance
                for link in links
                if (row := issuers.account(session, link.issuer, link.number)) is not None
            }

    def transactions(self, limit: int = 20) -> list[TransactionRow]:
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(TransactionRow).order_by(TransactionRow.id.desc()).limit(limit)
                )
            )


def _serves(issuer: str, flow: str) -> bool:
    served = issuers.ISSUERS[issuer].flows
    return flow in served or (flow == "store" and bool({"credit", "debit"} & set(served)))


__all__ = ["Choice", "Identified", "Relay", "enrolment", "masked"]
