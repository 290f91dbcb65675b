"""Selling tickets bound to a card and admitting their holders at the gate.

A ticket is bought with a card login (PIN): the ticket is bound to the buyer's authentication
certificate, so there is no paper or QR code to resell (seed 002 No.2). At the gate a
terminal holding an institution-code certificate (施設コード証明書) reads the card without a PIN
(the seeds' external authentication, seed 000): the platform checks the card's signature over
the gate's challenge and says which certificate it was; the ticket of that certificate is
admitted once. Someone holding a resold ticket has a different card, and is refused.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import accepted_login
from jpki.apps.tickets.models import AdmissionRow, EventRow, TicketRow
from jpki.clock import today_in_japan
from jpki.protocol.levels import Level
from jpki.protocol.verification import CertificateVerdict, LoginAccepted, LoginRefused
from jpki.protocol.wallet import LoginAnswer

DEMO_EVENTS = (
    ("yokohama-night", "Yokohama Stadium night game", "横浜スタジアム ナイトゲーム", "横浜スタジアム", 7, 30000),
    ("budokan-live", "Live at Nippon Budokan", "日本武道館ライブ", "日本武道館", 21, 14000),
)  # fmt: skip


def certificate_key(verdict: CertificateVerdict) -> str:
    """Which certificate this is: the issuing CA's generation and the serial."""
    return f"{verdict.issuer_generation or ''}:{verdict.serial}"


@dataclasses.dataclass(frozen=True)
class Admission:
    admitted: bool
    reason: str
    """`admitted`, `no-ticket` (e.g. a resold ticket), `already-admitted`, `not-at-terminal`
    or the platform's refusal code."""
    seat: str | None = None
    receipt: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class TicketOffice:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self._seed_events()

    def _seed_events(self) -> None:
        today = today_in_japan(self.context.clock)
        with self.database.transaction() as session:
            for key, en, ja, venue, days, seats in DEMO_EVENTS:
                if session.get(EventRow, key) is None:
                    day = today + dt.timedelta(days=days)
                    session.add(EventRow(id=key, name_en=en, name_ja=ja, venue=venue, day=day, seats=seats))  # fmt: skip

    def events(self) -> list[EventRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(EventRow).order_by(EventRow.day)))

    def event(self, event_id: str) -> EventRow:
        with self.database.transaction() as session:
            event = session.get(EventRow, event_id)
        if event is None:
            raise CardRefusal(f"no event {event_id!r}")
        return event

    def buy(self, event_id: str, challenge: dict[str, Any], card_answer: LoginAnswer) -> TicketRow:
        """A ticket for the holder of the card that answered (a PIN login)."""
        event = self.event(event_id)
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        if result.assurance is not Level.PIN:
            raise CardRefusal("buying a ticket needs the card's PIN")
        with self.database.transaction() as session:
            sold = session.scalar(select(func.count()).where(TicketRow.event == event_id)) or 0
            if sold >= event.seats:
                raise CardRefusal("sold out / 完売")
            ticket = TicketRow(
                id=secrets.token_hex(6).upper(),
                event=event_id,
                seat=f"{chr(ord('A') + sold // 1000 % 26)}-{sold % 1000 + 1:03d}",
                holder_certificate=certificate_key(result.verdict),
                bought_at=self.context.clock.now(),
                receipt=answer.receipt,
            )
            session.add(ticket)
        return ticket

    def ticket(self, ticket_id: str) -> TicketRow | None:
        with self.database.transaction() as session:
            return session.get(TicketRow, ticket_id)

    def admit(
        self, event_id: str, gate: str, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> Admission:
        """The gate's verdict on a card read PIN-less at a registered terminal; the verdict
        and the gate log are one transaction."""
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = answer.result
        institution = result.institution_code if isinstance(result, LoginAccepted) else None
        with self.database.transaction() as session:
            if isinstance(result, LoginRefused):
                admission = Admission(False, result.error, receipt=answer.receipt)
            elif not institution:
                admission = Admission(False, "not-at-terminal", receipt=answer.receipt)
            else:
                holder = certificate_key(result.verdict)
                admission = self._admit_ticket(session, event_id, gate, holder, answer.receipt)
            session.add(
                AdmissionRow(
                    event=event_id, gate=gate, at=self.context.clock.now(),
                    admitted=admission.admitted, reason=admission.reason,
                    institution_code=institution, receipt=admission.receipt,
                )
            )  # fmt: skip
        return admission

    def _admit_ticket(
        self, session: Session, event_id: str, gate: str, holder: str, receipt: str
    ) -> Admission:
        ticket = session.scalar(
            select(TicketRow).where(
                TicketRow.event == event_id, TicketRow.holder_certificate == holder
            )
        )
        if ticket is None:
            return Admission(False, "no-ticket", receipt=receipt)
        spent = session.execute(
            update(TicketRow)
            .where(TicketRow.id == ticket.id, TicketRow.admitted_at.is_(None))
            .values(admitted_at=self.context.clock.now(), admitted_gate=gate)
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            return Admission(False, "already-admitted", ticket.seat, receipt)
        return Admission(True, "admitted", ticket.seat, receipt)

    def admissions(self, event_id: str, limit: int = 20) -> list[AdmissionRow]:
        with self.database.transaction() as session:
            query = select(AdmissionRow).where(AdmissionRow.event == event_id)
            return list(session.scalars(query.order_by(AdmissionRow.id.desc()).limit(limit)))


__all__ = ["Admission", "TicketOffice", "certificate_key"]
