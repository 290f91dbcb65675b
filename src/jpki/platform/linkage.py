"""Linkage management (紐付管理, ② in seed 004) and ID conversion (ID変換).

A customer registers with a signed application: the platform verifies the signing
certificate and asks the authority which authentication certificate belongs to the same card,
so later logins with that authentication certificate find the customer. The platform keeps
each card holder as a *person*: a chain of certificates joined by the authority's linkage
information, both purposes, every renewal (seed 002 No.14: when a certificate is superseded,
its successor is found through the old/new linkage and the customer stays linked).

Each tenant sees a person only as a pairwise user ID: HMAC-SHA256 of the tenant and the
person under the platform's secret, so it is stable across renewals and moves and two
tenants' IDs for one person cannot be joined. A tenant gets it only for a holder it linked
itself (a holder another tenant registered stays unknown to it, or the ID would tell that the
holder uses another service), except when it logs holders in for others (an IdP's
audience-bound logins, and every check of a tenant set to `Identifiers.ANY_KNOWN`: ID変換 for
the IdP's RPs needs one stable subject per holder from the first login, before any
registration, and the RPs see only the IdP's own pairwise subjects). A tenant whose setting
is `Identifiers.PER_USE` gets a fresh random reference each time instead.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Sequence
from typing import cast

from sqlalchemy import Table, bindparam, select
from sqlalchemy.orm import Session

from jpki.clock import Clock
from jpki.platform.authority_client import AuthorityClient
from jpki.platform.errors import InvalidRequest, NotFound
from jpki.platform.store.database import Database
from jpki.platform.store.models import CustomerRow, KnownCertificateRow, LinkRow, PersonRow
from jpki.platform.tenants import Identifiers, Tenant
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose

_KNOWN = cast(Table, KnownCertificateRow.__table__)
_CUSTOMERS = cast(Table, CustomerRow.__table__)
_LINKS = cast(Table, LinkRow.__table__)
PERSON_OF = select(_KNOWN.c.person_id).where(_KNOWN.c.serial == bindparam("serial"))
CUSTOMERS_OF_PERSON = (
    select(_CUSTOMERS.c.reference)
    .join(_LINKS, _LINKS.c.customer_id == _CUSTOMERS.c.id)
    .where(
        _LINKS.c.tenant_id == bindparam("tenant"),
        _LINKS.c.person_id == bindparam("person"),
        _LINKS.c.unlinked_at.is_(None),
    )
    .order_by(_CUSTOMERS.c.reference)
)
"""Core statements of every login's linkage lookup, built once."""


