"""The municipality's parent-support desk: pregnancy notifications signed with the card, and
the notices to parents.

The municipality (委託) has the platform check the signature and learns the notifier's name,
address and date of birth from the signing certificate; the platform links a random reference
to the person (紐付け), so that a later card login, on the TV or anywhere, finds their
notifications and the notices that answered them. Without a login the TV shows the notices to
every parent only.
"""

from __future__ import annotations

import base64
import dataclasses
import secrets
from typing import Any

from sqlalchemy import select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import accepted_login, registered
from jpki.apps.parent_support.models import NoticeRow, NotificationRow
from jpki.apps.parent_support.notification import AFTER_NOTIFICATION, Choices, Notice
from jpki.clock import today_in_japan
from jpki.profile.validity import age_on
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

MUNICIPALITY = "デモ市 / Demo City"
NOTICES = {notice.key: notice for notice in AFTER_NOTIFICATION}


@dataclasses.dataclass(frozen=True)
class PersonalNotice:
    notice: Notice
    row: NoticeRow


class ParentSupport:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def document(self, choices: Choices) -> bytes:
        return choices.document(MUNICIPALITY, today_in_japan(self.context.clock).isoformat())

    def file(self, choices: Choices, answer: SignatureAnswer, document: bytes) -> NotificationRow:
        """Accept a notification signed with a valid signing certificate, and send the notices
        that answer it."""
        reference = secrets.token_urlsafe(16)
        checked = self.context.platform.register_customer(reference, answer, document)
        info = registered(checked).signature.certificate.four_info
        if info is None:
            raise CardRefusal(
                "sign with the signing certificate / 署名用電子証明書で署名してください"
            )
        try:
            signature = base64.b64decode(answer.cms or "", validate=True)
        except ValueError as exc:
            raise CardRefusal("the wallet sent no signature / 署名がありません") from exc
        today, now = today_in_japan(self.context.clock), self.context.clock.now()
        row = NotificationRow(
            number=f"P{secrets.randbelow(10**9):09d}", reference=reference, name=info.name,
            address=info.address,
            age=age_on(info.birth_date, today) if info.birth_date else None,
            months=choices.months, clinic=choices.clinic, filed_at=now,
            receipt=checked.receipt, document=document, signature=signature,
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
            for notice in AFTER_NOTIFICATION:
                session.add(NoticeRow(reference=reference, key=notice.key,
                                      notification=row.number, sent_at=now))  # fmt: skip
        return row

    def log_in(self, challenge: dict[str, Any], answer: LoginAnswer) -> list[str]:
        """The references of the card holder's notifications (none for a parent who filed none)."""
        result = accepted_login(self.context.platform.authenticate(challenge, answer))
        with self.database.transaction() as session:
            known = session.scalars(
                select(NotificationRow.reference).where(
                    NotificationRow.reference.in_(result.customers)
                )
            )
            return sorted(set(known))

    def notification(self, number: str) -> NotificationRow:
        with self.database.transaction() as session:
            row = session.get(NotificationRow, number)
        if row is None:
            raise CardRefusal("no such notification / 届出が見つかりません")
        return row

    def notifications(self, references: list[str]) -> list[NotificationRow]:
        with self.database.transaction() as session:
            query = select(NotificationRow).where(NotificationRow.reference.in_(references))
            return list(session.scalars(query.order_by(NotificationRow.filed_at.desc())))

    def notices(self, references: list[str]) -> list[PersonalNotice]:
        with self.database.transaction() as session:
            query = select(NoticeRow).where(NoticeRow.reference.in_(references))
            rows = session.scalars(query.order_by(NoticeRow.sent_at.desc(), NoticeRow.id))
            return [PersonalNotice(NOTICES[row.key], row) for row in rows if row.key in NOTICES]


__all__ = ["MUNICIPALITY", "ParentSupport", "PersonalNotice"]
