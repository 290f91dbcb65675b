"""Age verification with the least disclosure, in the manner of the German eID's age check.

Once, the holder registers: they sign the platform's consent text (同意文) for the birth date
alone, the platform releases only that, and the service keeps only the day the holder turns
20, under a random reference the platform links to the card (代行 model: the service never
sees a serial). At a vending machine or an entrance the terminal relays a card authentication
(PIN-less at a registered terminal, or with the PIN); the service answers `{"adult":
true|false}` and nothing else: no birth date, no name, no ID that would let two checks be
joined (the tenant's setting is per-use user IDs: `jpki.platform.tenants.Identifiers`). The
log keeps each answer, its time and the platform's receipt; it is the service's own record,
not shown to visitors.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from sqlalchemy import func, select

from jpki.apps.age.models import CheckRow, EnrolmentRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import consented_four_info
from jpki.clock import today_in_japan
from jpki.profile.validity import birthday_in
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.verification import LoginAccepted
from jpki.protocol.wallet import Label, LoginAnswer

ADULT_AGE = 20
"""Tobacco and alcohol: 20 (二十歳未満ノ者ノ喫煙ノ禁止ニ関スル法律, 飲酒ノ禁止ニ関スル法律)."""


def adult_on(birth_date: dt.date) -> dt.date:
    """The day someone born on `birth_date` is 20 (Feb 29: as the profile counts birthdays)."""
    return birthday_in(birth_date.year + ADULT_AGE, birth_date)


@dataclasses.dataclass(frozen=True)
class AgeAnswer:
    adult: bool

    def to_json(self) -> dict[str, Any]:
        return {"adult": self.adult}


PURPOSE = Label(
    en="age checks (20 or older: yes/no); only the day I turn 20 is kept",
    ja="年齢確認(20歳以上か否か)。20歳に達する日のみを保存します",
)
ITEMS = (FourInfoItem.BIRTH_DATE,)
"""The one item the service asks for."""


class AgeService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def consent(self) -> bytes:
        """The platform's consent text for the birth date, for the holder to sign."""
        return self.context.platform.ask_consent(PURPOSE, ITEMS).content

    def register(self, cms: Signed, content: bytes) -> None:
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(reference, cms, content)
        birth = consented_four_info(answer, ITEMS).birth_date
        if birth is None:
            raise CardRefusal("the certificate gives no birth date / 生年月日が不詳です")
        with self.database.transaction() as session:
            session.add(EnrolmentRow(reference=reference, adult_on=adult_on(birth)))

    def check(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> AgeAnswer:
        """Yes only for an accepted card login of a registered holder who is 20 today."""
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = answer.result
        today = today_in_japan(self.context.clock)
        with self.database.transaction() as session:
            adult = False
            if isinstance(result, LoginAccepted) and result.customers:
                rows = session.scalars(
                    select(EnrolmentRow).where(EnrolmentRow.reference.in_(result.customers))
                )
                adult = any(row.adult_on <= today for row in rows)
            session.add(CheckRow(at=self.context.clock.now(), adult=adult, receipt=answer.receipt))
        return AgeAnswer(adult)

    def statistics(self) -> dict[str, int]:
        with self.database.transaction() as session:
            counts = dict(
                session.execute(select(CheckRow.adult, func.count()).group_by(CheckRow.adult))
                .tuples()
                .all()
            )
            enrolled = session.scalar(select(func.count()).select_from(EnrolmentRow)) or 0
        return {"yes": counts.get(True, 0), "no": counts.get(False, 0), "registered": enrolled}


__all__ = ["ADULT_AGE", "ITEMS", "PURPOSE", "AgeAnswer", "AgeService", "adult_on"]
