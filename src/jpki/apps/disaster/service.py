"""The disaster service's work: registration in normal times, check-ins at shelters after a
disaster, the municipality's view of who is safe where, and the allocation of relief goods.

The municipality pays the operator per user (seed 002 No.22: 利用人数×単価) and the operator
pays the JPKI fees; the service is a 代行 tenant, so residents are known by references the
platform links to their cards. A shelter terminal checks people in with a card
authentication, PIN-less at a registered terminal (people arrive without their PIN in mind),
and every check-in keeps the platform's receipt as its evidence.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from sqlalchemy import delete, select, update

from jpki.apps.disaster import allocation
from jpki.apps.disaster.models import AllocationRow, CheckinRow, DisasterRow, ResidentRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login, consented_four_info
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.wallet import Label, LoginAnswer

ITEMS = (FourInfoItem.NAME, FourInfoItem.ADDRESS, FourInfoItem.BIRTH_DATE)
"""What the service keeps of a resident with the registration."""

SHELTERS = {
    "school-1": {"en": "No.1 Elementary School", "ja": "第一小学校"},
    "gym": {"en": "City Gymnasium", "ja": "市民体育館"},
}
"""The municipality's designated shelters (指定避難所)."""


def known_shelter(shelter: str) -> str:
    if shelter not in SHELTERS:
        raise CardRefusal(f"unknown shelter {shelter!r} / 避難所が不明です")
    return shelter


