"""Telling RPs that a holder's IdP session ended: OpenID Connect Back-Channel Logout 1.0 (a
logout token posted server to server) and Front-Channel Logout 1.0 (an iframe per RP in the
holder's browser).

- Back-channel: for each RP of the session with a registered `backchannel_logout_uri`, a
  logout token (a JWT signed with the IdP's ID-token key of the RP's algorithm, `typ`
  `logout+jwt`; `iss`, `aud` the RP, `iat`, `exp` two minutes on, a fresh `jti`, the RP's
  pairwise `sub`, the session's `sid`, `events` with the back-channel logout event, never a
  `nonce`: §2.4) is posted from an outbox (`logout_deliveries`: the RP, the holder and the
  `sid`, filled when the session ends; each try signs a fresh token, so a late retry is not
  refused as expired or replayed). The holder's browser is answered at once; a sender
  (`deliver_due`, run after the response and every few seconds by the IdP's web app) posts as
  `application/x-www-form-urlencoded` `logout_token=...` and marks the row delivered on a 2xx
  answer. Anything else (a refusal, a timeout, a refused connection) is tried again after
  10 s, 1 min, 5 min and 30 min, then given up and kept with its last error. A row is leased
  to one sender at a time, so any number of IdP workers can share the outbox.
- Front-channel: the logout page embeds each RP's `frontchannel_logout_uri`, with `iss` and
  `sid` when the RP registered `frontchannel_logout_session_required` (§2), before it sends
  the browser on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets
from typing import Any

import httpx
from authlib.common.urls import add_params_to_uri
from joserfc import jwt
from sqlalchemy import select, update

from jpki.clock import Clock
from jpki.idp.clients import Client, ClientRegistry
from jpki.idp.keys import KeyRing
from jpki.idp.sessions import Ended
from jpki.idp.settings import IdpSettings
from jpki.idp.store.database import Database
from jpki.idp.store.models import LogoutDeliveryRow
from jpki.idp.subjects import subject_of

BACKCHANNEL_EVENT = "http://schemas.openid.net/event/backchannel-logout"
"""The `events` member of a logout token (Back-Channel Logout 1.0 §2.4)."""
LOGOUT_TOKEN_TYPE = "logout+jwt"
"""Its explicit JWT type (§2.4, RFC 8725 §3.11)."""
LOGOUT_TOKEN_LIFETIME = dt.timedelta(minutes=2)
RETRY_DELAYS = (
    dt.timedelta(seconds=10),
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
)
"""Waits after the first, second, ... failed delivery; after the last one it is given up."""
LEASE = dt.timedelta(seconds=60)
"""How long a sender holds a row it is posting (longer than the request's timeout)."""
SEND_TIMEOUT = 5.0
DISCOVERY = {
    "frontchannel_logout_supported": True,
    "frontchannel_logout_session_supported": True,
    "backchannel_logout_supported": True,
    "backchannel_logout_session_supported": True,
}
"""What the discovery document says of logout (both profiles; docs/idp.md)."""
BATCH = 50


@dataclasses.dataclass(frozen=True)
class Delivery:
    """A back-channel logout as the outbox keeps it."""

    id: int
    client_id: str
    uri: str
    attempts: int
    delivered: bool
    given_up: bool
    last_error: str | None


class Logouts:
    """Makes logout tokens and front-channel URLs, and runs the back-channel outbox."""

    def __init__(
        self,
        settings: IdpSettings,
        database: Database,
        clock: Clock,
        clients: ClientRegistry,
        keys: KeyRing,
        http: httpx.Client | None = None,
    ) -> None:
        self.settings, self.database, self.clock = settings, database, clock
        self.clients, self.keys = clients, keys
        self.http = http or httpx.Client(timeout=SEND_TIMEOUT, follow_redirects=False)

    # -- the token ---------------------------------------------------------------------------

    def logout_token(self, client: Client, holder: str, sid: str) -> str:
        alg = client.id_token_signed_response_alg
        key = self.keys.signing_key(alg)
        now = int(self.clock.now().timestamp())
        claims = {
            "iss": self.settings.issuer,
            "aud": client.client_id,
            "iat": now,
            "exp": now + int(LOGOUT_TOKEN_LIFETIME.total_seconds()),
            "jti": secrets.token_urlsafe(18),
            "sub": subject_of(self.settings, client, holder),
            "sid": sid,
            "events": {BACKCHANNEL_EVENT: {}},
        }
        header = {"alg": alg, "kid": str(key.kid), "typ": LOGOUT_TOKEN_TYPE}
        return jwt.encode(header, claims, key, [alg])

    # -- what ending a session sends ---------------------------------------------------------

    def announce(self, ended: Ended, client_ids: tuple[str, ...] | None = None) -> list[str]:
        """Queue a back-channel logout for each RP of `ended` (or only `client_ids`) that
        registered one; the front-channel URLs of those that registered one."""
        frames: list[str] = []
        now = self.clock.now()
        rows = []
        for client_id in ended.client_ids if client_ids is None else client_ids:
            client = self.clients.get(client_id)
            if client is None:
                continue
            metadata = client.client_metadata
            if metadata.get("backchannel_logout_uri"):
                rows.append(
                    LogoutDeliveryRow(
                        client_id=client_id,
                        uri=metadata["backchannel_logout_uri"],
                        holder=ended.holder,
                        sid=ended.sid,
                        attempts=0,
                        next_at=now,
                        created_at=now,
                    )
                )
            if metadata.get("frontchannel_logout_uri"):
                frames.append(self.frontchannel_uri(client, ended.sid))
        if rows:
            with self.database.transaction() as session:
                session.add_all(rows)
        return frames

    def frontchannel_uri(self, client: Client, sid: str) -> str:
        uri = str(client.client_metadata["frontchannel_logout_uri"])
        if client.client_metadata.get("frontchannel_logout_session_required"):
            return str(add_params_to_uri(uri, {"iss": self.settings.issuer, "sid": sid}))
        return uri

    # -- the outbox --------------------------------------------------------------------------

    def deliver_due(self) -> int:
        """Post every logout token that is due (claimed one by one, so workers never post the
        same row twice at once); how many were delivered."""
        now = self.clock.now()
        with self.database.transaction() as session:
            due = list(
                session.execute(
                    select(LogoutDeliveryRow.id, LogoutDeliveryRow.next_at)
                    .where(LogoutDeliveryRow.next_at.is_not(None), LogoutDeliveryRow.next_at <= now)
                    .order_by(LogoutDeliveryRow.next_at)
                    .limit(BATCH)
                )
            )
        delivered = 0
        for row_id, next_at in due:
            claimed = self._claim(row_id, next_at, now)
            if claimed is not None:
                delivered += self._send(claimed)
        return delivered

    def _claim(self, row_id: int, next_at: dt.datetime | None, now: dt.datetime) -> Any:
        with self.database.transaction() as session:
            won = session.execute(
                update(LogoutDeliveryRow)
                .where(LogoutDeliveryRow.id == row_id, LogoutDeliveryRow.next_at == next_at)
                .values(next_at=now + LEASE)
            ).rowcount  # type: ignore[attr-defined]
            if won != 1:
                return None
            row = session.get(LogoutDeliveryRow, row_id)
            assert row is not None
            return (row.id, row.client_id, row.uri, row.holder, row.sid, row.attempts)

    def _send(self, claimed: tuple[int, str, str, str, str, int]) -> int:
        row_id, client_id, uri, holder, sid, attempts = claimed
        client = self.clients.get(client_id)
        error: str | None = None
        try:
            if client is None:
                raise LookupError("the RP is no longer registered")
            token = self.logout_token(client, holder, sid)
            reply = self.http.post(uri, data={"logout_token": token})
            if not 200 <= reply.status_code < 300:
                error = f"HTTP {reply.status_code}"
        except (httpx.HTTPError, LookupError) as failure:
            error = f"{type(failure).__name__}: {failure}"[:200]
        now = self.clock.now()
        values: dict[str, Any] = {"attempts": attempts + 1, "last_error": error}
        if error is None:
            values |= {"next_at": None, "delivered_at": now}
        elif attempts < len(RETRY_DELAYS):
            values["next_at"] = now + RETRY_DELAYS[attempts]
        else:
            values["next_at"] = None  # given up; kept with its last error
        with self.database.transaction() as session:
            session.execute(
                update(LogoutDeliveryRow).where(LogoutDeliveryRow.id == row_id).values(**values)
            )
        return 1 if error is None else 0

    def deliveries(self, client_id: str | None = None) -> list[Delivery]:
        """The outbox (newest last), for the operator and the tests."""
        with self.database.transaction() as session:
            query = select(LogoutDeliveryRow).order_by(LogoutDeliveryRow.id)
            if client_id is not None:
                query = query.where(LogoutDeliveryRow.client_id == client_id)
            rows = session.scalars(query).all()
            return [
                Delivery(
                    row.id,
                    row.client_id,
                    row.uri,
                    row.attempts,
                    row.delivered_at is not None,
                    row.delivered_at is None and row.next_at is None,
                    row.last_error,
                )
                for row in rows
            ]

    def close(self) -> None:
        self.http.close()


__all__ = [
    "BACKCHANNEL_EVENT",
    "DISCOVERY",
    "LOGOUT_TOKEN_TYPE",
    "RETRY_DELAYS",
    "Delivery",
    "Logouts",
]
