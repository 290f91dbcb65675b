"""The venue's entry check: age and self-exclusion, with the least disclosure.

Once, a person registers: they sign the platform's consent text for the birth date alone and
the venue keeps only the day they turn 20, under the platform's pairwise ID (代行: the venue
never sees a certificate). A person may put themself on the self-exclusion list by signing a
declaration naming the last day (本人申告). At the gate the card is authenticated (PIN-less at
the registered gate, or with the PIN); the platform refuses a revoked card. The answer is
"allowed" or "refused" with one reason (under age, excluded, visit limit, not registered,
card refused) and, for an admitted person, the pairwise visitor ID the venue counts visits by
(`rules.VISIT_LIMITS`); no name, no birth date, no address reaches the gate, and a refusal
names nobody.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import consented_four_info, registered
from jpki.apps.venue.models import ExclusionRow, GateRow, MemberRow
from jpki.apps.venue.rules import (
    ADULT_AGE,
    EXCLUSION_MONTHS,
    counts_as_new,
    months_later,
    over_limit,
)
from jpki.clock import JST, today_in_japan
from jpki.profile.validity import birthday_in
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.verification import LoginAccepted
from jpki.protocol.wallet import Label, LoginAnswer

PURPOSE = Label(
    en="casino entry checks (20 or older, self-exclusion, visit limits); only the day I turn 20 is kept",
    ja="カジノ入場確認 (20歳以上か、入場制限、入場回数)。20歳に達する日のみを保存します",
)
ITEMS = (FourInfoItem.BIRTH_DATE,)
OUTCOMES = ("allowed", "under-age", "excluded", "limit", "not-registered", "card-refused")
"""Every answer the gate gives; all but "allowed" are refusals."""


@dataclasses.dataclass(frozen=True)
class GateAnswer:
    outcome: str
    visitor: str | None = None
    """The pairwise visitor ID of an admitted person (a refusal names nobody)."""
    receipt: str | None = None

    @property
    def allowed(self) -> bool:
        return self.outcome == "allowed"

    def to_json(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed, "outcome": self.outcome, "visitor": self.visitor,
            "receipt": self.receipt,
        }  # fmt: skip


def exclusion_months(months: int) -> int:
    if months not in EXCLUSION_MONTHS:
        raise CardRefusal("choose 6, 12 or 36 months / 期間は6・12・36か月から選んでください")
    return months


def declaration(until: dt.date) -> bytes:
    """The self-exclusion declaration the person signs."""
    return (
        "Self-exclusion declaration / 本人申告による入場制限\n"
        f"I ask Demo Venue to refuse my entry until {until.isoformat()} (JST).\n"
        f"{until.isoformat()} (日本時間) まで私の入場を拒否するよう申告します。\n"
        "I understand it cannot be lifted before then. / 期間中は解除できないことを了承します。\n"
        f"Nonce / 識別子: {secrets.token_hex(8)}\n"
    ).encode()


class Venue:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def consent(self) -> bytes:
        """The platform's consent text for the birth date, for the person to sign."""
        return self.context.platform.ask_consent(PURPOSE, ITEMS).content

    def register(self, cms: Signed, content: bytes) -> None:
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(reference, cms, content)
        info = consented_four_info(answer, ITEMS)
        user_id = str(registered(answer).user_id)
        if info.birth_date is None:
            raise CardRefusal("the certificate gives no birth date / 生年月日が不詳です")
        adult_on = birthday_in(info.birth_date.year + ADULT_AGE, info.birth_date)
        with self.database.transaction() as session:
            earlier = session.scalar(select(MemberRow).where(MemberRow.user_id == user_id))
            if earlier is None:
                session.add(
                    MemberRow(
                        reference=reference, user_id=user_id, adult_on=adult_on,
                        registered_at=self.context.clock.now(),
                    )
                )  # fmt: skip
                return
            earlier.adult_on = adult_on
        self.context.platform.unlink(reference)

    def until_for(self, months: int) -> dt.date:
        return months_later(today_in_japan(self.context.clock), exclusion_months(months))

    def exclude(self, cms: Signed, content: bytes, until: dt.date) -> dt.date:
        """Put the signer on the self-exclusion list until `until` (a later day only
        extends it); answers the exclusion's last day."""
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(reference, cms, content)
        user_id = str(registered(answer).user_id)
        now = self.context.clock.now()
        with self.database.transaction() as session:
            row = session.scalar(select(ExclusionRow).where(ExclusionRow.user_id == user_id))
            if row is None:
                session.add(
                    ExclusionRow(
                        user_id=user_id, reference=reference, until=until, text=content.decode(),
                        receipt=answer.receipt, declared_at=now,
                    )
                )  # fmt: skip
                return until
            if until > row.until:
                row.until, row.text = until, content.decode()
                row.receipt, row.declared_at = answer.receipt, now
            kept = row.until
        self.context.platform.unlink(reference)
        return kept

    def _judge(self, session: Session, user_id: str, now: dt.datetime) -> tuple[str, bool]:
        """The outcome for a registered person, and whether an admission begins a visit."""
        today = now.astimezone(JST).date()
        member = session.scalar(select(MemberRow).where(MemberRow.user_id == user_id))
        if member is None:
            return "not-registered", False
        if member.adult_on > today:
            return "under-age", False
        excluded = session.scalar(
            select(ExclusionRow.id).where(
                ExclusionRow.user_id == user_id, ExclusionRow.until >= today
            )
        )
        if excluded is not None:
            return "excluded", False
        counted = list(
            session.scalars(
                select(GateRow.at)
                .where(GateRow.visitor == user_id, GateRow.counted.is_(True))
                .where(GateRow.at >= now - dt.timedelta(days=29))
                .order_by(GateRow.at)
            )
        )
        if not counts_as_new(counted[-1] if counted else None, now):
            return "allowed", False
        days = [at.astimezone(JST).date() for at in counted]
        return ("limit", False) if over_limit(days, today) else ("allowed", True)

    def check(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> GateAnswer:
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = answer.result
        now = self.context.clock.now()
        with self.database.transaction() as session:
            if not isinstance(result, LoginAccepted):
                outcome, visitor, counted = "card-refused", None, False
            elif result.user_id is None:
                outcome, visitor, counted = "not-registered", None, False
            else:
                outcome, counted = self._judge(session, result.user_id, now)
                visitor = result.user_id if outcome == "allowed" else None
            session.add(
                GateRow(
                    at=now, outcome=outcome, visitor=visitor,
                    counted=counted, receipt=answer.receipt,
                )
            )  # fmt: skip
        return GateAnswer(outcome, visitor, answer.receipt)

    def statistics(self) -> dict[str, int]:
        with self.database.transaction() as session:
            rows = session.execute(
                select(GateRow.outcome, func.count()).group_by(GateRow.outcome)
            ).all()
            counts = {outcome: count for outcome, count in rows}
            visits = session.scalar(
                select(func.count()).select_from(GateRow).where(GateRow.counted.is_(True))
            )
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES} | {"visits": visits or 0}


__all__ = ["ITEMS", "OUTCOMES", "PURPOSE", "GateAnswer", "Venue", "declaration", "exclusion_months"]
