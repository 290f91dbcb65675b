"""Online qualification confirmation: linking a card to an insured number, the reception
check, the offline terminals' cache and their reconciliation.

The service is a 代行 tenant of the platform: an insured person links the card once by
signing with the signing certificate (the platform links the same card's authentication
certificate too); at reception a card login names the insured number, and the qualification
record and a reception processing number come back. Every check, refused or not, is a row:
who, when, where (the clinic's institution code and terminal) and the platform's receipt.

The service keeps no certificate, hash, subject or serial of a card (the 代行 promise): the
platform names the linked insured number. For the terminals' offline cache (seed 000:
ホワイトリストのキャッシュ) it remembers, per insured person, the card's key under the
clinic's own secret (`jpki.apps.clinic.card_keys`), together with the keys whose holders the
platform's status check no longer finds valid.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.apps.clinic.card_keys import KEY_FILE, card_key
from jpki.apps.clinic.models import CardKeyRow, CheckRow, InsuredRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import consented_four_info
from jpki.clock import today_in_japan
from jpki.profile.validity import age_on
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.verification import LoginAccepted, LoginRefused
from jpki.protocol.wallet import Label, LoginAnswer

INSURER = "全国健康保険協会 東京支部 / Japan Health Insurance Association, Tokyo"
INSURER_NUMBER = "01130012"
ITEMS = (FourInfoItem.NAME, FourInfoItem.BIRTH_DATE)
"""What the qualification record keeps of the insured (the birth date sets the co-payment)."""
CACHE_LIFETIME = dt.timedelta(hours=24)
STILL_VALID = ("alive-unchanged", "details-changed")
"""Status-check situations in which the card's authentication certificate still stands."""


def copay_percent(birth_date: dt.date | None, today: dt.date) -> int:
    """The patient's share (一部負担金の割合): 20% before school age and 70-74, 10% from 75."""
    if birth_date is None:
        return 30
    age = age_on(birth_date, today)
    return 20 if age < 6 or 70 <= age < 75 else 10 if age >= 75 else 30


@dataclasses.dataclass(frozen=True)
class Qualification:
    """What reception learns: the qualification record, or why there is none."""

    outcome: str
    """`qualified`, `not-linked`, `expired-qualification` or the platform's refusal code."""
    reception_number: str
    insured: dict[str, Any] | None = None
    receipt: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def insured_json(row: InsuredRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "insurer": row.insurer,
        "name": row.name,
        "birth_date": row.birth_date.isoformat() if row.birth_date else None,
        "copay_percent": row.copay_percent,
        "valid_from": row.valid_from.isoformat(),
        "valid_until": row.valid_until.isoformat() if row.valid_until else None,
    }


