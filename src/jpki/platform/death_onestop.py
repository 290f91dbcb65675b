"""死亡・相続ワンストップ (death one-stop, seed 001's roadmap) at the platform.

A registrar service (the one-stop desk) links a holder by their signed registration, then
records which businesses the holder chose (`register`). The businesses are tenants that receive
change notifications (`participants`). When the scheduled change confirmation (変更確認) finds
the holder dead, each chosen business's notification for its own customer of the same person
carries `death_onestop` (the business starts its procedure); the registrar's carries
`death_onestop_notified`, the businesses notified. A business the holder did not choose gets
the plain notification, as before: the revocation and nothing more.

The platform joins the registrar's customer and the businesses' customers by its person (the
chain of the holder's certificates), so no party learns another's customer references or user
IDs, and the registrar never learns whether the holder is a customer of a business it names (a
business without a link to the person is simply not notified, and not named to the registrar).
The platform trusts the registrar's word for the choice: the registrar keeps the holder's signed
registration, and the choice is in the evidence chain under the registration's receipt.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.platform.errors import InvalidRequest, NotFound
from jpki.platform.store.models import (
    CustomerRow,
    DeathOnestopRow,
    LinkRow,
    TenantRow,
)
from jpki.platform.tenants import Tenant
from jpki.protocol.death_onestop import (
    DeathOnestopNotice,
    DeathOnestopRegistered,
    OnestopParticipant,
)


def participants(session: Session, caller: Tenant) -> list[OnestopParticipant]:
    """The businesses that receive change notifications, the caller left out."""
    rows = session.scalars(
        select(TenantRow)
        .where(TenantRow.webhook_url.is_not(None), TenantRow.id != caller.id)
        .order_by(TenantRow.id)
    )
    return [OnestopParticipant(tenant=row.id, name=row.name) for row in rows]


def _person_of(session: Session, tenant_id: str, reference: str) -> int | None:
    return session.scalar(
        select(LinkRow.person_id)
        .join(CustomerRow, CustomerRow.id == LinkRow.customer_id)
        .where(
            CustomerRow.tenant_id == tenant_id,
            CustomerRow.reference == reference,
            LinkRow.unlinked_at.is_(None),
        )
        .limit(1)
    )


def register(
    session: Session, registrar: Tenant, reference: str, notify: list[str], now: dt.datetime
) -> DeathOnestopRegistered:
    """Record (or replace, or with no businesses end) the choice for the registrar's linked
    customer `reference`."""
    person = _person_of(session, registrar.id, reference)
    if person is None:
        raise NotFound(f"no linked customer {reference!r}")
    chosen = list(dict.fromkeys(notify))
    known = {p.tenant: p for p in participants(session, registrar)}
    unknown = [tenant for tenant in chosen if tenant not in known]
    if unknown:
        raise InvalidRequest(f"not a business taking part: {', '.join(unknown)}")
    row = session.get(DeathOnestopRow, (person, registrar.id))
    if not chosen:
        if row is not None:
            session.delete(row)
        return DeathOnestopRegistered(reference=reference, notify=[], registered_at=None)
    if row is None:
        row = DeathOnestopRow(person_id=person, registrar_id=registrar.id)
        session.add(row)
    row.reference, row.targets, row.registered_at = reference, "\n".join(chosen), now
    return DeathOnestopRegistered(
        reference=reference, notify=[known[t] for t in chosen], registered_at=now
    )


def notice_for(session: Session, tenant: Tenant, person: int) -> DeathOnestopNotice | None:
    """What a business's death notification carries when the person chose it."""
    for row in session.scalars(select(DeathOnestopRow).where(DeathOnestopRow.person_id == person)):
        if tenant.id in row.targets.split("\n"):
            registrar = session.get(TenantRow, row.registrar_id)
            name = registrar.name if registrar is not None else row.registrar_id
            return DeathOnestopNotice(registrar=name, registered_at=row.registered_at)
    return None


def notified_by(session: Session, registrar: Tenant, person: int) -> list[OnestopParticipant]:
    """The chosen businesses the registrar's customer's death is notified to: those with a
    webhook and a customer linked to the same person."""
    row = session.get(DeathOnestopRow, (person, registrar.id))
    if row is None:
        return []
    chosen = row.targets.split("\n")
    linked = set(
        session.scalars(
            select(CustomerRow.tenant_id)
            .join(LinkRow, LinkRow.customer_id == CustomerRow.id)
            .where(
                LinkRow.person_id == person,
                LinkRow.unlinked_at.is_(None),
                CustomerRow.tenant_id.in_(chosen),
            )
        )
    )
    return [
        p for p in participants(session, registrar) if p.tenant in linked and p.tenant in chosen
    ]


def person_of_customer(session: Session, customer_id: int) -> int | None:
    """The person a customer is (actively) linked to."""
    return session.scalar(
        select(LinkRow.person_id)
        .where(LinkRow.customer_id == customer_id, LinkRow.unlinked_at.is_(None))
        .limit(1)
    )


__all__ = ["notice_for", "notified_by", "participants", "person_of_customer", "register"]
