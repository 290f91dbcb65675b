"""Appliance recycling with eco points (seed 002 No.15).

Once, the holder signs a registration (署名用電子証明書); the platform (代行) links a random
reference to the card and names the holder by its pairwise ID for this service, which keys the
account. At a collection box the card is authenticated PIN-less (利用者証明用電子証明書, the
card's PIN-less authentication at a registered terminal, see docs/card.md): the box relays the
answer to the platform, which refuses a revoked or expired certificate; an accepted login names
the linked reference, so the box credits the account without learning a name or a number. The
balance and the returns are shown only after a card login with the PIN.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.apps.kit.accounts import register_once
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login
from jpki.apps.recycling.models import AccountRow, ReturnRow
from jpki.protocol.levels import Level
from jpki.protocol.verification import LoginAccepted
from jpki.protocol.wallet import Label, LoginAnswer


@dataclasses.dataclass(frozen=True)
class Appliance:
    label: Label
    points: int


APPLIANCES = {
    "aircon": Appliance(Label(en="Air conditioner", ja="エアコン"), 300),
    "tv": Appliance(Label(en="Television", ja="テレビ"), 200),
    "fridge": Appliance(Label(en="Refrigerator / freezer", ja="冷蔵庫・冷凍庫"), 400),
    "washer": Appliance(Label(en="Washing machine / dryer", ja="洗濯機・衣類乾燥機"), 300),
    "phone": Appliance(Label(en="Mobile phone (small appliance)", ja="携帯電話 (小型家電)"), 50),
    "pc": Appliance(Label(en="Personal computer (small appliance)", ja="パソコン (小型家電)"), 100),
}
"""What the boxes take and the eco points each earns: the four kinds of the Home Appliance
Recycling Law (家電リサイクル法) and two small appliances (小型家電リサイクル法). The points
are this sandbox's own figures (no national eco-point scheme is running), kept here only."""

BOX_NAME = re.compile(r"[A-Za-z0-9-]{1,16}")
REGISTRATION = (
    "Appliance recycling eco points registration / 家電リサイクル エコポイント 登録\n"
    "I open an eco-point account linked to my card; collection boxes credit it when I return\n"
    "an appliance and touch my card.\n"
    "カードに紐付くエコポイント口座を開設し、回収ボックスで家電を返却してカードをかざした際に\n"
    "ポイントが加算されることに同意します。\n"
).encode()
BOX_LEVELS = (Level.PINLESS, Level.PIN)
"""A box asks PIN-less first (a registered terminal), the PIN where it has no such right."""


@dataclasses.dataclass(frozen=True)
class BoxAnswer:
    """What the box shows: the points credited, or why the card was refused (a text key)."""

    points: int = 0
    refused: str | None = None
    receipt: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"points": self.points, "refused": self.refused, "receipt": self.receipt}


def appliance(key: str) -> Appliance:
    if key not in APPLIANCES:
        raise CardRefusal("unknown appliance / 品目が不明です")
    return APPLIANCES[key]


def box_name(name: str) -> str:
    if not BOX_NAME.fullmatch(name):
        raise CardRefusal("a box name is 1 to 16 letters, digits or hyphens / ボックス名が不正です")
    return name


class RecyclingService:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def register(self, cms: Signed) -> int:
        """Open the signer's account (one per holder: registering again finds it)."""
        return register_once(self.context, cms, REGISTRATION, AccountRow)

    @staticmethod
    def _account(session: Session, result: LoginAccepted) -> AccountRow | None:
        if not result.customers:
            return None
        return session.scalar(
            select(AccountRow)
            .where(AccountRow.reference.in_(result.customers))
            .order_by(AccountRow.id)
            .limit(1)
        )

    def returned(
        self, challenge: dict[str, Any], card_answer: LoginAnswer, kind: str, box: str
    ) -> BoxAnswer:
        """A return at `box`: credit the holder's account, or say why the card is refused."""
        points = appliance(kind).points
        box = box_name(box)
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = answer.result
        if not isinstance(result, LoginAccepted):
            why = "why_card" if result.error == "certificate-rejected" else "why_login"
            return BoxAnswer(refused=why, receipt=answer.receipt)
        with self.database.transaction() as session:
            account = self._account(session, result)
            if account is None:
                return BoxAnswer(refused="why_unregistered", receipt=answer.receipt)
            account.points += points
            session.add(
                ReturnRow(
                    account_id=account.id, appliance=kind, box=box, points=points,
                    at=self.context.clock.now(), receipt=answer.receipt,
                )
            )  # fmt: skip
        return BoxAnswer(points=points, receipt=answer.receipt)

    def log_in(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> int:
        """The account of a holder who logged in with the PIN."""
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        if result.assurance is not Level.PIN:
            raise CardRefusal(
                "the points are shown after a login with the PIN / 暗証番号が必要です"
            )
        with self.database.transaction() as session:
            account = self._account(session, result)
            if account is None:
                raise CardRefusal("no eco-point account for this card: register first / 未登録です")
            return account.id

    def account(self, account_id: int) -> tuple[AccountRow, list[ReturnRow]]:
        with self.database.transaction() as session:
            account = session.get(AccountRow, account_id)
            if account is None:
                raise CardRefusal("no such account / 口座がありません")
            returns = session.scalars(
                select(ReturnRow)
                .where(ReturnRow.account_id == account_id)
                .order_by(ReturnRow.id.desc())
                .limit(100)
            )
            return account, list(returns)


__all__ = [
    "APPLIANCES",
    "BOX_LEVELS",
    "REGISTRATION",
    "Appliance",
    "BoxAnswer",
    "RecyclingService",
    "appliance",
    "box_name",
]
