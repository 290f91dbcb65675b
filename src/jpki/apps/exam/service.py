"""Admission tickets bound to the applicant's card, checked at the exam room door.

Impersonation at an exam (替え玉受験) is a stand-in sitting the exam with the applicant's
admission ticket (受験票). Here the applicant registers with a card login (PIN): the ticket is
bound to the applicant's authentication certificate (利用者証明用電子証明書). At the room's door
the examinee shows the ticket (its examinee number, 受験番号) and logs in with the card **with
the PIN**: the ticket is admitted only if the card is the one it is bound to, in the room it
names, once.

Why the PIN at the door, not a PIN-less touch as at the stadium gate (tickets): a PIN-less read
proves only that the card is present, and a stand-in can carry the applicant's card; the PIN
proves the person at the door knows what only the card's holder should. Neither stops an
applicant who hands over card and PIN (the proctor still compares the face with the card's
photo); the check removes the forged or lent paper ticket. The extra seconds per examinee are
affordable at an exam room, unlike a stadium gate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
import unicodedata
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from jpki.apps.exam.models import ApplicantRow, DoorCheckRow, ExamRow
from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import accepted_login
from jpki.clock import today_in_japan
from jpki.protocol.levels import Level
from jpki.protocol.verification import CertificateVerdict, LoginAccepted, LoginRefused
from jpki.protocol.wallet import LoginAnswer

DEMO_EXAMS = (
    ("univ-2027", "Demo University entrance exam", "デモ大学 一般入学試験", 14, "A101,A102", 200),
    ("license-spring", "Demo licensing exam (spring)", "デモ資格試験 (春期)", 30, "B201", 100),
)  # fmt: skip
NAME_LIMIT = 100


def certificate_key(verdict: CertificateVerdict) -> str:
    """Which certificate this is: the issuing CA's generation and the serial."""
    return f"{verdict.issuer_generation or ''}:{verdict.serial}"


@dataclasses.dataclass(frozen=True)
class DoorVerdict:
    admitted: bool
    reason: str
    """`admitted`, `not-the-applicant` (another card than the ticket's), `no-ticket` (no such
    examinee number), `wrong-room`, `already-checked-in`, `pin-required` or the platform's
    refusal code."""
    number: str | None = None
    name: str | None = None
    room: str | None = None
    seat: int | None = None
    receipt: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


