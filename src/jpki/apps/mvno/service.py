"""The counter's work: terms to sign, the signature checked by the platform (委託: the carrier
is the verifier and sees the certificate's 4 information), the contract recorded from it.

Nothing is typed: the name, address, birth date and sex come from the verified signing
certificate (携帯電話不正利用防止法 identity check), so there is no address typo and no
photocopy to mismatch.
"""

from __future__ import annotations

import base64
import secrets

from sqlalchemy import select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import signer_of
from jpki.apps.mvno.models import ContractRow
from jpki.clock import today_in_japan

PLANS = {
    "3gb": {"en": "3 GB data + voice, ¥990/month", "ja": "3GB 音声通話付き 月額990円"},
    "20gb": {"en": "20 GB data + voice, ¥1,980/month", "ja": "20GB 音声通話付き 月額1,980円"},
}


class Counter:
    def __init__(self, context: ServiceContext, store: str = "Akihabara store / 秋葉原店") -> None:
        self.context, self.store = context, store

    def terms(self, plan: str, contract_id: str) -> bytes:
        if plan not in PLANS:
            raise CardRefusal(f"unknown plan {plan!r}")
        today = today_in_japan(self.context.clock).isoformat()
        return (
            "Demo Mobile service terms / デモモバイル 利用規約\n"
            f"Contract {contract_id}, plan: {PLANS[plan]['en']} / {PLANS[plan]['ja']}\n"
            f"Store / 店舗: {self.store}; date / 日付: {today}\n"
            "I agree to the terms and to identity verification with my signing certificate\n"
            "(Mobile Phone Improper Use Prevention Act).\n"
            "利用規約に同意し、署名用電子証明書による本人確認(携帯電話不正利用防止法)に同意します。\n"
        ).encode()

    def contract(self, plan: str, contract_id: str, cms: str, terms: bytes) -> ContractRow:
        answer = self.context.platform.verify_cms(cms, terms)
        signer = signer_of(answer, "the terms must be signed with the signing certificate")
        info = signer.four_info
        with self.context.database.transaction() as session:
            taken = set(session.scalars(select(ContractRow.phone_number)))
            number = next(n for n in iter(self._phone_number, None) if n not in taken)
            row = ContractRow(
                id=contract_id,
                plan=plan,
                phone_number=number,
                store=self.store,
                name=info.name,
                address=info.address,
                birth_date=info.birth_date,
                sex=info.sex.value,
                certificate_serial=str(signer.serial),
                signed_terms=terms,
                signature=base64.b64decode(cms),
                receipt=answer.receipt,
                signed_at=self.context.clock.now(),
            )
            session.add(row)
        return row

    @staticmethod
    def _phone_number() -> str:
        return f"070-{secrets.randbelow(10**4):04d}-{secrets.randbelow(10**4):04d}"

    def get(self, contract_id: str) -> ContractRow | None:
        with self.context.database.transaction() as session:
            return session.get(ContractRow, contract_id)

    def recent(self, limit: int = 20) -> list[ContractRow]:
        with self.context.database.transaction() as session:
            query = select(ContractRow).order_by(ContractRow.signed_at.desc()).limit(limit)
            return list(session.scalars(query))


__all__ = ["PLANS", "Counter"]
