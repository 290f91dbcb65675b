"""The PHR's rules: who may see whose records.

- Joining: the person signs the terms (利用規約) with the card's signing certificate; the
  platform links a random reference to the person (紐付け) and, the PHR being a 委託 tenant,
  tells the name, which is kept to be shown to those the person lets see the records. One
  account per person (the platform's stable user ID).
- Logging in: a card login with the PIN, from the card or the phone (スマホ用電子証明書): the
  platform's linkage makes both the same person, so either finds the account.
- Seeing records: the person always; anyone else only while a consent of the person's names
  them (given with the viewer's share code, withdrawn by the person at any time), and every
  such showing is logged and listed to the person (開示記録).
"""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import accepted_login, registered
from jpki.apps.phr.models import AccountRow, ConsentRow, DisclosureRow, RecordRow
from jpki.apps.phr.records import Entry
from jpki.clock import today_in_japan
from jpki.protocol.wallet import LoginAnswer, SignatureAnswer

PURPOSE_LENGTH = 100
SHARE_CODE = 8


class Phr:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def terms(self) -> bytes:
        day = today_in_japan(self.context.clock).isoformat()
        return (
            "デモPHR 利用規約 / Demo PHR terms of use\n"
            f"日付 / Date: {day}\n"
            "1. 記録は本人と、本人が同意した相手だけが閲覧できます。\n"
            "   Records are seen only by you and those you consent to.\n"
            "2. 同意はいつでも撤回できます。閲覧はすべて記録し、本人に表示します。\n"
            "   You may withdraw a consent at any time; every showing is logged and shown to you.\n"
            "3. 氏名は、閲覧に同意した相手に表示するために保存します。\n"
            "   Your name is kept to be shown to those you consent to.\n"
            "以上に同意します。 / I accept these terms.\n"
        ).encode()

    def join(self, answer: SignatureAnswer, terms: bytes) -> AccountRow:
        reference = secrets.token_urlsafe(16)
        checked = self.context.platform.register_customer(reference, answer, terms)
        result = registered(checked)
        info = result.signature.certificate.four_info
        if info is None or result.user_id is None:
            raise CardRefusal(
                "the terms must be signed with the signing certificate / 署名用電子証明書で署名してください"
            )
        with self.database.transaction() as session:
            taken = session.scalar(select(AccountRow).where(AccountRow.user_id == result.user_id))
            if taken is None:
                row = AccountRow(
                    reference=reference, user_id=result.user_id, name=info.name,
                    share_code=secrets.token_hex(SHARE_CODE // 2).upper(),
                    joined_at=self.context.clock.now(), terms_receipt=checked.receipt,
                )  # fmt: skip
                session.add(row)
                return row
        self.context.platform.unlink(reference)
        raise CardRefusal(
            "you already have an account: log in / 登録済みです。ログインしてください"
        )

    def login(self, challenge: dict[str, Any], answer: LoginAnswer) -> tuple[AccountRow, str]:
        """The account of the card's or the phone's holder, and which of the two answered."""
        result = accepted_login(self.context.platform.authenticate(challenge, answer))
        with self.database.transaction() as session:
            account = session.scalar(
                select(AccountRow).where(AccountRow.reference.in_(result.customers))
            )
        if account is None:
            raise CardRefusal(
                "no account yet: accept the terms first / 未登録です。先に利用規約に同意してください"
            )
        medium = result.verdict.medium.value if result.verdict.medium else "card"
        return account, medium

    def account(self, reference: str) -> AccountRow:
        with self.database.transaction() as session:
            row = session.get(AccountRow, reference)
        if row is None:
            raise CardRefusal("log in first / ログインしてください")
        return row

    def add(self, reference: str, kind: str, value: str, day: str) -> RecordRow:
        entry = Entry.checked(kind, value, day, today_in_japan(self.context.clock))
        row = RecordRow(account=self.account(reference).reference, kind=entry.kind.value,
                        value=entry.value, day=entry.day, added_at=self.context.clock.now())  # fmt: skip
        with self.database.transaction() as session:
            session.add(row)
        return row

    def records(self, reference: str) -> list[RecordRow]:
        with self.database.transaction() as session:
            query = select(RecordRow).where(RecordRow.account == reference)
            return list(session.scalars(query.order_by(RecordRow.day.desc(), RecordRow.id.desc())))

    # -- consents and disclosures -----------------------------------------------------------

    def grant(self, owner: str, share_code: str, purpose: str) -> ConsentRow:
        code, why = share_code.strip().upper(), purpose.strip()
        if not why or len(why) > PURPOSE_LENGTH:
            raise CardRefusal("say what for / 利用目的を入力してください")
        with self.database.transaction() as session:
            viewer = session.scalar(select(AccountRow).where(AccountRow.share_code == code))
            if viewer is None or viewer.reference == owner:
                raise CardRefusal(
                    "no other account has this code / このコードの相手が見つかりません"
                )
            row = ConsentRow(owner=owner, viewer=viewer.reference, purpose=why,
                             granted_at=self.context.clock.now())  # fmt: skip
            session.add(row)
        return row

    def withdraw(self, owner: str, consent_id: int) -> None:
        with self.database.transaction() as session:
            row = session.get(ConsentRow, consent_id)
            if row is None or row.owner != owner:
                raise CardRefusal("no such consent of yours / 該当する同意がありません")
            if row.withdrawn_at is None:
                row.withdrawn_at = self.context.clock.now()

    def consents(self, owner: str) -> list[tuple[ConsentRow, str]]:
        """The person's consents, each with the viewer's name."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(ConsentRow, AccountRow.name)
                .join(AccountRow, AccountRow.reference == ConsentRow.viewer)
                .where(ConsentRow.owner == owner)
                .order_by(ConsentRow.id.desc())
            )
            return [(consent, name) for consent, name in rows.tuples()]

    def shared_with(self, viewer: str) -> list[tuple[ConsentRow, str]]:
        """The consents in force that name `viewer`, each with the owner's name."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(ConsentRow, AccountRow.name)
                .join(AccountRow, AccountRow.reference == ConsentRow.owner)
                .where(ConsentRow.viewer == viewer, ConsentRow.withdrawn_at.is_(None))
                .order_by(ConsentRow.id.desc())
            )
            return [(consent, name) for consent, name in rows]

    def view(self, viewer: str, consent_id: int) -> tuple[AccountRow, list[RecordRow]]:
        """Another person's records, for the viewer their consent in force names; the showing
        is logged in the same transaction."""
        seen_by = self.account(viewer)
        with self.database.transaction() as session:
            consent = session.get(ConsentRow, consent_id)
            if consent is None or consent.viewer != viewer or consent.withdrawn_at is not None:
                raise CardRefusal("no consent lets you see these records / 閲覧の同意がありません")
            owner = session.get(AccountRow, consent.owner)
            assert owner is not None
            records = list(session.scalars(
                select(RecordRow).where(RecordRow.account == owner.reference)
                .order_by(RecordRow.day.desc(), RecordRow.id.desc())
            ))  # fmt: skip
            session.add(DisclosureRow(consent=consent.id, owner=owner.reference,
                                      viewer_name=seen_by.name, records=len(records),
                                      at=self.context.clock.now()))  # fmt: skip
        return owner, records

    def disclosures(self, owner: str) -> list[DisclosureRow]:
        with self.database.transaction() as session:
            query = select(DisclosureRow).where(DisclosureRow.owner == owner)
            return list(session.scalars(query.order_by(DisclosureRow.id.desc()).limit(50)))


__all__ = ["PURPOSE_LENGTH", "Phr"]
