"""The IdP's disclosure records (開示記録): what each relying party received about a holder.

An authorization code is the moment an RP is given the holder (its pairwise `sub`) and the
claims the holder consented to; a finished signing request is the moment it is given the
signing certificate (which carries the 4 information). Both are recorded in the transaction
that stores them. Records are keyed by the IdP's own key for the holder (the platform's stable
user ID of the IdP tenant); a holder asking with their authentication certificate is turned
into that key by the platform's ID conversion (ID変換), so only their own records answer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.idp.clients import Client, ClientRegistry
from jpki.idp.store.database import Database
from jpki.idp.store.models import DisclosureRow, SignRequestRow
from jpki.protocol.disclosures import (
    FOUR_INFO_ITEMS,
    Disclosure,
    Kind,
    Party,
    VerifiedHolder,
    stored_items,
)

CLAIM_ITEMS = {"name": "name", "address": "address", "birthdate": "birth-date", "gender": "sex"}
"""OpenID Connect claims as disclosure items."""

HolderKey = Callable[[int], str | None]
"""The IdP's key for the holder of an authentication certificate serial (ID変換 at the
platform), or None when the platform never identified them for the IdP."""


def items_of_claims(claims: dict[str, Any]) -> list[str]:
    return ["sub"] + [CLAIM_ITEMS.get(claim, claim) for claim in claims]


class IdpDisclosures:
    """Records and answers the IdP's disclosures."""

    party = Party.IDP

    def __init__(
        self, database: Database, clock: Clock, clients: ClientRegistry, holder_key: HolderKey
    ) -> None:
        self.database, self.clock, self.clients = database, clock, clients
        self.holder_key = holder_key

    def recipient_of(self, client_id: str) -> str:
        """The RP's name as holders see it (read before the recording transaction)."""
        client = self.clients.get(client_id)
        return client.name if client is not None else client_id

    def note(
        self,
        session: Session,
        holder: str,
        client_id: str,
        recipient: str,
        kind: Kind,
        items: Iterable[str],
        *,
        purpose: str = "",
        consent: str | None = None,
    ) -> None:
        """Record a disclosure in `session`'s transaction."""
        session.add(
            DisclosureRow(
                holder=holder, client_id=client_id, recipient=recipient, kind=kind.value,
                items=stored_items(items), purpose=purpose, consent=consent, at=self.clock.now(),
            )
        )  # fmt: skip

    def login(
        self, session: Session, holder: str, client: Client, scope: str, claims: dict[str, Any]
    ) -> None:
        """A login answered to an RP: its pairwise `sub` and the consented claims."""
        self.note(
            session, holder, client.client_id, client.name, Kind.CLAIMS if claims else Kind.LOGIN,
            items_of_claims(claims), purpose="login", consent=f"scope: {scope}",
        )  # fmt: skip

    def certificate(self, session: Session, request: SignRequestRow, recipient: str) -> None:
        """A signature the holder made for an RP: with the signing certificate it carries when
        the request released it (`sign_certificate`), else only the IdP's verdict and the
        holder's pairwise ID at that RP."""
        kind, items = (
            (Kind.CERTIFICATE, ("certificate", *FOUR_INFO_ITEMS))
            if request.certificate_released
            else (Kind.SIGNATURE, ("verdict", "sub"))
        )
        self.note(
            session, request.holder, request.client_id, recipient, kind, items,
            purpose=request.document_name, consent=request.id,
        )  # fmt: skip

    def disclosures_of(self, holder: VerifiedHolder) -> list[Disclosure]:
        key = self.holder_key(holder.serial)
        if key is None:
            return []
        with self.database.transaction() as session:
            rows = session.scalars(
                select(DisclosureRow)
                .where(DisclosureRow.holder == key)
                .order_by(DisclosureRow.id.desc())
            ).all()
        return [
            Disclosure.stored(
                party=Party.IDP,
                recipient=row.recipient,
                recipient_id=row.client_id,
                kind=row.kind,
                items=row.items,
                at=row.at,
                purpose=row.purpose,
                consent=row.consent,
            )
            for row in rows
        ]


__all__ = ["CLAIM_ITEMS", "HolderKey", "IdpDisclosures", "items_of_claims"]
