"""The holder's single sign-on sessions at the IdP, kept server-side so they can end.

The browser carries the session in a sealed cookie (`jpki.idp.app.Pages`); the cookie names a
session ID (`sid`, OpenID Connect Front-Channel Logout 1.0 §3 / Back-Channel Logout 1.0 §2.1),
random and meaningless outside the IdP. Each RP that receives a code in the session is
recorded with it, so that when the session ends (RP-initiated logout, a new holder in the same
browser, a consent withdrawn) the IdP knows whom to tell (`jpki.idp.logout`), and a cookie of an
ended session opens nothing.
"""

from __future__ import annotations

import dataclasses
import secrets

from sqlalchemy import delete, select, update

from jpki.clock import Clock
from jpki.idp.store.database import Database
from jpki.idp.store.models import SessionClientRow, SessionRow, TokenRow, revoked


@dataclasses.dataclass(frozen=True)
class Ended:
    """A session that ended, and the RPs that had taken part in it (to be told)."""

    sid: str
    holder: str
    client_ids: tuple[str, ...]


class Sessions:
    def __init__(self, database: Database, clock: Clock) -> None:
        self.database, self.clock = database, clock

    def open(self, holder: str) -> str:
        """A new session of `holder`; its `sid`."""
        sid = secrets.token_urlsafe(24)
        with self.database.transaction() as session:
            session.add(SessionRow(sid=sid, holder=holder, created_at=self.clock.now()))
        return sid

    def live(self, sid: str, holder: str) -> bool:
        """Whether `sid` is a session of `holder` that has not ended."""
        with self.database.transaction() as session:
            row = session.get(SessionRow, sid)
        return row is not None and row.holder == holder and row.ended_at is None

    def holder_of(self, sid: str) -> str | None:
        with self.database.transaction() as session:
            row = session.get(SessionRow, sid)
        return row.holder if row is not None and row.ended_at is None else None

    def join(self, sid: str, client_id: str) -> None:
        """Record that `client_id` received a code in session `sid` (once)."""
        with self.database.transaction() as session:
            if session.get(SessionClientRow, (sid, client_id)) is None:
                session.add(
                    SessionClientRow(sid=sid, client_id=client_id, joined_at=self.clock.now())
                )

    def clients_of(self, sid: str) -> list[str]:
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(SessionClientRow.client_id)
                    .where(SessionClientRow.sid == sid)
                    .order_by(SessionClientRow.joined_at, SessionClientRow.client_id)
                )
            )

    def end(self, sid: str) -> Ended | None:
        """End the session: its cookie opens nothing from now on, and the tokens bought in it
        without `offline_access` are revoked (Back-Channel Logout 1.0 §2.7); None if it was not
        live (ended already, or never was)."""
        now = self.clock.now()
        with self.database.transaction() as session:
            row = session.get(SessionRow, sid)
            if row is None or row.ended_at is not None:
                return None
            row.ended_at = now
            clients = tuple(
                session.scalars(
                    select(SessionClientRow.client_id)
                    .where(SessionClientRow.sid == sid)
                    .order_by(SessionClientRow.joined_at, SessionClientRow.client_id)
                )
            )
            session.execute(
                update(TokenRow)
                .where(
                    TokenRow.sid == sid,
                    TokenRow.revoked_at.is_(None),
                    TokenRow.scope.not_like("%offline_access%"),
                )
                .values(**revoked(now))
            )
            return Ended(sid, row.holder, clients)

    def leave(self, holder: str, client_id: str) -> list[str]:
        """The RP leaves every live session of `holder` (a consent withdrawn); the sessions it
        was in, so it can be told each has ended for it."""
        with self.database.transaction() as session:
            sids = list(
                session.scalars(
                    select(SessionClientRow.sid)
                    .join(SessionRow, SessionRow.sid == SessionClientRow.sid)
                    .where(
                        SessionRow.holder == holder,
                        SessionRow.ended_at.is_(None),
                        SessionClientRow.client_id == client_id,
                    )
                )
            )
            session.execute(
                delete(SessionClientRow).where(
                    SessionClientRow.client_id == client_id, SessionClientRow.sid.in_(sids)
                )
            )
        return sids


__all__ = ["Ended", "Sessions"]