class ExamOffice:
    def __init__(self, context: ServiceContext) -> None:
        self.context = context
        self.database = context.database
        self._seed_exams()

    def _seed_exams(self) -> None:
        today = today_in_japan(self.context.clock)
        with self.database.transaction() as session:
            for key, en, ja, days, rooms, seats in DEMO_EXAMS:
                if session.get(ExamRow, key) is None:
                    day = today + dt.timedelta(days=days)
                    session.add(ExamRow(id=key, name_en=en, name_ja=ja, day=day, rooms=rooms, seats_per_room=seats))  # fmt: skip

    def exams(self) -> list[ExamRow]:
        with self.database.transaction() as session:
            return list(session.scalars(select(ExamRow).order_by(ExamRow.day)))

    def exam(self, exam_id: str) -> ExamRow:
        with self.database.transaction() as session:
            exam = session.get(ExamRow, exam_id)
        if exam is None:
            raise CardRefusal(f"no exam {exam_id!r} / 試験 {exam_id!r} はありません")
        return exam

    @staticmethod
    def checked_name(name: str) -> str:
        """The applicant's name as typed, or a refusal (empty, too long, control characters)."""
        name = name.strip()
        if (
            not name
            or len(name) > NAME_LIMIT
            or any(unicodedata.category(c)[0] == "C" for c in name)
        ):
            raise CardRefusal(
                f"give your name (1-{NAME_LIMIT} characters) / 氏名を入力してください"
                f"({NAME_LIMIT}文字以内)"
            )
        return name

    def apply(
        self, exam_id: str, name: str, challenge: dict[str, Any], card_answer: LoginAnswer
    ) -> ApplicantRow:
        """An admission ticket for the holder of the card that answered (a PIN login); the
        same card applying again gets its ticket back."""
        exam = self.exam(exam_id)
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = accepted_login(answer)
        if result.assurance is not Level.PIN:
            raise CardRefusal("applying needs the card's PIN / 出願には暗証番号が必要です")
        holder = certificate_key(result.verdict)
        rooms = exam.rooms.split(",")
        try:
            with self.database.transaction() as session:
                existing = self._ticket_of(session, exam_id, holder)
                if existing is not None:
                    return existing
                taken = (
                    session.scalar(select(func.count()).where(ApplicantRow.exam == exam_id)) or 0
                )
                if taken >= len(rooms) * exam.seats_per_room:
                    raise CardRefusal("the exam is full / 定員に達しました")
                ticket = ApplicantRow(
                    number=f"{secrets.randbelow(10**8):08d}",
                    exam=exam_id,
                    name=self.checked_name(name),
                    room=rooms[taken % len(rooms)],
                    seat=taken // len(rooms) + 1,
                    holder_certificate=holder,
                    registered_at=self.context.clock.now(),
                    receipt=answer.receipt,
                )
                session.add(ticket)
        except IntegrityError:  # the same card applying twice at once
            with self.database.transaction() as session:
                again = self._ticket_of(session, exam_id, holder)
            if again is None:
                raise
            return again
        return ticket

    @staticmethod
    def _ticket_of(session: Session, exam_id: str, holder: str) -> ApplicantRow | None:
        return session.scalar(
            select(ApplicantRow).where(
                ApplicantRow.exam == exam_id, ApplicantRow.holder_certificate == holder
            )
        )

    def ticket(self, number: str) -> ApplicantRow | None:
        with self.database.transaction() as session:
            return session.get(ApplicantRow, number)

    def check_at_door(
        self,
        exam_id: str,
        room: str,
        number: str,
        challenge: dict[str, Any],
        card_answer: LoginAnswer,
    ) -> DoorVerdict:
        """The door's verdict on the examinee number shown and the card presented with its
        PIN; the verdict and the door log are one transaction."""
        self.exam(exam_id)
        answer = self.context.platform.authenticate(challenge, card_answer)
        result = answer.result
        with self.database.transaction() as session:
            if isinstance(result, LoginRefused):
                verdict = DoorVerdict(False, result.error, receipt=answer.receipt)
            elif result.assurance is not Level.PIN:
                verdict = DoorVerdict(False, "pin-required", receipt=answer.receipt)
            else:
                verdict = self._admit(session, exam_id, room, number, result, answer.receipt)
            session.add(
                DoorCheckRow(
                    exam=exam_id, room=room, at=self.context.clock.now(),
                    admitted=verdict.admitted, reason=verdict.reason,
                    number=verdict.number, receipt=verdict.receipt,
                )
            )  # fmt: skip
        return verdict

    def _admit(
        self,
        session: Session,
        exam_id: str,
        room: str,
        number: str,
        result: LoginAccepted,
        receipt: str,
    ) -> DoorVerdict:
        ticket = session.get(ApplicantRow, number)
        if ticket is None or ticket.exam != exam_id:
            return DoorVerdict(False, "no-ticket", receipt=receipt)
        shown = DoorVerdict(
            False, "", ticket.number, ticket.name, ticket.room, ticket.seat, receipt
        )
        if ticket.holder_certificate != certificate_key(result.verdict):
            return dataclasses.replace(shown, reason="not-the-applicant", name=None, seat=None)
        if ticket.room != room:
            return dataclasses.replace(shown, reason="wrong-room")
        spent = session.execute(
            update(ApplicantRow)
            .where(ApplicantRow.number == number, ApplicantRow.checked_in_at.is_(None))
            .values(checked_in_at=self.context.clock.now())
        )
        if spent.rowcount != 1:  # type: ignore[attr-defined]
            return dataclasses.replace(shown, reason="already-checked-in")
        return dataclasses.replace(shown, admitted=True, reason="admitted")

    def door_log(self, exam_id: str, room: str, limit: int = 20) -> list[DoorCheckRow]:
        with self.database.transaction() as session:
            query = select(DoorCheckRow).where(
                DoorCheckRow.exam == exam_id, DoorCheckRow.room == room
            )
            return list(session.scalars(query.order_by(DoorCheckRow.id.desc()).limit(limit)))


__all__ = ["DoorVerdict", "ExamOffice", "certificate_key"]