class QualificationService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.card_key_secret = context.bearer_token(KEY_FILE)
        """The secret the offline cache keys cards under; terminals receive it with the cache."""

    # -- linking (the insured person, once) --------------------------------------------------

    def new_insured_number(self) -> str:
        return f"{INSURER_NUMBER}-{secrets.randbelow(10**4):04d}-{secrets.randbelow(10**6):06d}"

    def link_application(self, number: str) -> bytes:
        """The platform's consent text (同意文) the insured person signs to link the card."""
        purpose = Label(
            en=f"using my card as health insurance card No. {number} of {INSURER_NUMBER} "
            "(online qualification confirmation)",
            ja=f"保険者番号 {INSURER_NUMBER} 被保険者番号 {number} の健康保険証としての利用"
            "(オンライン資格確認)",
        )
        return self.context.platform.ask_consent(purpose, ITEMS).content

    def link(self, number: str, cms: Signed, content: bytes) -> InsuredRow:
        answer = self.context.platform.register_customer(number, cms, content)
        info = consented_four_info(answer, ITEMS)
        today = today_in_japan(self.context.clock)
        row = InsuredRow(
            number=number, insurer=INSURER, name=info.name, birth_date=info.birth_date,
            copay_percent=copay_percent(info.birth_date, today), valid_from=today, valid_until=None,
            linked_at=self.context.clock.now(),
        )  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    def end_qualification(self, number: str, day: dt.date) -> None:
        """The insurer ends a qualification (資格喪失), e.g. after a change of employer."""
        with self.database.transaction() as session:
            row = session.get(InsuredRow, number)
            if row is None:
                raise CardRefusal(f"no insured person {number}")
            row.valid_until = day

    # -- reception ----------------------------------------------------------------------------

    def check(
        self, clinic: str, terminal: str, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> Qualification:
        """Reception's check of a card: the platform verifies, the linked insured number
        names the record; the check is evidence either way."""
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = answer.result
        today = today_in_japan(self.context.clock)
        with self.database.transaction() as session:
            insured: InsuredRow | None = None
            assurance = result.assurance.value if isinstance(result, LoginAccepted) else None
            if isinstance(result, LoginRefused):
                outcome = result.error
            elif not result.customers:
                outcome = "not-linked"
            else:
                insured = session.get(InsuredRow, result.customers[0])
                outcome = self._qualification_outcome(insured, today)
                if insured is not None:
                    self._remember(session, card_answer, insured.number)
            row = self._record(
                session, clinic, terminal, insured.number if insured else None, outcome,
                assurance=assurance, receipt=answer.receipt,
            )  # fmt: skip
            return Qualification(
                outcome, row.reception_number,
                insured_json(insured) if insured and outcome == "qualified" else None,
                answer.receipt,
            )  # fmt: skip

    @staticmethod
    def _qualification_outcome(insured: InsuredRow | None, today: dt.date) -> str:
        if insured is None:
            return "not-linked"
        if insured.valid_until is not None and insured.valid_until < today:
            return "expired-qualification"
        return "qualified"

    def _remember(self, session: Session, card_answer: LoginAnswer, insured: str) -> None:
        try:
            seen = card_key(self.card_key_secret, card_answer.certificate_der)
        except ValueError:
            return
        row = session.get(CardKeyRow, seen)
        if row is None:
            session.add(CardKeyRow(card_key=seen, insured=insured, seen_at=self.context.clock.now()))  # fmt: skip
        else:
            row.seen_at = self.context.clock.now()

    def _record(
        self, session: Session, clinic: str, terminal: str, insured: str | None, outcome: str,
        *, assurance: str | None = None, receipt: str | None = None, offline: bool = False,
        reconciled: str | None = None, at: dt.datetime | None = None,
    ) -> CheckRow:  # fmt: skip
        now = self.context.clock.now()
        row = CheckRow(
            reception_number=secrets.token_hex(12), at=at or now, clinic=clinic[:16],
            terminal=terminal[:32], insured=insured, outcome=outcome, assurance=assurance,
            platform_receipt=receipt, offline=offline, reconciled=reconciled,
        )  # fmt: skip
        session.add(row)
        session.flush()
        row.reception_number = f"{today_in_japan(self.context.clock):%Y%m%d}-{row.id:08d}"
        return row

    def checks(self, clinic: str | None = None, limit: int = 30) -> list[CheckRow]:
        with self.database.transaction() as session:
            query = select(CheckRow).order_by(CheckRow.id.desc()).limit(limit)
            if clinic:
                query = query.where(CheckRow.clinic == clinic)
            return list(session.scalars(query))

    def insured(self, number: str) -> InsuredRow | None:
        with self.database.transaction() as session:
            return session.get(InsuredRow, number)

    # -- offline terminals ---------------------------------------------------------------------

    def cache(self) -> dict[str, Any]:
        """The allow list and revocation list an offline terminal keeps (seed 000), as the
        platform's status check finds the linked insured persons now, keyed by card key (with
        the secret the terminal computes them under)."""
        with self.database.transaction() as session:
            seen = list(session.scalars(select(CardKeyRow)))
            insured = {row.number: row for row in session.scalars(select(InsuredRow))}
        numbers = sorted({row.insured for row in seen})
        situations = self._situations(numbers)
        now = self.context.clock.now()
        allow, revoked = {}, []
        for row in seen:
            if situations.get(row.insured) in STILL_VALID and row.insured in insured:
                allow[row.card_key] = insured_json(insured[row.insured])
            else:
                revoked.append(row.card_key)
        return {
            "card_key_secret": self.card_key_secret,
            "issued_at": now.isoformat(),
            "valid_until": (now + CACHE_LIFETIME).isoformat(),
            "allow": allow,
            "revoked": sorted(revoked),
        }

    def _situations(self, numbers: list[str]) -> dict[str, str]:
        if not numbers:
            return {}
        items = self.context.platform.status_check(references=numbers).result.items
        return {str(item.reference): item.situation.value for item in items}

    def reconcile(
        self, clinic: str, terminal: str, checks: list[dict[str, Any]]
    ) -> list[dict[str, Any]]:
        """Record an offline terminal's checks now that it is back: each gets its reception
        number, and the platform's current status check says whether the card still stood."""
        with self.database.transaction() as session:
            by_card_key = {
                row.card_key: row.insured
                for row in session.scalars(
                    select(CardKeyRow).where(
                        CardKeyRow.card_key.in_([str(c.get("card_key")) for c in checks])
                    )
                )
            }
        situations = self._situations(sorted(set(by_card_key.values())))
        settled = []
        with self.database.transaction() as session:
            for check in checks:
                number = by_card_key.get(str(check.get("card_key")))
                if number is None:
                    verdict = "unknown-card"
                elif situations.get(number) in STILL_VALID:
                    verdict = "confirmed"
                else:
                    verdict = "revoked-since"
                at = dt.datetime.fromisoformat(str(check["at"]))
                if at.tzinfo is None:
                    raise CardRefusal("offline checks need a time zone")
                row = self._record(
                    session, clinic, terminal, number, str(check.get("outcome", "qualified"))[:32],
                    offline=True, reconciled=verdict, at=at,
                )  # fmt: skip
                settled.append(
                    {"local_number": check.get("local_number"), "reception_number": row.reception_number,
                     "reconciled": verdict}
                )  # fmt: skip
        return settled


__all__ = [
    "CACHE_LIFETIME",
    "INSURER",
    "Qualification",
    "QualificationService",
    "copay_percent",
    "insured_json",
]