@dataclasses.dataclass(frozen=True)
class Registration:
    """What a resident adds to the 4 information in normal times."""

    household: int
    family: str
    conditions: str
    needs: frozenset[str]

    def __post_init__(self) -> None:
        if not 1 <= self.household <= 20:
            raise CardRefusal("household: 1 to 20 people / 世帯人数は1〜20人")
        if len(self.family) > 500 or len(self.conditions) > 500:
            raise CardRefusal("at most 500 characters per field / 各欄500文字まで")
        if unknown := self.needs - allocation.SPECIAL.keys():
            raise CardRefusal(f"unknown needs: {', '.join(sorted(unknown))}")

    def purpose(self) -> Label:
        """What the resident consents to, for the platform's consent text (同意文)."""
        return Label(
            en=f"support in a disaster by the municipality and its shelters "
            f"(registered household: {self.household})",
            ja=f"災害時の市区町村・避難所による支援(登録世帯人数: {self.household}人)",
        )

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self) | {"needs": sorted(self.needs)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Registration:
        return cls(data["household"], data["family"], data["conditions"], frozenset(data["needs"]))


@dataclasses.dataclass(frozen=True)
class CheckIn:
    shelter: str
    name: str | None
    """None when the card is valid but its holder never registered."""
    receipt: str

    def to_json(self) -> dict[str, Any]:
        return {"shelter": self.shelter, "registered": self.name is not None, "name": self.name}


@dataclasses.dataclass(frozen=True)
class Safety:
    resident: ResidentRow
    shelter: str | None
    at: dt.datetime | None


class DisasterService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def consent(self, registration: Registration) -> bytes:
        """The platform's consent text for `registration`, for the resident to sign."""
        return self.context.platform.ask_consent(registration.purpose(), ITEMS).content

    def register(self, cms: Signed, content: bytes, registration: Registration) -> ResidentRow:
        """Link the signer of the consent text `content` and keep the consented items with the
        registration; a holder who registers again replaces the earlier registration (and its
        link)."""
        reference = secrets.token_urlsafe(16)
        answer = self.context.platform.register_customer(reference, cms, content)
        info = consented_four_info(answer, ITEMS)
        user_id = str(answer.result.user_id)
        with self.database.transaction() as session:
            earlier = session.scalar(select(ResidentRow).where(ResidentRow.user_id == user_id))
            if earlier is not None:
                session.delete(earlier)
                session.execute(
                    update(CheckinRow)
                    .where(CheckinRow.reference == earlier.reference)
                    .values(reference=reference)
                )
                session.flush()
            row = ResidentRow(
                reference=reference,
                user_id=user_id,
                name=info.name,
                address=info.address,
                birth_date=info.birth_date,
                household=registration.household,
                family=registration.family,
                conditions=registration.conditions,
                needs=",".join(sorted(registration.needs)),
                registered_at=self.context.clock.now(),
            )
            session.add(row)
        if earlier is not None:
            self.context.platform.unlink(earlier.reference)
        return row

    def declare(self, name: str) -> DisasterRow:
        name = name.strip()[:200]
        if not name:
            raise CardRefusal("name the disaster / 災害名を入力してください")
        with self.database.transaction() as session:
            row = DisasterRow(name=name, declared_at=self.context.clock.now())
            session.add(row)
        return row

    def current(self) -> DisasterRow | None:
        with self.database.transaction() as session:
            return session.scalar(select(DisasterRow).order_by(DisasterRow.id.desc()).limit(1))

    def current_or_refuse(self) -> DisasterRow:
        disaster = self.current()
        if disaster is None:
            raise CardRefusal("no disaster has been declared / 災害は発令されていません")
        return disaster

    def check_in(
        self, shelter: str, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> CheckIn:
        """Check the card's holder in at `shelter` for the current disaster."""
        known_shelter(shelter)
        disaster = self.current_or_refuse()
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        with self.database.transaction() as session:
            resident = (
                session.scalar(
                    select(ResidentRow).where(ResidentRow.reference.in_(result.customers))
                )
                if result.customers
                else None
            )
            session.add(
                CheckinRow(
                    disaster_id=disaster.id,
                    shelter=shelter,
                    reference=resident.reference if resident else None,
                    at=self.context.clock.now(),
                    receipt=answer.receipt,
                )
            )
            return CheckIn(shelter, resident.name if resident else None, answer.receipt)

    def _latest_checkins(self, disaster: DisasterRow) -> dict[str, CheckinRow]:
        """Each registered resident's latest check-in: where they are now."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(CheckinRow)
                .where(CheckinRow.disaster_id == disaster.id, CheckinRow.reference.is_not(None))
                .order_by(CheckinRow.id)
            )
            return {row.reference: row for row in rows if row.reference}

    def safety(self) -> list[Safety]:
        """Every registered resident, safe at a shelter or not yet confirmed (生存確認)."""
        disaster = self.current()
        latest = self._latest_checkins(disaster) if disaster else {}
        with self.database.transaction() as session:
            residents = list(session.scalars(select(ResidentRow).order_by(ResidentRow.name)))
        return [
            Safety(r, latest[r.reference].shelter, latest[r.reference].at)
            if r.reference in latest
            else Safety(r, None, None)
            for r in residents
        ]

    def headcount(self, safety: list[Safety]) -> dict[str, int]:
        """People at each shelter: registered households in full (from `safety()`), and
        unregistered card holders."""
        disaster = self.current()
        if disaster is None:
            return {}
        counts = dict.fromkeys(SHELTERS, 0)
        for safe in safety:
            if safe.shelter:
                counts[safe.shelter] += safe.resident.household
        with self.database.transaction() as session:
            for shelter in session.scalars(
                select(CheckinRow.shelter).where(
                    CheckinRow.disaster_id == disaster.id, CheckinRow.reference.is_(None)
                )
            ):
                counts[shelter] += 1
        return counts

    @staticmethod
    def demand(safety: list[Safety]) -> dict[str, dict[str, int]]:
        """What the sheltered residents of `safety()` need, by item and shelter."""
        sheltered = [
            (s.shelter, s.resident.household, frozenset(filter(None, s.resident.needs.split(","))))
            for s in safety
            if s.shelter
        ]
        return allocation.demand(sheltered)

    def allocate(self, stock: dict[str, int]) -> list[AllocationRow]:
        """Share what arrived among the shelters by their demand; replaces the last plan."""
        disaster = self.current_or_refuse()
        needed = self.demand(self.safety())
        now = self.context.clock.now()
        rows = [
            AllocationRow(
                disaster_id=disaster.id,
                item=item,
                shelter=shelter,
                demand=needed[item].get(shelter, 0),
                quantity=quantity,
                at=now,
            )
            for item, units in stock.items()
            if item in allocation.ITEMS
            for shelter, quantity in allocation.split(units, needed[item]).items()
        ]
        with self.database.transaction() as session:
            session.execute(delete(AllocationRow).where(AllocationRow.disaster_id == disaster.id))
            session.add_all(rows)
        return rows

    def allocations(self) -> list[AllocationRow]:
        disaster = self.current()
        if disaster is None:
            return []
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(AllocationRow)
                    .where(AllocationRow.disaster_id == disaster.id)
                    .order_by(AllocationRow.item, AllocationRow.shelter)
                )
            )


__all__ = ["SHELTERS", "CheckIn", "DisasterService", "Registration", "Safety", "known_shelter"]
