"""The hotel's front desk and doors.

- Check-in: the guest signs the guest register card (宿泊者名簿) with the card's signing
  certificate; the platform links a random reference to the guest (紐付け) and, the hotel being
  a 委託 tenant, tells the 4 information. The hotel keeps only what the register needs (name
  and address: 旅館業法 §6 and its ordinance) and answers the age question itself (18 or older
  checks in alone: `ADULT_AGE`, the hotel's rule) without keeping the birth date.
- The key: the guest logs in from the phone (スマホ用電子証明書) with its PIN; the platform's
  linkage names the stay's reference for the phone as for the card, which proves the phone is
  the guest's, and the hotel binds the key to that phone's authentication certificate.
- The door: the phone is touched at the door's reader (PIN-less, the reader's terminal
  certificate); it opens only for the certificate the room's key is bound to, from check-in
  until departure (11:00 JST on the last day) or check-out. The card does not open it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.apps.hotel.models import DoorRow, StayRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import accepted_login, registered
from jpki.clock import JST, today_in_japan
from jpki.profile.medium import Medium
from jpki.profile.validity import age_on
from jpki.protocol.verification import CertificateVerdict, LoginAccepted
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

ADULT_AGE = 18
"""A guest under 18 checks in with a guardian at the front desk (the hotel's rule: the
register law sets no age; 18 is the age of majority since 2022)."""
ROOMS = ("101", "102", "103", "104", "105", "201", "202", "203")
MAX_NIGHTS = 14
CHECK_OUT = dt.time(11, 0)


def certificate_key(verdict: CertificateVerdict) -> str:
    return f"{verdict.issuer_generation or ''}:{verdict.serial}"


@dataclasses.dataclass(frozen=True)
class DoorVerdict:
    opened: bool
    reason: str
    """`opened`, `not-the-phone` (a card, not the phone), `no-key` (not this room's key),
    `stay-ended` (the key's stay is over or checked out), `not-at-door` (not read at the
    door's reader), or the platform's refusal code."""


class Hotel:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def register_card(self, nights: int) -> bytes:
        if not 1 <= nights <= MAX_NIGHTS:
            raise CardRefusal(f"1 to {MAX_NIGHTS} nights / 宿泊数は1〜{MAX_NIGHTS}泊です")
        today = today_in_japan(self.context.clock)
        return (
            "宿泊者名簿 / Guest register — デモホテル / Demo Hotel\n"
            f"到着日 / Arrival: {today.isoformat()}  宿泊数 / Nights: {nights}\n"
            "氏名・住所は署名用電子証明書の記載によります。生年月日は年齢確認にのみ使い、保存しません。\n"
            "Name and address are taken from the signing certificate; the birth date is used for\n"
            "the age check only and is not kept.\n"
        ).encode()

    def check_in(self, nights: int, answer: SignatureAnswer, document: bytes) -> StayRow:
        reference = secrets.token_urlsafe(16)
        checked = self.context.platform.register_customer(reference, answer, document)
        info = registered(checked).signature.certificate.four_info
        if info is None:
            raise CardRefusal(
                "sign with the signing certificate / 署名用電子証明書で署名してください"
            )
        today = today_in_japan(self.context.clock)
        if info.birth_date is None or age_on(info.birth_date, today) < ADULT_AGE:
            self.context.platform.unlink(reference)
            raise CardRefusal(
                "guests under 18 check in with a guardian at the front desk / "
                "18歳未満の方は保護者とフロントでチェックインしてください"
            )
        now = self.context.clock.now()
        departs = dt.datetime.combine(today + dt.timedelta(days=nights), CHECK_OUT, JST)
        with self.database.transaction() as session:
            taken = set(session.scalars(
                select(StayRow.room).where(StayRow.checked_out_at.is_(None), StayRow.departs_at > now)
            ))  # fmt: skip
            room = next((r for r in ROOMS if r not in taken), None)
            if room is None:
                raise CardRefusal("no room is free tonight / 本日は満室です")
            row = StayRow(
                reference=reference, room=room, name=info.name, address=info.address,
                arrived_at=now, departs_at=departs.astimezone(dt.UTC), receipt=checked.receipt,
            )  # fmt: skip
            session.add(row)
        return row

    @staticmethod
    def room(room: str) -> str:
        if room not in ROOMS:
            raise CardRefusal("no such room / 部屋がありません")
        return room

    def stay(self, reference: str) -> StayRow:
        with self.database.transaction() as session:
            row = session.get(StayRow, reference)
        if row is None:
            raise CardRefusal("no such stay / 宿泊が見つかりません")
        return row

    def issue_key(self, reference: str, challenge: dict[str, Any], answer: LoginAnswer) -> StayRow:
        """Bind the stay's key to the phone that logged in, if it is the guest's phone."""
        result = accepted_login(self.context.platform.authenticate(challenge, answer))
        if result.verdict.medium is not Medium.PHONE:
            raise CardRefusal(
                "the key goes to a phone: log in with the phone, not the card / "
                "鍵はスマホに発行します。カードではなくスマホでログインしてください"
            )
        if reference not in result.customers:
            raise CardRefusal(
                "this phone is not the guest's / このスマホは宿泊者のものではありません"
            )
        with self.database.transaction() as session:
            row = session.get(StayRow, reference)
            assert row is not None
            if row.checked_out_at is not None:
                raise CardRefusal("this stay has ended / 宿泊は終了しています")
            row.key_certificate = certificate_key(result.verdict)
            row.key_issued_at = self.context.clock.now()
            return row

    def check_out(self, reference: str) -> None:
        with self.database.transaction() as session:
            row = session.get(StayRow, reference)
            if row is not None and row.checked_out_at is None:
                row.checked_out_at = self.context.clock.now()

    def door(self, room: str, challenge: dict[str, Any], answer: LoginAnswer) -> DoorVerdict:
        """Open `room`'s door for the phone its current stay's key is bound to (one
        transaction with the door's log)."""
        self.room(room)
        checked = self.context.platform.authenticate(challenge, answer)
        result, now = checked.result, self.context.clock.now()
        with self.database.transaction() as session:
            if not isinstance(result, LoginAccepted):
                verdict = DoorVerdict(False, result.error)
            elif not result.institution_code:
                verdict = DoorVerdict(False, "not-at-door")
            elif result.verdict.medium is not Medium.PHONE:
                verdict = DoorVerdict(False, "not-the-phone")
            else:
                verdict = self._key(session, room, certificate_key(result.verdict), now)
            session.add(DoorRow(room=room, at=now, opened=verdict.opened, reason=verdict.reason,
                                receipt=checked.receipt))  # fmt: skip
        return verdict

    @staticmethod
    def _key(session: Session, room: str, key: str, now: dt.datetime) -> DoorVerdict:
        stays = session.scalars(
            select(StayRow).where(StayRow.room == room, StayRow.key_certificate == key)
        ).all()
        if not stays:
            return DoorVerdict(False, "no-key")
        current = any(
            s.checked_out_at is None and s.arrived_at <= now < s.departs_at for s in stays
        )
        return DoorVerdict(True, "opened") if current else DoorVerdict(False, "stay-ended")

    def log(self, room: str, limit: int = 20) -> list[DoorRow]:
        with self.database.transaction() as session:
            query = select(DoorRow).where(DoorRow.room == room).order_by(DoorRow.id.desc())
            return list(session.scalars(query.limit(limit)))


__all__ = ["ADULT_AGE", "MAX_NIGHTS", "ROOMS", "DoorVerdict", "Hotel", "certificate_key"]
