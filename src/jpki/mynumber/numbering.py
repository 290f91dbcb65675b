"""My Numbers (個人番号) for the persons of the resident register (住民基本台帳).

Each person, known by their resident-register code (住民票コード), holds one My Number: 12
digits with a valid check digit, never starting with 0, unique and never reused. A leaked
number is changed (番号の変更): the old one is retired for good. Institution-specific codes are
derived from the resident-register code, so a change of number leaves every agency's data
joined as before.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.mynumber.errors import NumberingError, UnknownPerson
from jpki.mynumber.store.database import Database
from jpki.mynumber.store.models import PersonRow, RetiredNumberRow
from jpki.mynumber.validation import my_number_problem
from jpki.profile.numbers import complete_my_number


def _taken(session: Session, number: str) -> bool:
    return (
        session.scalar(select(PersonRow.resident_code).where(PersonRow.my_number == number))
        is not None
        or session.get(RetiredNumberRow, number) is not None
    )


def _fresh_number(session: Session) -> str:
    while True:
        candidate = complete_my_number(f"{secrets.randbelow(9 * 10**10) + 10**10:011d}")
        if not _taken(session, candidate):
            return candidate


class Numbering:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database, self.clock = database, clock

    def assign(self, resident_code: str) -> str:
        """Give a newly registered person a My Number (the same one if asked again)."""
        with self.database.transaction() as session:
            row = session.get(PersonRow, resident_code)
            if row is not None:
                return row.my_number
            number = _fresh_number(session)
            session.add(
                PersonRow(
                    resident_code=resident_code, my_number=number, assigned_at=self.clock.now()
                )
            )
            return number

    def adopt(self, resident_code: str, my_number: str) -> None:
        """Record a number the register already gave (the sandbox's authority numbers its own
        residents); refused if invalid or held by someone else."""
        problem = my_number_problem(my_number)
        if problem:
            raise NumberingError(f"{my_number}: {problem}")
        with self.database.transaction() as session:
            row = session.get(PersonRow, resident_code)
            if row is not None and row.my_number == my_number:
                return
            if row is not None or _taken(session, my_number):
                raise NumberingError(f"{my_number} or {resident_code} is already numbered")
            session.add(
                PersonRow(
                    resident_code=resident_code, my_number=my_number, assigned_at=self.clock.now()
                )
            )

    def change(self, resident_code: str, reason: str) -> str:
        """Replace a leaked number; the old one is retired and never given again."""
        with self.database.transaction() as session:
            row = session.get(PersonRow, resident_code)
            if row is None:
                raise UnknownPerson(f"no person with resident-register code {resident_code}")
            session.add(
                RetiredNumberRow(
                    my_number=row.my_number,
                    resident_code=resident_code,
                    reason=reason,
                    retired_at=self.clock.now(),
                )
            )
            session.flush()
            row.my_number = _fresh_number(session)
            row.assigned_at = self.clock.now()
            return row.my_number

    def number_of(self, resident_code: str) -> str:
        with self.database.transaction() as session:
            row = session.get(PersonRow, resident_code)
        if row is None:
            raise UnknownPerson(f"no person with resident-register code {resident_code}")
        return row.my_number

    def resident_of(self, my_number: str) -> str:
        """The resident-register code of a current My Number (a retired one is refused)."""
        with self.database.transaction() as session:
            code = session.scalar(
                select(PersonRow.resident_code).where(PersonRow.my_number == my_number)
            )
            if code is None and session.get(RetiredNumberRow, my_number) is not None:
                raise UnknownPerson(f"{my_number} was changed and is no longer in use")
        if code is None:
            raise UnknownPerson(f"no person holds My Number {my_number}")
        return code


__all__ = ["Numbering"]
