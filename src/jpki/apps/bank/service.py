"""The bank's work: an account opened from a signed application (eKYC, no documents) and
logins that find the holder's accounts, both checked by the platform in the 代行 model.

The bank keeps what the certificate said (the 4 information, released by the platform against
the holder's signature over its consent text) and
the platform's receipt as evidence; it never sees a certificate serial: the platform's
`user_id` and the account numbers it linked are all it needs (seed 004, 代行).
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from jpki.apps.bank.models import AccountRow, DeathNoticeRow, LoginRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login, consented_four_info
from jpki.apps.kit.webhooks import Subscription
from jpki.protocol.death_onestop import DEATHS, NOTICE_FIELD, DeathOnestopNotice
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.wallet import Label, LoginAnswer

ITEMS = tuple(FourInfoItem)
"""The bank keeps all 4 information of an account holder."""
ACCOUNT_KINDS = {
    "savings": {"en": "savings account", "ja": "普通預金口座"},
    "securities": {"en": "securities account", "ja": "証券総合口座"},
}


def is_latin_name(name: str) -> bool:
    """A foreign resident's card names them in the Latin alphabet (seed 002 No.20)."""
    return any("A" <= ch.upper() <= "Z" for ch in name)


@dataclasses.dataclass(frozen=True)
class Login:
    accounts: list[AccountRow]
    assurance: str
    receipt: str


class Bank:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.subscription = Subscription(context)

    def new_account_number(self) -> str:
        return f"{secrets.randbelow(10**7):07d}"

    def application(self, kind: str, number: str) -> bytes:
        """The application the holder signs: the platform's consent text (同意文) naming the
        bank, the account and the 4 information. The card's signature over it is the identity
        check (犯罪収益移転防止法 eKYC method ワ) and the holder's consent."""
        if kind not in ACCOUNT_KINDS:
            raise CardRefusal(f"unknown account kind {kind!r}")
        label = ACCOUNT_KINDS[kind]
        purpose = Label(
            en=f"opening {label['en']} No. {number} (identity check)",
            ja=f"{label['ja']} No. {number} の開設(本人確認)",
        )
        return self.context.platform.ask_consent(purpose, ITEMS).content

    def open_account(self, kind: str, number: str, cms: Signed, content: bytes) -> AccountRow:
        answer = self.context.platform.register_customer(number, cms, content)
        info = consented_four_info(answer, ITEMS).to_four_info()
        row = AccountRow(
            number=number,
            kind=kind,
            name=info.name,
            address=info.address,
            birth_date=info.birth_date,
            sex=info.sex.value,
            foreign_resident=is_latin_name(info.name),
            user_id=answer.result.user_id,
            opened_at=self.context.clock.now(),
            receipt=answer.receipt,
        )
        with self.database.transaction() as session:
            session.add(row)
        return row

    def log_in(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> Login:
        """Check a card login; the accounts linked to the holder (several: the bank asks)."""
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        accounts = self.accounts(result.customers)
        if not accounts:
            raise CardRefusal("no account of this bank is linked to this card / 口座がありません")
        return Login(accounts, result.assurance.value, answer.receipt)

    def record_login(self, account: str, login: dict[str, Any]) -> None:
        with self.database.transaction() as session:
            session.add(
                LoginRow(
                    account=account,
                    at=self.context.clock.now(),
                    assurance=login["assurance"],
                    receipt=login["receipt"],
                )
            )

    def accounts(self, numbers: list[str]) -> list[AccountRow]:
        with self.database.transaction() as session:
            rows = session.scalars(select(AccountRow).where(AccountRow.number.in_(numbers)))
            return sorted(rows, key=lambda row: row.opened_at)

    def logins(self, account: str) -> list[LoginRow]:
        with self.database.transaction() as session:
            query = select(LoginRow).where(LoginRow.account == account).order_by(LoginRow.id.desc())
            return list(session.scalars(query.limit(10)))

    # -- change notifications: a holder's death (死亡・相続ワンストップ) --------------------------

    def notified(self, headers: dict[str, str], body: bytes) -> bool:
        """Record a signed death notification of an account holder; the account is frozen
        only when the holder chose the bank in advance (the notification's `death_onestop`).
        False for other notifications and for a redelivery already applied."""
        event = self.subscription.event(headers, body)
        data = event["data"]
        situation = str(data.get("situation"))
        if situation not in {s.value for s in DEATHS}:
            return False
        try:
            asked = data.get(NOTICE_FIELD)
            notice = DeathOnestopNotice.model_validate(asked) if asked is not None else None
        except ValidationError:
            raise CardRefusal("the notification's death one-stop request is malformed") from None
        with self.database.transaction() as session:
            if session.get(AccountRow, str(data.get("reference"))[:16]) is None:
                return False
        try:
            with self.database.transaction() as session:
                session.add(
                    DeathNoticeRow(
                        event_id=str(event.get("id"))[:64], account=str(data["reference"])[:16],
                        situation=situation[:32], at=self.context.clock.now(),
                        frozen=notice is not None,
                        registrar=notice.registrar[:200] if notice is not None else None,
                    )
                )  # fmt: skip
        except IntegrityError:
            return False
        return True

    def death_notices(self) -> list[tuple[DeathNoticeRow, AccountRow | None]]:
        """The death notices received, newest first, with their accounts (相続手続の窓口)."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(DeathNoticeRow).order_by(DeathNoticeRow.at.desc()).limit(50)
            )
            return [(row, session.get(AccountRow, row.account)) for row in rows]

    def frozen(self, number: str) -> bool:
        with self.database.transaction() as session:
            query = select(DeathNoticeRow.event_id).where(
                DeathNoticeRow.account == number, DeathNoticeRow.frozen.is_(True)
            )
            return session.scalar(query.limit(1)) is not None


__all__ = ["ACCOUNT_KINDS", "Bank", "Login", "is_latin_name"]
