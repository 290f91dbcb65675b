"""The MyKey platform's work (seed 000, マイキープラットフォーム).

The MyKey ID is 14 random characters the service gives the account at registration. It is not
the authentication certificate's subject (as the real platform's is): the service is a 代行
tenant and keeps no certificate, hash, subject or serial of a card; the platform names the
account's reference at each login, and its linkage carries the account to a renewed
certificate, so the ID and the service IDs hanging on the account survive renewals. A holder
may instead reserve 14 characters of their own here (仮登録); their next card login confirms
them (本登録).

Libraries and shopping streets register their own service IDs against a MyKey ID at their
terminals and look them up by card; points held at a partner convert into local-government
points (自治体ポイント) at the partner's rate. The platform's change notifications end an
account whose card died, was lost or left the country, and every linked service gets a
notice (失効会員情報提供).
"""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login, registered
from jpki.apps.kit.webhooks import Subscription
from jpki.apps.mykey.models import AccountRow, ConversionRow, NoticeRow, ServiceLinkRow
from jpki.profile.errors import ProfileError
from jpki.profile.identifiers import random_part, validate_mykey_part
from jpki.profile.status import Situation
from jpki.protocol.wallet import LoginAnswer


@dataclasses.dataclass(frozen=True)
class Partner:
    en: str
    ja: str
    local_per_100: int | None
    """Local-government points for 100 of the partner's points; None: no points."""


PARTNERS = {
    "library": Partner("City Library", "市立図書館", None),
    "shopping": Partner("Shopping street points", "商店街ポイント", 100),
    "airline": Partner("Airline miles", "航空会社マイル", 50),
}
ENDED = {
    Situation.DIED, Situation.DIED_OR_EMIGRATED, Situation.EMIGRATED,
    Situation.LOST_OR_EMIGRATED, Situation.CARD_LOST, Situation.REVOKED_OTHER, Situation.EXPIRED,
}  # fmt: skip
"""Situations that end the card behind a MyKey ID: its services are told."""
REGISTRATION = (
    "MyKey platform registration / マイキープラットフォーム 登録\n"
    "I register for a MyKey ID linked to my card, and let the services I link to it be told\n"
    "if my card is revoked.\n"
    "カードに紐付くマイキーIDを登録し、失効時に連携サービスへ通知されることに同意します。\n"
).encode()


@dataclasses.dataclass(frozen=True)
class Login:
    account_id: int
    mykey_id: str
    receipt: str


def partner(service: str) -> Partner:
    if service not in PARTNERS:
        raise CardRefusal(f"unknown service {service!r} / サービスが不明です")
    return PARTNERS[service]


