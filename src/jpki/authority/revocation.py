"""Revoking certificates: one durable row per revocation, with its JPKI reason and cause.

A revocation is written in the caller's transaction; the caller acknowledges it only after
the commit, so an acknowledged revocation is on disk (SQLite synchronous=FULL, or
PostgreSQL's WAL) before anyone hears of it, and every CRL signed later contains it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.authority.errors import NotFound
from jpki.authority.store.models import CertificateRow, RevocationRow
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause


def revocation_of(session: Session, serial: int) -> RevocationRow | None:
    return session.scalar(select(RevocationRow).where(RevocationRow.serial == serial))


def revoke(
    session: Session,
    certificate: CertificateRow,
    cause: RevocationCause,
    now: dt.datetime,
    changed_fields: frozenset[str] = frozenset(),
) -> RevocationRow | None:
    """Revoke one certificate; returns None if it was already revoked (idempotent)."""
    if revocation_of(session, certificate.serial) is not None:
        return None
    row = RevocationRow(
        serial=certificate.serial,
        generation_id=certificate.generation_id,
        shard=certificate.shard,
        reason=int(cause.reason),
        cause=cause.value,
        changed_fields=",".join(sorted(changed_fields)),
        revoked_at=now.replace(microsecond=0),
        not_after=certificate.not_after,
    )
    session.add(row)
    session.flush()
    return row


def live_certificates(
    session: Session,
    now: dt.datetime,
    *,
    card_id: str | None = None,
    resident_id: str | None = None,
    purpose: CertificatePurpose | None = None,
) -> list[CertificateRow]:
    """Unrevoked, unexpired certificates of a card or a resident, newest first."""
    statement = (
        select(CertificateRow)
        .outerjoin(RevocationRow, RevocationRow.serial == CertificateRow.serial)
        .where(RevocationRow.id.is_(None), CertificateRow.not_after > now)
        .order_by(CertificateRow.not_before.desc())
    )
    if card_id is not None:
        statement = statement.where(CertificateRow.card_id == card_id)
    if resident_id is not None:
        statement = statement.where(CertificateRow.resident_id == resident_id)
    if purpose is not None:
        statement = statement.where(CertificateRow.purpose == purpose.value)
    return list(session.scalars(statement))


def followers(session: Session, serial: int, now: dt.datetime) -> list[CertificateRow]:
    """Live phone certificates issued on the strength of card certificate `serial`.

    A phone's certificate (スマホ用電子証明書) follows the card's certificate of the same purpose
    it was issued from: when that one is revoked, for whatever cause, so is the phone's, with
    the same cause (modelled; the real rule is not public in detail, docs/phone.md).
    """
    return list(
        session.scalars(
            select(CertificateRow)
            .outerjoin(RevocationRow, RevocationRow.serial == CertificateRow.serial)
            .where(
                CertificateRow.source_serial == serial,
                RevocationRow.id.is_(None),
                CertificateRow.not_after > now,
            )
        )
    )


def revoke_all(
    session: Session,
    certificates: list[CertificateRow],
    cause: RevocationCause,
    now: dt.datetime,
    changed_fields: frozenset[str] = frozenset(),
) -> list[int]:
    """Revoke several certificates with one cause, and the phone certificates that follow
    them (`followers`); returns the serials newly revoked. Every revocation goes through here."""
    revoked: list[int] = []
    for certificate in certificates:
        if revoke(session, certificate, cause, now, changed_fields) is not None:
            revoked.append(certificate.serial)
        for follower in followers(session, certificate.serial, now):
            if revoke(session, follower, cause, now, changed_fields) is not None:
                revoked.append(follower.serial)
    return revoked


def get_certificate(session: Session, serial: int) -> CertificateRow:
    row = session.get(CertificateRow, serial)
    if row is None:
        raise NotFound(f"no certificate with serial {serial}")
    return row


__all__ = [
    "followers",
    "get_certificate",
    "live_certificates",
    "revocation_of",
    "revoke",
    "revoke_all",
]
