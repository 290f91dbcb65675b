"""Certificate status as the OCSP responder needs it, read from the authority's database."""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.authority.ca import MAX_SERIAL
from jpki.authority.linkage import has_consent, linkage_of
from jpki.authority.store.models import CertificateRow, ResidentRow, RevocationRow
from jpki.authority.views import four_info_of
from jpki.profile.extensions import CertificateLinkage
from jpki.profile.four_info import FourInfo
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause, RevocationReason


@dataclasses.dataclass(frozen=True)
class CertificateStatus:
    """Everything a response about one serial may say."""

    serial: int
    purpose: CertificatePurpose
    generation_id: int
    revoked_at: dt.datetime | None
    reason: RevocationReason | None
    cause: RevocationCause | None
    changed_fields: frozenset[str]
    linkage: CertificateLinkage | None
    latest_four_info: FourInfo | None
    """Only filled for a consented verifier."""


def load_status(
    session: Session, serial: int, generation_id: int, verifier_id: int | None
) -> CertificateStatus | None:
    """The status of `serial` under one CA generation, or None if that CA never issued it.

    A serial outside the stored 63-bit range (an OCSP request may name any INTEGER) was never
    issued, so it is None ("unknown") without a query the database could not bind.
    """
    if not 0 <= serial <= MAX_SERIAL:
        return None
    row = session.execute(
        select(CertificateRow, RevocationRow)
        .outerjoin(RevocationRow, RevocationRow.serial == CertificateRow.serial)
        .where(CertificateRow.serial == serial, CertificateRow.generation_id == generation_id)
    ).first()
    if row is None:
        return None
    certificate, revocation = row
    latest = None
    purpose = CertificatePurpose(certificate.purpose)
    if (
        verifier_id is not None
        and purpose is CertificatePurpose.SIGN
        and has_consent(session, verifier_id, certificate.resident_id)
    ):
        resident = session.get(ResidentRow, certificate.resident_id)
        latest = four_info_of(resident) if resident is not None else None
    return CertificateStatus(
        serial=serial,
        purpose=purpose,
        generation_id=generation_id,
        revoked_at=revocation.revoked_at if revocation else None,
        reason=RevocationReason(revocation.reason) if revocation else None,
        cause=RevocationCause(revocation.cause) if revocation else None,
        changed_fields=frozenset(
            f for f in (revocation.changed_fields if revocation else "").split(",") if f
        ),
        linkage=linkage_of(session, serial),
        latest_four_info=latest,
    )


__all__ = ["CertificateStatus", "load_status"]
