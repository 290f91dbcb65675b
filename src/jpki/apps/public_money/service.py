"""The public-money receiving account registry (公金受取口座登録) and a municipality's benefit
payments into it.

Who holds what, in the real system and here: the registry is the Digital Agency's
(公金受取口座登録制度, 2022), and a person registers their account in Mynaportal after a card
login; municipalities and ministries paying public money (benefits, refunds) then obtain the
registered account from the registry instead of asking for it. This service plays the
registry's front (the person's registration and their own view) and one municipality's benefit
desk, as a 委託 tenant of the signature verification platform: the registration is signed with
the card's signing certificate over the platform's consent text (name and address released),
which links the person at the platform (紐付け), so every later card login finds the same
account through the platform's stable ID, and the municipality's payment run first checks at the
platform that each registered person is alive and unchanged (現況確認). The My Number, which the
real registry is keyed by, is never used: JPKI services must not (JPKI.md §5).
"""

from __future__ import annotations

import dataclasses
import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import accepted_login, consented_four_info, registered
from jpki.apps.public_money.models import BenefitPaymentRow, ReceivingAccountRow
from jpki.profile.address import split_address
from jpki.profile.errors import ProfileError
from jpki.protocol.four_info import FourInfoItem
from jpki.protocol.wallet import Label, LoginAnswer

ITEMS = (FourInfoItem.NAME, FourInfoItem.ADDRESS)
"""What the registry keeps of the person: the name (matched against the account holder by
the bank) and the address (which municipality pays)."""
BANKS = {
    "0397": ("Demo Bank", "デモ銀行"),
    "1001": ("Demo Shinkin Bank", "デモ信用金庫"),
    "9900": ("Japan Post Bank", "ゆうちょ銀行"),
}
KINDS = {"ordinary": ("ordinary", "普通"), "current": ("current", "当座")}
BENEFITS = {
    "price-relief": ("Price relief benefit", "物価高騰対策給付金", 30000),
    "child-support": ("Child support special benefit", "子育て世帯臨時特別給付金", 50000),
}
PAYABLE = frozenset({"alive-unchanged", "renewed", "card-lost", "phone-lost", "phone-retired"})
"""Situations (seed 002's table) in which the municipality pays without another look: alive
and unchanged, renewed, a card or phone lost or retired (the person is alive). A changed address (the person may have
moved away), death or emigration hold the payment for the desk to decide."""
KANA = re.compile(r"^[\u30a1-\u30fc\u3000 ]{1,40}$")


@dataclasses.dataclass(frozen=True)
class AccountForm:
    """A receiving account as the person types it, checked before anything is signed."""

    bank: str
    branch: str
    kind: str
    number: str
    holder_kana: str

    @classmethod
    def checked(
        cls, bank: str, branch: str, kind: str, number: str, holder_kana: str
    ) -> AccountForm:
        holder_kana = holder_kana.strip()
        if bank not in BANKS:
            raise CardRefusal("choose a bank from the list / 金融機関を選んでください")
        if not re.fullmatch(r"[0-9]{3}", branch):
            raise CardRefusal("the branch code is 3 digits / 支店番号は3桁の数字です")
        if kind not in KINDS:
            raise CardRefusal("choose ordinary or current / 預金種目を選んでください")
        if not re.fullmatch(r"[0-9]{7}", number):
            raise CardRefusal("the account number is 7 digits / 口座番号は7桁の数字です")
        if not KANA.fullmatch(holder_kana):
            raise CardRefusal(
                "give the account holder's name in katakana / 口座名義をカタカナで入力してください"
            )
        return cls(bank, branch, kind, number, holder_kana)

    def to_json(self) -> dict[str, str]:
        return dataclasses.asdict(self)

    @property
    def label_ja(self) -> str:
        return f"{BANKS[self.bank][1]} 支店{self.branch} {KINDS[self.kind][1]} {self.number}"

    @property
    def label_en(self) -> str:
        return f"{BANKS[self.bank][0]} branch {self.branch} {KINDS[self.kind][0]} {self.number}"


def masked(number: str) -> str:
    """An account number as shown back: the last 3 digits only."""
    return "****" + number[-3:]


def municipality_of(address: str) -> str:
    """The prefecture and municipality that pays a person living at `address`."""
    try:
        parts = split_address(address)
    except ProfileError:
        return address[:40]
    return f"{parts.prefecture}{parts.municipality}"


