"""Consents (同意): which items a holder agreed to give which RP, remembered until revoked."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select

from jpki.clock import Clock
from jpki.idp.store.database import Database
from jpki.idp.store.models import ConsentRow

CLAIMS_OF_SCOPE: dict[str, tuple[str, ...]] = {
    "openid": ("sub",),
    "name": ("name",),
    "address": ("address",),
    "birthdate": ("birthdate",),
    "gender": ("gender",),
    "sign_certificate": ("name", "address", "birthdate", "gender"),
}
"""The claims each consented item releases (`sign` releases none: verdicts only)."""


@dataclasses.dataclass(frozen=True)
class Consent:
    client_id: str
    scopes: frozenset[str]
    granted_at: dt.datetime

    @property
    def claims(self) -> list[str]:
        """The claims the consented items release to the RP."""
        return sorted({claim for s in self.scopes for claim in CLAIMS_OF_SCOPE.get(s, ())})


class Consents:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database, self.clock = database, clock

    def covers(self, holder: str, client_id: str, scopes: list[str]) -> bool:
        with self.database.transaction() as session:
            row = session.scalar(
                select(ConsentRow).where(
                    ConsentRow.holder == holder, ConsentRow.client_id == client_id
                )
            )
        return row is not None and set(scopes) <= set(row.scopes.split())

    def grant(self, holder: str, client_id: str, scopes: list[str]) -> None:
        """Remember the items (added to what was granted before)."""
        with self.database.transaction() as session:
            row = session.scalar(
                select(ConsentRow).where(
                    ConsentRow.holder == holder, ConsentRow.client_id == client_id
                )
            )
            if row is None:
                session.add(
                    ConsentRow(
                        holder=holder,
                        client_id=client_id,
                        scopes=" ".join(sorted(set(scopes))),
                        granted_at=self.clock.now(),
                    )
                )
            elif not set(scopes) <= set(row.scopes.split()):  # a remembered consent: no write
                row.scopes = " ".join(sorted(set(row.scopes.split()) | set(scopes)))
                row.granted_at = self.clock.now()

    def of_holder(self, holder: str) -> list[Consent]:
        with self.database.transaction() as session:
            rows = session.scalars(
                select(ConsentRow)
                .where(ConsentRow.holder == holder)
                .order_by(ConsentRow.granted_at)
            ).all()
        return [Consent(r.client_id, frozenset(r.scopes.split()), r.granted_at) for r in rows]

    def revoke(self, holder: str, client_id: str) -> bool:
        with self.database.transaction() as session:
            row = session.scalar(
                select(ConsentRow).where(
                    ConsentRow.holder == holder, ConsentRow.client_id == client_id
                )
            )
            if row is None:
                return False
            session.delete(row)
            return True


__all__ = ["CLAIMS_OF_SCOPE", "Consent", "Consents"]
