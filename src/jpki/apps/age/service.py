"""Age verification with the least disclosure, in the manner of the German eID's age check.

Once, the holder registers: the signature on the registration gives the platform's 4
information (with consent), from which the service keeps only the day the holder turns 20,
under a random reference the platform links to the card (代行 model: the service never sees a
serial). At a vending machine or an entrance the terminal relays a card authentication (PIN-
less at a registered terminal, or with the PIN); the service answers `{"adult": true|false}`
and nothing else: no birth date, no name, no ID that would let two checks be joined. The log
keeps when, which terminal and the answer.
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
from jpki.apps.kit.refusals import consented_four_info
from jpki.clock import today_in_japan
from jpki.profile.validity import birthday_in
from jpki.protocol.verification import LoginAccepted
from jpki.protocol.wallet import LoginAnswer

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


REGISTRATION = (
    "Age verification registration / 年齢確認サービス 登録\n"
    "I let the service keep the day I turn 20, and nothing else of my certificate.\n"
    "20歳に達する日のみを保存し、その他の情報は保存しないことに同意します。\n"
).encode()


class AgeService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def register(self, cms: str) -> None:
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(
            reference, cms, REGISTRATION, consent_four_info=True
        )
        birth = consented_four_info(answer).birth_date
        if birth is None:
            raise CardRefusal("the certificate gives no birth date / 生年月日が不詳です")
        with self.database.transaction() as session:
            session.add(EnrolmentRow(reference=reference, adult_on=adult_on(birth)))

    def check(
        self, terminal: str, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> AgeAnswer:
        """Yes only for an accepted card login of a registered holder who is 20 today."""
        result = self.context.platform.authenticate(challenge, card_answer).result
        today = today_in_japan(self.context.clock)
        with self.database.transaction() as session:
            adult = False
            if isinstance(result, LoginAccepted) and result.customers:
                rows = session.scalars(
                    select(EnrolmentRow).where(EnrolmentRow.reference.in_(result.customers))
                )
                adult = any(row.adult_on <= today for row in rows)
            session.add(CheckRow(at=self.context.clock.now(), terminal=terminal[:32], adult=adult))
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

    def log(self, limit: int = 20) -> list[CheckRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(CheckRow).order_by(CheckRow.id.desc()).limit(limit)))


__all__ = ["ADULT_AGE", "REGISTRATION", "AgeAnswer", "AgeService", "adult_on"]
