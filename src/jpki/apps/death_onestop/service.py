"""The death one-stop desk (死亡・相続ワンストップ): advance registrations and the family's view.

1. The holder logs in with the card (PIN) and sees their registration, if any.
2. They choose among the businesses taking part (the platform's participants: tenants that
   receive change notifications) and sign the registration with the signing certificate; the
   signature links them at the platform (紐付け, 代行: the desk never sees a certificate), and the
   desk records the choice there (`PUT /v1/customers/{reference}/death-onestop`). The holder
   gets an enquiry number (照会番号) for their family.
3. When the authority records the death, the certificates are revoked (authority life events);
   the platform's change confirmation finds it and notifies every business that linked the
   person, the chosen ones with the request to start their procedure, and this desk with the
   list of businesses notified, which the family sees with the enquiry number.
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from jpki.apps.death_onestop.models import RegistrationRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.platform_api import Signed
from jpki.apps.kit.refusals import accepted_login, registered
from jpki.apps.kit.webhooks import Subscription
from jpki.clock import JST
from jpki.protocol.death_onestop import DEATHS, NOTIFIED_FIELD, OnestopParticipant

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""The enquiry number's letters: no 0/O or 1/I, which a family reads over the phone."""


def new_family_code() -> str:
    """An enquiry number (照会番号) such as `K7QM-2XPD-R9TA` (about 60 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalised_code(text: str) -> str | None:
    """An enquiry number as typed (any case, with or without hyphens), or None if it is not one."""
    raw = "".join(ch for ch in text.upper() if ch not in "- ")
    if len(raw) != 12 or any(ch not in CODE_ALPHABET for ch in raw):
        return None
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def lines_of(participants: Sequence[OnestopParticipant]) -> str:
    return "\n".join(f"{p.tenant}\t{p.name}" for p in participants)


def participants_of(lines: str | None) -> list[OnestopParticipant]:
    pairs = (line.split("\t", 1) for line in (lines or "").splitlines() if "\t" in line)
    return [OnestopParticipant(tenant=tenant, name=name) for tenant, name in pairs]


class DeathOnestop:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self.subscription = Subscription(context)

    def participants(self) -> list[OnestopParticipant]:
        return self.context.platform.death_onestop_participants()

    def log_in(self, challenge: dict[str, Any], answer: Any) -> dict[str, Any]:
        """Who logged in (a PIN login): the platform's user ID for them here (None before
        their first registration) and their references here, their registrations."""
        result = accepted_login(self.context.platform.authenticate(challenge, answer))
        return {"user_id": result.user_id, "references": list(result.customers)}

    def current(self, references: Sequence[str]) -> RegistrationRow | None:
        """The holder's registration in force among `references`."""
        with self.database.transaction() as session:
            rows = session.scalars(
                select(RegistrationRow)
                .where(RegistrationRow.reference.in_(list(references)))
                .where(RegistrationRow.ended_at.is_(None))
                .order_by(RegistrationRow.registered_at.desc())
            )
            return next(iter(rows), None)

    def chosen(self, tenants: Sequence[str]) -> list[OnestopParticipant]:
        """The participants named by `tenants` (a refusal for any other name, or none)."""
        known = {p.tenant: p for p in self.participants()}
        picked = list(dict.fromkeys(tenants))
        if not picked:
            raise CardRefusal("choose at least one business / 通知先を1つ以上選んでください")
        unknown = [t[:40] for t in picked if t not in known]
        if unknown:
            raise CardRefusal(
                f"not a business taking part / 参加事業者ではありません: {', '.join(unknown)}"
            )
        return [known[t] for t in picked]

    def document(self, chosen: Sequence[OnestopParticipant]) -> bytes:
        """The advance registration the holder signs (bilingual text, times in JST)."""
        now = self.context.clock.now().astimezone(JST)
        names = "\n".join(f"- {p.name} ({p.tenant})" for p in chosen)
        return (
            "死亡・相続ワンストップ 事前登録 / Death one-stop advance registration\n"
            "私が死亡したときは、次の事業者に手続の開始を依頼します。\n"
            "When I die, I ask these businesses to start their procedures:\n"
            f"{names}\n"
            f"日時 / Date: {now:%Y-%m-%d %H:%M} JST\n"
        ).encode()

    def register(
        self,
        chosen: Sequence[OnestopParticipant],
        signed: Signed,
        content: bytes,
        previous: Sequence[str],
        login_user_id: str | None,
    ) -> tuple[RegistrationRow, str | None]:
        """Link the signer, record the choice at the platform, end the holder's older
        registrations (at the platform too) and keep the new one with its enquiry number.

        The signer must be the holder who logged in (`login_user_id`, once they registered
        before): a signature with another card neither registers nor ends their registration.
        Returns the registration and the signer's user ID."""
        reference = "DO" + secrets.token_hex(8).upper()
        answer = self.context.platform.register_customer(reference, signed, content)
        signer = registered(answer).user_id
        if login_user_id is not None and signer != login_user_id:
            self.context.platform.unlink(reference)
            raise CardRefusal(
                "signed with another card than the one that logged in / "
                "ログインしたカードと別のカードで署名されました"
            )
        self.context.platform.register_death_onestop(reference, [p.tenant for p in chosen])
        now = self.context.clock.now()
        older = self.current(previous)
        if older is not None:
            self.context.platform.register_death_onestop(older.reference, [])
            self.context.platform.unlink(older.reference)
        for _ in range(3):
            try:
                with self.database.transaction() as session:
                    if older is not None:
                        row = session.get(RegistrationRow, older.reference)
                        if row is not None:
                            row.ended_at = now
                    fresh = RegistrationRow(
                        reference=reference, family_code=new_family_code(),
                        targets=lines_of(chosen), registered_at=now, receipt=answer.receipt,
                    )  # fmt: skip
                    session.add(fresh)
                return fresh, signer
            except IntegrityError:  # an enquiry number already given: draw another
                continue
        raise CardRefusal("could not give an enquiry number; try again / もう一度お試しください")

    def by_family_code(self, text: str) -> RegistrationRow:
        code = normalised_code(text)
        if code is None:
            raise CardRefusal(
                "an enquiry number is 12 letters and digits, e.g. K7QM-2XPD-R9TA / "
                "照会番号は12文字の英数字です"
            )
        with self.database.transaction() as session:
            row = session.scalar(select(RegistrationRow).where(RegistrationRow.family_code == code))
        if row is None:
            raise CardRefusal("no registration with this enquiry number / 該当する登録はありません")
        return row

    # -- change notifications ------------------------------------------------------------------

    def notified(self, headers: dict[str, str], body: bytes) -> bool:
        """Record a signed death notification of a registrant (and whom the platform asked);
        False for any other notification."""
        event = self.subscription.event(headers, body)
        data = event["data"]
        if data.get("situation") not in {s.value for s in DEATHS}:
            return False
        try:
            told = [OnestopParticipant.model_validate(p) for p in data.get(NOTIFIED_FIELD) or []]
        except (TypeError, ValueError):
            raise CardRefusal("the notification's list of businesses is malformed") from None
        with self.database.transaction() as session:
            row = session.get(RegistrationRow, str(data.get("reference"))[:24])
            if row is None or row.death_noticed_at is not None:
                return False
            row.death_situation = str(data["situation"])
            row.death_noticed_at = self.context.clock.now()
            row.notified = lines_of(told)
        return True


__all__ = ["DeathOnestop", "new_family_code", "normalised_code", "participants_of"]