class PublicMoney:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    # -- the person's registration (in Mynaportal in the real system) ------------------------

    def application(self, form: AccountForm) -> bytes:
        """The consent text the person signs: the platform's, naming the account and the
        items the registry keeps."""
        purpose = Label(
            en=f"registering the public-money receiving account {form.label_en}",
            ja=f"公金受取口座の登録 ({form.label_ja})",
        )
        return self.context.platform.ask_consent(purpose, ITEMS).content

    def register(self, form: AccountForm, cms: str, content: bytes) -> ReceivingAccountRow:
        """Link the signer and keep their account; a person registering again changes the
        account of their one registration (the new link is ended at the platform)."""
        reference = "PM" + secrets.token_hex(8).upper()
        answer = self.context.platform.register_customer(reference, cms, content)
        info = consented_four_info(answer, ITEMS)
        user_id = registered(answer).user_id
        if not user_id:
            raise CardRefusal("the platform gave no ID for the holder / 利用者IDがありません")
        now = self.context.clock.now()
        with self.database.transaction() as session:
            row = session.scalar(
                select(ReceivingAccountRow).where(ReceivingAccountRow.user_id == user_id)
            )
            again = row is not None
            if row is None:
                row = ReceivingAccountRow(reference=reference, user_id=user_id)
                session.add(row)
            row.name, row.address = info.name or "", info.address or ""
            row.bank, row.branch, row.kind = form.bank, form.branch, form.kind
            row.number, row.holder_kana = form.number, form.holder_kana
            row.registered_at, row.receipt = now, answer.receipt
        if again:
            self.context.platform.unlink(reference)  # one link per registration
        return row

    def mine(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> str | None:
        """The reference of the registration of the card's holder (a PIN login), if any."""
        result = accepted_login(self.context.platform.authenticate(challenge, card_answer))
        if result.user_id is None:
            return None
        with self.database.transaction() as session:
            row = session.scalar(
                select(ReceivingAccountRow).where(ReceivingAccountRow.user_id == result.user_id)
            )
            return row.reference if row is not None else None

    def account(self, reference: str) -> ReceivingAccountRow | None:
        with self.database.transaction() as session:
            return session.get(ReceivingAccountRow, reference)

    def payments_of(self, reference: str) -> list[BenefitPaymentRow]:
        with self.database.transaction() as session:
            query = select(BenefitPaymentRow).where(BenefitPaymentRow.reference == reference)
            return list(session.scalars(query.order_by(BenefitPaymentRow.id.desc())))

    # -- the municipality's benefit desk ----------------------------------------------------

    def municipalities(self) -> list[str]:
        with self.database.transaction() as session:
            addresses = session.scalars(select(ReceivingAccountRow.address))
            return sorted({municipality_of(a) for a in addresses})

    def pay(self, municipality: str, benefit: str) -> list[BenefitPaymentRow]:
        """Pay `benefit` into the registered account of every registered person living in
        `municipality` not paid it yet (プッシュ型給付: nobody is asked for an account), after
        one status check at the platform; those not in a payable situation are held."""
        if benefit not in BENEFITS:
            raise CardRefusal("no such benefit / 該当する給付金がありません")
        amount = BENEFITS[benefit][2]
        with self.database.transaction() as session:
            paid = set(
                session.scalars(
                    select(BenefitPaymentRow.reference).where(BenefitPaymentRow.benefit == benefit)
                )
            )
            due = [
                row
                for row in session.scalars(select(ReceivingAccountRow))
                if municipality_of(row.address) == municipality and row.reference not in paid
            ]
        if not due:
            return []
        report = self.context.platform.status_check(references=[row.reference for row in due])
        situations = {line.reference: line.situation.value for line in report.result.items}
        now = self.context.clock.now()
        made: list[BenefitPaymentRow] = []
        try:
            with self.database.transaction() as session:
                for row in due:
                    situation = situations.get(row.reference, "unknown")
                    payment = BenefitPaymentRow(
                        benefit=benefit, municipality=municipality, reference=row.reference,
                        amount=amount, outcome="paid" if situation in PAYABLE else situation,
                        account=f"{row.bank}-{row.branch}-{row.kind}-{row.number}",
                        at=now, receipt=report.receipt,
                    )  # fmt: skip
                    session.add(payment)
                    made.append(payment)
        except IntegrityError:
            raise CardRefusal(
                "another payment run is paying this benefit; look again / "
                "同じ給付金の支払処理が実行中です"
            ) from None
        return made

    def payments(self, benefit: str | None = None) -> list[BenefitPaymentRow]:
        with self.database.transaction() as session:
            query = select(BenefitPaymentRow)
            if benefit is not None:
                query = query.where(BenefitPaymentRow.benefit == benefit)
            return list(session.scalars(query.order_by(BenefitPaymentRow.id.desc()).limit(50)))


__all__ = [
    "BANKS",
    "BENEFITS",
    "KINDS",
    "PAYABLE",
    "AccountForm",
    "PublicMoney",
    "masked",
    "municipality_of",
]