class MyKeyPlatform:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.subscription = Subscription(context)

    def register(self, cms: Signed) -> AccountRow:
        """Open an account for the signer (one per holder: registering again finds it)."""
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(reference, cms, REGISTRATION)
        user_id = str(registered(answer).user_id)
        with self.database.transaction() as session:
            earlier = session.scalar(select(AccountRow).where(AccountRow.user_id == user_id))
            if earlier is None:
                row = AccountRow(
                    reference=reference, user_id=user_id, mykey_id=random_part(),
                    registered_at=self.context.clock.now(),
                )  # fmt: skip
                session.add(row)
                return row
        self.context.platform.unlink(reference)
        return earlier

    def _account_of(self, session: Session, references: list[str]) -> AccountRow | None:
        """The holder's account among the platform's linked references (the oldest)."""
        if not references:
            return None
        return session.scalar(
            select(AccountRow)
            .where(AccountRow.reference.in_(references))
            .order_by(AccountRow.id)
            .limit(1)
        )

    def log_in(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> Login:
        """Identify the holder (by the platform's linked reference) and confirm a reserved
        MyKey ID (本登録)."""
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        with self.database.transaction() as session:
            account = self._account_of(session, result.customers)
            if account is None:
                raise CardRefusal("no MyKey ID for this card: register first / 未登録です")
            if account.revoked:
                raise CardRefusal(f"this MyKey ID has ended ({account.revoked}) / 失効しています")
            if account.chosen and not account.confirmed_chosen:
                account.mykey_id, account.confirmed_chosen = account.chosen, True
            assert account.mykey_id is not None
            return Login(account.id, account.mykey_id, answer.receipt)

    def account(self, account_id: int) -> tuple[AccountRow, list[ServiceLinkRow]]:
        with self.database.transaction() as session:
            account = session.get(AccountRow, account_id)
            if account is None:
                raise CardRefusal("no such account")
            links = session.scalars(
                select(ServiceLinkRow)
                .where(ServiceLinkRow.account_id == account_id)
                .order_by(ServiceLinkRow.service)
            )
            return account, list(links)

    def reserve(self, account_id: int, chosen: str) -> None:
        """仮登録 of a chosen MyKey ID, unique among everyone's IDs, to be written at a counter."""
        chosen = chosen.strip().upper()
        try:
            validate_mykey_part(chosen)
        except ProfileError as error:
            raise CardRefusal(str(error)) from None
        try:
            with self.database.transaction() as session:
                taken = session.scalar(
                    select(AccountRow.id).where(
                        AccountRow.id != account_id,
                        AccountRow.mykey_id.startswith(chosen, autoescape=True),
                    )
                )
                if taken is not None:
                    raise CardRefusal("this MyKey ID is taken / 使用済みのIDです")
                account = session.get(AccountRow, account_id)
                if account is None or account.confirmed_chosen:
                    raise CardRefusal("the MyKey ID is already chosen and written / 本登録済みです")
                account.chosen = chosen
        except IntegrityError:
            raise CardRefusal("this MyKey ID is taken / 使用済みのIDです") from None

    def link(self, service: str, service_id: str, login: Login) -> None:
        """Register the service's own ID against the holder's MyKey ID."""
        partner(service)
        service_id = service_id.strip()
        if not 1 <= len(service_id) <= 32 or not service_id.isprintable():
            raise CardRefusal("a service ID is 1 to 32 printable characters")
        try:
            with self.database.transaction() as session:
                session.add(
                    ServiceLinkRow(
                        account_id=login.account_id, service=service, service_id=service_id,
                        linked_at=self.context.clock.now(),
                    )
                )  # fmt: skip
        except IntegrityError:
            raise CardRefusal(
                "this card or this service ID is already linked / 連携済みです"
            ) from None

    def service_id_of(self, service: str, login: Login) -> ServiceLinkRow:
        """マイキーID照会: the service's own ID for the card's holder."""
        partner(service)
        with self.database.transaction() as session:
            link = session.scalar(
                select(ServiceLinkRow).where(
                    ServiceLinkRow.account_id == login.account_id,
                    ServiceLinkRow.service == service,
                )
            )
        if link is None:
            raise CardRefusal("no service ID linked to this MyKey ID / 未連携です")
        return link

    def earn(self, service: str, points: int, login: Login) -> int:
        """Points a partner grants at its counter; answers the new balance."""
        if partner(service).local_per_100 is None:
            raise CardRefusal("this service has no points / ポイントはありません")
        if not 1 <= points <= 1_000_000:
            raise CardRefusal("points: 1 to 1,000,000")
        link = self.service_id_of(service, login)
        with self.database.transaction() as session:
            row = session.get(ServiceLinkRow, link.id)
            assert row is not None
            row.points += points
            return row.points

    def convert(self, account_id: int, service: str, points: int) -> int:
        """自治体ポイント: `points` of a partner become local points at its rate; answers
        the local points gained. Whole local points only: the remainder stays."""
        rate = partner(service).local_per_100
        if rate is None or points <= 0:
            raise CardRefusal("nothing to convert / 変換できません")
        local = points * rate // 100
        spent = local * 100 // rate
        with self.database.transaction() as session:
            link = session.scalar(
                select(ServiceLinkRow).where(
                    ServiceLinkRow.account_id == account_id, ServiceLinkRow.service == service
                )
            )
            account = session.get(AccountRow, account_id)
            if link is None or account is None or link.points < points:
                raise CardRefusal("not enough points / ポイントが不足しています")
            if local == 0:
                raise CardRefusal("too few points for one local point / 1ポイントに満たない")
            link.points -= spent
            account.local_points += local
            session.add(
                ConversionRow(
                    account_id=account_id, service=service, points=spent, local_points=local,
                    at=self.context.clock.now(),
                )
            )  # fmt: skip
        return local

    def notified(self, headers: dict[str, str], body: bytes) -> int:
        """Apply one signed notification: an ended card ends its account and queues a notice
        to each linked service. Answers how many notices were added (0 on redelivery)."""
        event = self.subscription.event(headers, body)
        try:
            situation = Situation(str(event["data"].get("situation")))
        except ValueError:
            raise CardRefusal("unknown situation in the notification") from None
        if situation not in ENDED:
            return 0
        now = self.context.clock.now()
        with self.database.transaction() as session:
            account = session.scalar(
                select(AccountRow).where(AccountRow.reference == event["data"].get("reference"))
            )
            if account is None:
                return 0
            account.revoked = situation.value
            links = session.scalars(
                select(ServiceLinkRow).where(ServiceLinkRow.account_id == account.id)
            )
            added = 0
            for link in links:
                exists = session.scalar(
                    select(NoticeRow.id).where(
                        NoticeRow.event_id == str(event.get("id"))[:64],
                        NoticeRow.service == link.service,
                        NoticeRow.service_id == link.service_id,
                    )
                )
                if exists is None:
                    session.add(
                        NoticeRow(
                            event_id=str(event.get("id"))[:64], service=link.service,
                            service_id=link.service_id, situation=situation.value, at=now,
                        )
                    )  # fmt: skip
                    added += 1
        return added

    def notices(self, service: str) -> list[NoticeRow]:
        partner(service)
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(NoticeRow)
                    .where(NoticeRow.service == service)
                    .order_by(NoticeRow.id.desc())
                    .limit(200)
                )
            )


__all__ = ["ENDED", "PARTNERS", "REGISTRATION", "Login", "MyKeyPlatform", "Partner"]