def pairwise_id(secret: bytes, tenant_id: str, person_id: int) -> str:
    """A tenant's stable ID for a person: 26 base32 characters of an HMAC."""
    mac = hmac.new(secret, f"{tenant_id}\x00{person_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(mac).decode().lower()[:26]


def user_id_for(secret: bytes, tenant: Tenant, person_id: int) -> str:
    """The ID `tenant` receives for a person: its pairwise ID, or for a per-use tenant a
    random reference of the same shape that joins nothing."""
    if tenant.identifiers is Identifiers.PER_USE:
        return base64.b32encode(secrets.token_bytes(20)).decode().lower()[:26]
    return pairwise_id(secret, tenant.id, person_id)


@dataclasses.dataclass(frozen=True)
class CustomerLink:
    reference: str
    user_id: str


class LinkageManager:
    """Persons, customers and the links between them."""

    def __init__(
        self, database: Database, clock: Clock, authority: AuthorityClient | None, secret: bytes
    ) -> None:
        self.database, self.clock, self.authority, self.secret = database, clock, authority, secret

    def _require_authority(self) -> AuthorityClient:
        if self.authority is None:
            raise InvalidRequest("the platform has no authority to ask for linkage information")
        return self.authority

    def _person_of(self, session: Session, serial: int) -> int | None:
        return session.execute(PERSON_OF, {"serial": serial}).scalar_one_or_none()

    def _know(
        self,
        session: Session,
        serial: int,
        purpose: CertificatePurpose,
        person_id: int,
        partner: int | None = None,
        medium: Medium = Medium.CARD,
    ) -> None:
        row = session.get(KnownCertificateRow, serial)
        if row is None:
            session.add(
                KnownCertificateRow(
                    serial=serial,
                    purpose=purpose.value,
                    person_id=person_id,
                    partner_serial=partner,
                    added_at=self.clock.now(),
                    medium=medium.value,
                )
            )
        elif row.partner_serial is None and partner is not None:
            row.partner_serial = partner

    def partner(self, session: Session, serial: int) -> int | None:
        """The same card's other certificate, as learned from the authority."""
        row = session.get(KnownCertificateRow, serial)
        return row.partner_serial if row is not None else None

    def current_signing(
        self, session: Session, tenant: Tenant, references: Sequence[str]
    ) -> dict[str, tuple[int, int | None]]:
        """Reference -> (newest known signing certificate, its card partner) of linked customers.

        One query for a whole batch (status checks run over thousands of customers at once);
        customers without a linked signing certificate are absent. A card's certificate is
        preferred to a phone's (スマホ用電子証明書): the card is the holder's, the phone follows
        it; a holder known only by a phone is checked by the phone's.
        """
        rows = session.execute(
            select(
                CustomerRow.reference,
                KnownCertificateRow.serial,
                KnownCertificateRow.partner_serial,
                KnownCertificateRow.added_at,
                KnownCertificateRow.medium,
            )
            .join(LinkRow, LinkRow.customer_id == CustomerRow.id)
            .join(KnownCertificateRow, KnownCertificateRow.person_id == LinkRow.person_id)
            .where(
                CustomerRow.tenant_id == tenant.id,
                CustomerRow.reference.in_(references),
                LinkRow.unlinked_at.is_(None),
                KnownCertificateRow.purpose == CertificatePurpose.SIGN.value,
                KnownCertificateRow.successor_serial.is_(None),
            )
        )
        newest: dict[str, tuple[int, int | None, tuple[bool, dt.datetime]]] = {}
        for reference, serial, partner, added_at, medium in rows:
            rank = (medium != Medium.PHONE.value, added_at)
            if reference not in newest or rank > newest[reference][2]:
                newest[reference] = (serial, partner, rank)
        return {reference: (serial, partner) for reference, (serial, partner, _) in newest.items()}

    def learn(self, session: Session, serial: int) -> int:
        """The person holding certificate `serial`, learning its card partner from the authority.

        A certificate met for the first time joins the person of its card partner or, for a
        renewed card met before the CRLs say so, of the certificate it renewed; a phone's
        certificate (スマホ用電子証明書) met first joins the person of the card certificate it was
        issued from (learned too), so card and phone are one person and one user ID.
        """
        known = self._person_of(session, serial)
        if known is not None:
            return known
        linkage = self._require_authority().linkage(serial)
        partner = linkage.other_purpose_serial
        person_id = self._person_of(session, partner) if partner else None
        if person_id is None and linkage.predecessor_serial is not None:
            person_id = self._person_of(session, linkage.predecessor_serial)
            if person_id is not None:
                renewed = session.get(KnownCertificateRow, linkage.predecessor_serial)
                if renewed is not None and renewed.successor_serial is None:
                    renewed.successor_serial = serial
        if person_id is None and linkage.card_serial is not None:
            person_id = self.learn(session, linkage.card_serial)
        if person_id is None:
            person = PersonRow(created_at=self.clock.now())
            session.add(person)
            session.flush()
            person_id = person.id
        medium = linkage.medium
        self._know(session, serial, linkage.purpose, person_id, partner, medium)
        if partner:
            self._know(session, partner, _other(linkage.purpose), person_id, serial, medium)
        return person_id

    def register(
        self, session: Session, tenant: Tenant, reference: str, signing_serial: int
    ) -> CustomerLink:
        """Link the tenant's customer `reference` to the holder of a verified signing certificate."""
        person_id = self.learn(session, signing_serial)
        customer = session.scalar(
            select(CustomerRow).where(
                CustomerRow.tenant_id == tenant.id, CustomerRow.reference == reference
            )
        )
        if customer is None:
            customer = CustomerRow(
                tenant_id=tenant.id, reference=reference, created_at=self.clock.now()
            )
            session.add(customer)
            session.flush()
        active = session.scalar(
            select(LinkRow).where(
                LinkRow.customer_id == customer.id,
                LinkRow.person_id == person_id,
                LinkRow.unlinked_at.is_(None),
            )
        )
        if active is None:
            session.add(
                LinkRow(
                    tenant_id=tenant.id,
                    customer_id=customer.id,
                    person_id=person_id,
                    linked_at=self.clock.now(),
                )
            )
        return CustomerLink(reference, user_id_for(self.secret, tenant, person_id))

    def customers_for(
        self, session: Session, tenant: Tenant, serial: int, *, identify: bool = False
    ) -> tuple[str | None, list[str]]:
        """(user id, the tenant's customer references) of the holder of `serial`.

        (None, []) for a holder the tenant never linked: the platform knowing them from
        another tenant is not the tenant's to learn. With `identify` (an audience-bound login,
        see the module), or for a tenant set to `Identifiers.ANY_KNOWN`, a known holder gets the
        user ID without a customer."""
        person_id = self._person_of(session, serial)
        if person_id is None:
            return None, []
        references = list(
            session.execute(
                CUSTOMERS_OF_PERSON, {"tenant": tenant.id, "person": person_id}
            ).scalars()
        )
        if not references and not identify and tenant.identifiers is not Identifiers.ANY_KNOWN:
            return None, []
        return user_id_for(self.secret, tenant, person_id), references

    def linked_customers(self, session: Session, tenant: Tenant) -> dict[str, int]:
        """Reference -> customer id of every customer of `tenant` with an active link."""
        rows = session.execute(
            select(CustomerRow.reference, CustomerRow.id)
            .join(LinkRow, LinkRow.customer_id == CustomerRow.id)
            .where(CustomerRow.tenant_id == tenant.id, LinkRow.unlinked_at.is_(None))
            .distinct()
        )
        return {reference: customer_id for reference, customer_id in rows}

    def links_of(self, tenant: Tenant, limit: int = 200) -> list[dict[str, object]]:
        """The tenant's customers and links, newest first (for the console)."""
        with self.database.transaction() as session:
            rows = session.execute(
                select(
                    CustomerRow.reference, LinkRow.person_id, LinkRow.linked_at, LinkRow.unlinked_at
                )
                .join(LinkRow, LinkRow.customer_id == CustomerRow.id)
                .where(CustomerRow.tenant_id == tenant.id)
                .order_by(LinkRow.linked_at.desc())
                .limit(limit)
            )
            return [
                {
                    "reference": reference,
                    "user_id": user_id_for(self.secret, tenant, person_id),
                    "linked_at": linked_at,
                    "unlinked_at": unlinked_at,
                }
                for reference, person_id, linked_at, unlinked_at in rows
            ]

    def unlink(self, tenant: Tenant, reference: str) -> int:
        """End every link of a customer; returns how many there were."""
        with self.database.transaction() as session:
            customer = session.scalar(
                select(CustomerRow).where(
                    CustomerRow.tenant_id == tenant.id, CustomerRow.reference == reference
                )
            )
            if customer is None:
                raise NotFound(f"no customer {reference}")
            links = list(
                session.scalars(
                    select(LinkRow).where(
                        LinkRow.customer_id == customer.id, LinkRow.unlinked_at.is_(None)
                    )
                )
            )
            for link in links:
                link.unlinked_at = self.clock.now()
            return len(links)

    def follow(self, superseded: list[int]) -> int:
        """Add the successors of superseded certificates (and their card partners) to their persons."""
        authority = self._require_authority()
        added = 0
        with self.database.transaction() as session:
            for serial in superseded:
                row = session.get(KnownCertificateRow, serial)
                if row is None or row.successor_serial is not None:
                    continue
                linkage = authority.linkage(serial)
                if linkage.successor_serial is None:
                    continue
                row.successor_serial = linkage.successor_serial
                successor = authority.linkage(linkage.successor_serial)
                partner = successor.other_purpose_serial
                medium = successor.medium
                self._know(
                    session, successor.serial, successor.purpose, row.person_id, partner, medium
                )
                if partner:
                    purpose = _other(successor.purpose)
                    self._know(session, partner, purpose, row.person_id, successor.serial, medium)
                added += 1
        return added

    def unfollowed(self) -> list[int]:
        """Known certificates whose successor is not known yet (candidates for `follow`)."""
        with self.database.transaction() as session:
            return list(
                session.scalars(
                    select(KnownCertificateRow.serial).where(
                        KnownCertificateRow.successor_serial.is_(None)
                    )
                )
            )


def _other(purpose: CertificatePurpose) -> CertificatePurpose:
    return (
        CertificatePurpose.AUTH if purpose is CertificatePurpose.SIGN else CertificatePurpose.SIGN
    )


__all__ = ["CustomerLink", "LinkageManager", "pairwise_id", "user_id_for"]
