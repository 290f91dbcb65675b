"""The securities company's work: open accounts with a signed application (eKYC with the
signing certificate, linked at the platform), and answer the trading API for a TLS client
certificate by asking the platform who it is.

The TLS server has already checked that the client holds the key of a certificate under
J-LIS's authentication root; the platform then checks it against the current CRL and names
the accounts linked to the card. The securities company never stores a serial (代行).
"""

from __future__ import annotations

import dataclasses
import secrets

from sqlalchemy import select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import consented_four_info
from jpki.apps.securities.models import SecuritiesAccountRow, TlsAccessRow
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.verification import LoginAccepted, LoginRefused
from jpki.protocol.wallet import Label

ITEMS = (FourInfoItem.NAME,)
"""The company keeps the account holder's name only."""
OPENING_CASH = 1_000_000
"""The demo's opening deposit, so the account has something to show."""


@dataclasses.dataclass(frozen=True)
class TlsAccess:
    """What the trading API answers for one client certificate."""

    status: int
    body: dict[str, object]


class Securities:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context

    @staticmethod
    def new_account_number() -> str:
        return f"S{secrets.randbelow(10**9):09d}"

    @staticmethod
    def purpose(number: str) -> Label:
        """Why the holder consents: this account, to be used over TLS client authentication."""
        if not (len(number) == 10 and number[0] == "S" and number[1:].isdigit()):
            raise CardRefusal(f"not an account number: {number!r}")
        return Label(
            en=f"opening securities account No. {number} for trading with my card over TLS",
            ja=f"証券口座 No. {number} の開設(カードによるTLS接続での取引)",
        )

    def application(self, number: str) -> bytes:
        """The application the holder signs: the platform's consent text (同意文) naming the
        account; its signature is the eKYC and the consent to the name, all the company keeps."""
        return self.context.platform.ask_consent(self.purpose(number), ITEMS).content

    def open_account(self, number: str, cms: Signed, content: bytes) -> SecuritiesAccountRow:
        if self.purpose(number).en not in content.decode(errors="replace"):
            raise CardRefusal("the signed application is not this account's application")
        answer = self.context.platform.register_customer(number, cms, content)
        info = consented_four_info(answer, ITEMS)
        row = SecuritiesAccountRow(
            number=number,
            name=info.name,
            opened_at=self.context.clock.now(),
            receipt=answer.receipt,
            cash_yen=OPENING_CASH,
        )
        with self.context.database.transaction() as session:
            session.add(row)
        return row

    def tls_access(self, certificate: bytes) -> TlsAccess:
        """The accounts of the holder of a TLS client certificate, or why not."""
        answer = self.context.platform.tls_client(certificate)
        result = answer.result
        accounts: list[SecuritiesAccountRow] = []
        if isinstance(result, LoginAccepted):
            with self.context.database.transaction() as session:
                query = select(SecuritiesAccountRow).where(
                    SecuritiesAccountRow.number.in_(result.customers)
                )
                accounts = list(session.scalars(query))
        outcome = "accepted" if accounts else "no-account" if result.accepted else "refused"
        with self.context.database.transaction() as session:
            session.add(
                TlsAccessRow(
                    at=self.context.clock.now(),
                    account=accounts[0].number if accounts else None,
                    outcome=outcome,
                    receipt=answer.receipt,
                )
            )
        if isinstance(result, LoginRefused):
            return TlsAccess(
                403,
                {
                    "error": result.error,
                    "message": result.message,
                    "receipt": answer.receipt,
                },
            )
        if outcome == "no-account":
            return TlsAccess(
                403,
                {
                    "error": "no-account",
                    "message": "no account is linked to this card / 口座が紐付いていません",
                    "open_at": self.context.origin,
                    "receipt": answer.receipt,
                },
            )
        return TlsAccess(
            200,
            {
                "accounts": [
                    {"number": a.number, "name": a.name, "cash_yen": a.cash_yen} for a in accounts
                ],
                "assurance": result.assurance.value,
                "receipt": answer.receipt,
            },
        )

    def accounts(self) -> list[SecuritiesAccountRow]:
        with self.context.database.transaction() as session:
            query = select(SecuritiesAccountRow).order_by(SecuritiesAccountRow.opened_at.desc())
            return list(session.scalars(query.limit(20)))

    def access_log(self) -> list[TlsAccessRow]:
        with self.context.database.transaction() as session:
            query = select(TlsAccessRow).order_by(TlsAccessRow.id.desc()).limit(20)
            return list(session.scalars(query))


__all__ = ["OPENING_CASH", "Securities", "TlsAccess"]
