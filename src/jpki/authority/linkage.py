"""Linkage information (紐付け情報) and the latest 4 information with consent.

- 証明書紐付け情報: the signing and authentication certificates of the same card. For a given
  certificate, the linked one is the other-purpose certificate of the same card whose
  lifetime overlaps this one's, the newest if several do (after a move the card gets a new
  signing certificate, and the authentication certificate links to it).
- 証明書新旧紐付け情報: an old certificate and the one that replaced it (renewal, or a new
  signing certificate after a change of the 4 information).
- Since 2023-05-16 J-LIS also gives the latest 4 information of a holder whose signing
  certificate was revoked for a change, if the holder consented with a signature.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.authority.errors import InvalidRequest, NotAuthorized
from jpki.authority.revocation import get_certificate
from jpki.authority.store.models import CertificateRow, ConsentRow, RevocationRow
from jpki.profile.consent import consent_message
from jpki.profile.extensions import CertificateLinkage
from jpki.profile.purpose import CertificatePurpose

_FOREVER = dt.datetime.max.replace(tzinfo=dt.UTC)


def _lifetimes(
    session: Session, card_id: str
) -> list[tuple[CertificateRow, dt.datetime, dt.datetime]]:
    rows = session.execute(
        select(CertificateRow, RevocationRow.revoked_at)
        .outerjoin(RevocationRow, RevocationRow.serial == CertificateRow.serial)
        .where(CertificateRow.card_id == card_id)
    )
    return [(c, c.not_before, min(c.not_after, revoked or _FOREVER)) for c, revoked in rows]


def linkage_of(session: Session, serial: int) -> CertificateLinkage | None:
    """The other-purpose certificate and successor of `serial`, or None if it has no partner."""
    certificate = get_certificate(session, serial)
    lifetimes = _lifetimes(session, certificate.card_id)
    own = next(lt for lt in lifetimes if lt[0].serial == serial)
    partners = [
        lt
        for lt in lifetimes
        if lt[0].purpose != certificate.purpose and lt[1] <= own[2] and own[1] <= lt[2]
    ]
    successor = session.scalar(
        select(CertificateRow.serial).where(CertificateRow.predecessor_serial == serial)
    )
    if not partners:
        return None
    partner = max(partners, key=lambda lt: (lt[1], lt[2]))[0]
    return CertificateLinkage(partner.serial, successor)


def record_consent(
    session: Session, verifier_id: int, serial: int, signature: bytes, now: dt.datetime
) -> ConsentRow:
    """Store a holder's consent, signed with the key of their signing certificate `serial`."""
    certificate = get_certificate(session, serial)
    if certificate.purpose != CertificatePurpose.SIGN.value:
        raise InvalidRequest("consent must be signed with a signing certificate (署名用)")
    public_key = x509.load_der_x509_certificate(certificate.der).public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise InvalidRequest("signing certificate without an RSA key")
    try:
        public_key.verify(
            signature, consent_message(verifier_id, serial), padding.PKCS1v15(), hashes.SHA256()
        )
    except InvalidSignature:
        raise InvalidRequest("the consent signature does not verify") from None
    existing = session.scalar(
        select(ConsentRow).where(
            ConsentRow.verifier_id == verifier_id,
            ConsentRow.resident_id == certificate.resident_id,
        )
    )
    if existing is not None:
        existing.serial, existing.signature, existing.created_at = serial, signature, now
        return existing
    row = ConsentRow(
        verifier_id=verifier_id,
        resident_id=certificate.resident_id,
        serial=serial,
        signature=signature,
        created_at=now,
    )
    session.add(row)
    session.flush()
    return row


def has_consent(session: Session, verifier_id: int, resident_id: str) -> bool:
    return (
        session.scalar(
            select(ConsentRow.id).where(
                ConsentRow.verifier_id == verifier_id, ConsentRow.resident_id == resident_id
            )
        )
        is not None
    )


def require_consent(session: Session, verifier_id: int, certificate: CertificateRow) -> None:
    if not has_consent(session, verifier_id, certificate.resident_id):
        raise NotAuthorized(
            "the holder has not consented to give this verifier their 4 information"
        )


__all__ = ["has_consent", "linkage_of", "record_consent", "require_consent"]
