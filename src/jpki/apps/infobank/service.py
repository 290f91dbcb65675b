"""The information bank (情報銀行) of the smart-drive use case (seed 002 No.11).

A driver registers once by signing with the card (署名用電子証明書); the platform (代行) links
a random reference and names the driver by its pairwise ID. The driver deposits their driving
data (the car's drive recorder log: distance, hard braking, speeding, night driving). To let
an insurer (telematics insurance) or a car-sharing company have it, the driver signs a consent
text naming the recipient, the data items and the period; the bank has the platform verify the
signature and accepts it only from the registered driver themself (the signer's pairwise ID).
A recipient receives the named items only while a signed consent is in force (not withdrawn,
within its period, JST); each disclosure is recorded and shown to the driver, who may withdraw
a consent at any time.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from jpki.apps.infobank.models import ConsentRow, DisclosureRow, DriveRow, DriverRow
from jpki.apps.kit.accounts import register_once
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login
from jpki.clock import today_in_japan
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.levels import Level
from jpki.protocol.wallet import Label, LoginAnswer

RECIPIENTS = {
    "insurer": Label(
        en="Demo Mutual (telematics car insurance)", ja="デモ損保 (テレマティクス自動車保険)"
    ),
    "carshare": Label(en="Demo Car Sharing", ja="デモカーシェア"),
}
"""The recipients the bank works with (a real bank lists those it has vetted)."""
DATA = {
    "distance": Label(en="distance driven (km)", ja="走行距離 (km)"),
    "braking": Label(en="hard braking (times)", ja="急ブレーキ (回)"),
    "speeding": Label(en="speeding (times)", ja="速度超過 (回)"),
    "night": Label(en="night drives", ja="夜間走行"),
}
"""The items of driving data the bank holds and a consent may name."""
MAX_DAYS = 366
REGISTRATION = (
    "Information bank registration / 情報銀行 登録\n"
    "I open an account to deposit my driving data. The bank gives it to nobody without my\n"
    "signed consent naming the recipient, the data and the period.\n"
    "運転データを預ける口座を開設します。受領者・データ・期間を記した私の署名付き同意なしに\n"
    "第三者へ提供されません。\n"
).encode()


@dataclasses.dataclass(frozen=True)
class Disclosure:
    """What a recipient receives: the consented items, totalled over the deposited drives."""

    token: str
    items: tuple[str, ...]
    values: dict[str, int]
    drives: int
    ends_on: dt.date

    def to_json(self) -> dict[str, Any]:
        return {
            "driver": self.token, "items": list(self.items), "values": self.values,
            "drives": self.drives, "consent_ends_on": self.ends_on.isoformat(),
        }  # fmt: skip


def recipient_of(key: str) -> Label:
    if key not in RECIPIENTS:
        raise CardRefusal("unknown recipient / 提供先が不明です")
    return RECIPIENTS[key]


def items_of(keys: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(key for key in DATA if key in set(keys))
    if not chosen or len(chosen) != len(set(keys)):
        raise CardRefusal("choose the data to give from the list / 提供するデータを選んでください")
    return chosen


def consent_text(recipient: str, items: Sequence[str], starts: dt.date, ends: dt.date) -> str:
    """The text the driver signs: who receives what, from when to when (JST)."""
    to = recipient_of(recipient)
    named = items_of(items)
    return (
        "Consent to provide driving data / 運転データ提供への同意\n"
        f"Recipient / 提供先: {to.en} / {to.ja}\n"
        f"Data / データ: {', '.join(DATA[k].en for k in named)} / "
        f"{'、'.join(DATA[k].ja for k in named)}\n"
        f"Period / 期間: {starts.isoformat()} - {ends.isoformat()} (JST)\n"
        "I may withdraw this consent at any time. / この同意はいつでも撤回できます。\n"
        f"Nonce / 識別子: {secrets.token_hex(8)}\n"
    )


def in_force(consent: ConsentRow, today: dt.date) -> bool:
    return consent.withdrawn_at is None and consent.starts_on <= today <= consent.ends_on


class InformationBank:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database

    def register(self, cms: Signed) -> int:
        """The signer's account (one per driver: registering again finds it)."""
        return register_once(self.context, cms, REGISTRATION, DriverRow)

    def log_in(self, challenge: dict[str, Any], card_answer: LoginAnswer) -> int:
        result = accepted_login(self.context.platform.authenticate(challenge, card_answer))
        if result.assurance is not Level.PIN:
            raise CardRefusal("log in with the card's PIN / 暗証番号が必要です")
        with self.database.transaction() as session:
            driver = session.scalar(
                select(DriverRow).where(DriverRow.reference.in_(result.customers or [""])).limit(1)
            )
            if driver is None:
                raise CardRefusal("no account for this card: register first / 未登録です")
            return driver.id

    def deposit(
        self, driver_id: int, km: int, hard_brakes: int, speeding: int, night: bool
    ) -> None:
        """One drive from the car's recorder, deposited by its driver."""
        if not (0 <= km <= 2000 and 0 <= hard_brakes <= 1000 and 0 <= speeding <= 1000):
            raise CardRefusal("a drive is 0-2000 km with 0-1000 events / 走行記録が不正です")
        with self.database.transaction() as session:
            session.add(
                DriveRow(
                    driver_id=driver_id, at=self.context.clock.now(), km=km,
                    hard_brakes=hard_brakes, speeding=speeding, night=night,
                )
            )  # fmt: skip

    def propose(self, recipient: str, items: Sequence[str], days: int) -> dict[str, Any]:
        """A consent for the driver to sign: its text and terms (kept with the request)."""
        if not 1 <= days <= MAX_DAYS:
            raise CardRefusal("a consent lasts 1 to 366 days / 期間は1〜366日です")
        starts = today_in_japan(self.context.clock)
        ends = starts + dt.timedelta(days=days - 1)
        text = consent_text(recipient, items, starts, ends)
        return {
            "recipient": recipient, "items": list(items_of(items)),
            "starts_on": starts.isoformat(), "ends_on": ends.isoformat(), "text": text,
        }  # fmt: skip

    def consent(self, driver_id: int, cms: Signed, terms: dict[str, Any]) -> int:
        """Keep a consent signed by the driver themself (checked by the platform)."""
        content = terms["text"].encode()
        answer = self.context.platform.verify_cms(cms, content)
        result = answer.result
        if not result.valid or result.certificate.purpose is not CertificatePurpose.SIGN:
            raise CardRefusal(f"signature-rejected: {result.message or 'invalid signature'}")
        with self.database.transaction() as session:
            driver = session.get(DriverRow, driver_id)
            if driver is None or result.user_id != driver.user_id:
                raise CardRefusal("the consent must be signed by the driver / 本人の署名が必要です")
            row = ConsentRow(
                driver_id=driver_id, recipient=terms["recipient"], items=",".join(terms["items"]),
                starts_on=dt.date.fromisoformat(terms["starts_on"]),
                ends_on=dt.date.fromisoformat(terms["ends_on"]), text=terms["text"],
                receipt=answer.receipt, signed_at=self.context.clock.now(),
                token=secrets.token_urlsafe(18),
            )  # fmt: skip
            session.add(row)
            session.flush()
            return row.id

    def withdraw(self, driver_id: int, consent_id: int) -> None:
        with self.database.transaction() as session:
            consent = session.get(ConsentRow, consent_id)
            if consent is None or consent.driver_id != driver_id:
                raise CardRefusal("no such consent / 同意が見つかりません")
            if consent.withdrawn_at is None:
                consent.withdrawn_at = self.context.clock.now()

    def account(
        self, driver_id: int
    ) -> tuple[list[DriveRow], list[ConsentRow], list[tuple[DisclosureRow, ConsentRow]]]:
        """The driver's drives, consents and the disclosures made under them."""
        with self.database.transaction() as session:
            drives = session.scalars(
                select(DriveRow).where(DriveRow.driver_id == driver_id).order_by(DriveRow.id.desc())
            )
            consents = session.scalars(
                select(ConsentRow)
                .where(ConsentRow.driver_id == driver_id)
                .order_by(ConsentRow.id.desc())
            )
            disclosures = session.execute(
                select(DisclosureRow, ConsentRow)
                .join(ConsentRow, ConsentRow.id == DisclosureRow.consent_id)
                .where(ConsentRow.driver_id == driver_id)
                .order_by(DisclosureRow.id.desc())
                .limit(200)
            ).all()
            return list(drives), list(consents), list(disclosures)

    def consents_for(self, recipient: str) -> list[tuple[ConsentRow, bool]]:
        """The consents naming `recipient`, each with whether it is in force today."""
        recipient_of(recipient)
        today = today_in_japan(self.context.clock)
        with self.database.transaction() as session:
            rows = session.scalars(
                select(ConsentRow)
                .where(ConsentRow.recipient == recipient)
                .order_by(ConsentRow.id.desc())
                .limit(200)
            )
            return [(row, in_force(row, today)) for row in rows]

    def disclose(self, recipient: str, token: str) -> Disclosure:
        """The consented data for `recipient`, only under a consent in force; recorded."""
        recipient_of(recipient)
        today = today_in_japan(self.context.clock)
        with self.database.transaction() as session:
            consent = session.scalar(
                select(ConsentRow).where(
                    ConsentRow.token == token[:32], ConsentRow.recipient == recipient
                )
            )
            if consent is None:
                raise CardRefusal("no consent for this recipient / 同意がありません")
            if consent.withdrawn_at is not None:
                raise CardRefusal("the driver withdrew this consent / 同意は撤回されました")
            if not in_force(consent, today):
                raise CardRefusal("this consent is not in force today / 同意の期間外です")
            drives = list(
                session.scalars(select(DriveRow).where(DriveRow.driver_id == consent.driver_id))
            )
            items = tuple(consent.items.split(","))
            totals = {
                "distance": sum(d.km for d in drives),
                "braking": sum(d.hard_brakes for d in drives),
                "speeding": sum(d.speeding for d in drives),
                "night": sum(1 for d in drives if d.night),
            }
            session.add(
                DisclosureRow(
                    consent_id=consent.id, at=self.context.clock.now(), items=consent.items,
                    drives=len(drives),
                )
            )  # fmt: skip
            return Disclosure(
                consent.token, items, {k: totals[k] for k in items}, len(drives), consent.ends_on
            )


__all__ = [
    "DATA",
    "RECIPIENTS",
    "REGISTRATION",
    "Disclosure",
    "InformationBank",
    "consent_text",
    "in_force",
    "items_of",
    "recipient_of",
]
