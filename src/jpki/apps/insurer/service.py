"""The insurer's work: enrolment with a signed application (the platform links the policy to
the holder, 委託 model), the batch status check before a mailing with seed 002's table as
the report, and change notifications that update the policies.

What each situation means for the insurer (seed 002 No.9): alive and unchanged — mail as is;
details changed — the address may have changed, so use the latest 4 information where the
holder consented, otherwise ask; died or emigrated — stop the mailing and check the claim;
card lost — the person is alive, mail as is; renewed — the platform follows the new card.
A death notification carrying the holder's death one-stop request (死亡・相続ワンストップ) opens
the death benefit claim at once (`CLAIM_OPENED`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from jpki.apps.insurer.models import NotificationRow, PolicyRow, ReportRow
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import consented_four_info
from jpki.apps.kit.webhooks import Subscription
from jpki.protocol.death_onestop import DEATHS, NOTICE_FIELD
from jpki.protocol.four_info import FourInfoItem, FourInfoJson
from jpki.protocol.verification import StatusLine
from jpki.protocol.wallet import Label

CLAIM_OPENED = "claim-opened"
"""A policy's state once a death notification carried the holder's death one-stop request
(死亡・相続ワンストップ): the claim is opened, and no later status check undoes it."""
ITEMS = (FourInfoItem.NAME, FourInfoItem.ADDRESS, FourInfoItem.BIRTH_DATE)
"""What the insurer keeps of a policyholder (no sex)."""
ACTIONS = {
    "alive-unchanged": {"en": "mail as is", "ja": "そのまま送付"},
    "details-changed": {"en": "update the address, then mail", "ja": "住所を更新して送付"},
    "died-or-emigrated": {"en": "stop mailing; check for a claim", "ja": "送付停止・請求確認"},
    "died": {"en": "stop mailing; death benefit", "ja": "送付停止・死亡保険金"},
    "emigrated": {"en": "stop mailing; contact abroad", "ja": "送付停止・海外連絡"},
    "lost-or-emigrated": {"en": "confirm by phone", "ja": "電話で確認"},
    "card-lost": {"en": "mail as is (card lost, person alive)", "ja": "そのまま送付(カード紛失)"},
    "renewed": {"en": "mail as is (card renewed)", "ja": "そのまま送付(更新)"},
    CLAIM_OPENED: {
        "en": "death benefit claim opened (the holder chose us in the death one-stop)",
        "ja": "死亡保険金の請求手続を開始 (死亡・相続ワンストップで事前に依頼あり)",
    },
}


DEATH_SITUATIONS = frozenset(s.value for s in DEATHS)


class Insurer:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.subscription = Subscription(context)

    def application(self, number: str) -> bytes:
        """The application the holder signs: the platform's consent text (同意文) naming the
        policy, the status checks while it runs, and the items the insurer keeps."""
        purpose = Label(
            en=f"insurance policy No. {number}, with status checks (現況確認) while it runs",
            ja=f"保険契約(証券番号 {number})の締結と契約期間中の現況確認",
        )
        return self.context.platform.ask_consent(purpose, ITEMS).content

    def new_policy_number(self) -> str:
        return f"P{secrets.randbelow(10**9):09d}"

    def enrol(self, number: str, cms: str, content: bytes) -> PolicyRow:
        answer = self.context.platform.register_customer(number, cms, content)
        info = consented_four_info(answer, ITEMS)
        now = self.context.clock.now()
        row = PolicyRow(
            number=number, name=info.name, address=info.address, birth_date=info.birth_date,
            situation="alive-unchanged", situation_at=now, enrolled_at=now, receipt=answer.receipt,
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    def policies(self) -> list[PolicyRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(PolicyRow).order_by(PolicyRow.enrolled_at)))

    def status_check(self) -> tuple[ReportRow, list[StatusLine]]:
        """現況確認 of every policyholder before a mailing: one platform request, the report
        by seed 002's table, and the policies brought up to date."""
        numbers = [row.number for row in self.policies()]
        answer = self.context.platform.status_check(references=numbers, latest_four_info=True)
        items = answer.result.items
        now = self.context.clock.now()
        with self.database.transaction() as session:
            for item in items:
                self._apply(
                    session.get(PolicyRow, item.reference),
                    item.situation.value,
                    item.latest_four_info,
                    now,
                )
            report = ReportRow(
                at=now, receipt=answer.receipt, summary=json.dumps(answer.result.summary)
            )
            session.add(report)
        return report, items

    @staticmethod
    def _apply(
        row: PolicyRow | None, situation: str, latest: FourInfoJson | None, now: dt.datetime
    ) -> None:
        if row is None or situation == "unknown" or row.situation == CLAIM_OPENED:
            return
        row.situation, row.situation_at = situation, now
        if latest is not None:
            row.name, row.address = latest.name, latest.address

    def reports(self) -> list[ReportRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(ReportRow).order_by(ReportRow.id.desc()).limit(10)))

    # -- change notifications ------------------------------------------------------------------

    def notified(self, headers: dict[str, str], body: bytes) -> bool:
        """Apply one signed notification; False for a redelivery already applied."""
        event = self.subscription.event(headers, body)
        data = event["data"]
        sent = data.get("latest_four_info")
        latest = FourInfoJson.model_validate(sent) if sent else None
        now = self.context.clock.now()
        try:
            with self.database.transaction() as session:
                session.add(
                    NotificationRow(
                        event_id=str(event.get("id"))[:64], at=now, policy=str(data.get("reference"))[:100],
                        situation=str(data.get("situation"))[:32], previous=str(data.get("previous"))[:32],
                    )
                )  # fmt: skip
                session.flush()
                situation = str(data.get("situation"))
                if situation in DEATH_SITUATIONS and data.get(NOTICE_FIELD) is not None:
                    situation = CLAIM_OPENED  # the holder asked in advance: open the claim
                self._apply(session.get(PolicyRow, data.get("reference")), situation, latest, now)
        except IntegrityError:
            return False
        return True

    def notifications(self) -> list[NotificationRow]:
        with self.database.transaction() as session:
            query = select(NotificationRow).order_by(NotificationRow.at.desc()).limit(20)
            return list(session.scalars(query))


__all__ = ["ACTIONS", "CLAIM_OPENED", "Insurer"]
