"""What the authority hands out: frozen views of its rows, never the rows themselves."""

from __future__ import annotations

import dataclasses
import datetime as dt

from cryptography import x509

from jpki.authority.store.models import CardRow, CertificateRow, ResidentRow, RevocationRow
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause, RevocationReason


@dataclasses.dataclass(frozen=True)
class ResidentView:
    """A resident of the register (住民) with their current 4 information."""

    id: str
    my_number: str
    four_info: FourInfo
    status: str
    """`resident`, `dead` or `emigrated`."""

    @classmethod
    def of(cls, row: ResidentRow) -> ResidentView:
        return cls(row.id, row.my_number, four_info_of(row), row.status)


def four_info_of(row: ResidentRow) -> FourInfo:
    return FourInfo(
        name=row.name,
        address=row.address,
        birth_date=row.birth_date,
        sex=Sex(row.sex),
        name_flags=row.name_flags,
        address_flags=row.address_flags,
    )


@dataclasses.dataclass(frozen=True)
class CardView:
    """A card's state: applied -> issued (locked) -> active; or destroyed, returned, lost."""

    id: str
    resident_id: str
    status: str
    terminal_code: str
    expires_on: dt.date | None
    medium: Medium = Medium.CARD
    """`card`, or `phone` for a phone's secure element (スマホ用電子証明書)."""
    source_card_id: str | None = None
    """For a phone: the card it was issued from."""

    @classmethod
    def of(cls, row: CardRow) -> CardView:
        return cls(
            row.id,
            row.resident_id,
            row.status,
            row.terminal_code,
            row.expires_on,
            Medium(row.medium or Medium.CARD),
            row.source_card_id,
        )


@dataclasses.dataclass(frozen=True)
class RevocationView:
    """When and why a certificate was revoked."""

    revoked_at: dt.datetime
    reason: RevocationReason
    cause: RevocationCause
    changed_fields: frozenset[str]

    @classmethod
    def of(cls, row: RevocationRow) -> RevocationView:
        fields = frozenset(f for f in row.changed_fields.split(",") if f)
        return cls(row.revoked_at, RevocationReason(row.reason), RevocationCause(row.cause), fields)


@dataclasses.dataclass(frozen=True)
class CertificateView:
    """An issued certificate and its revocation, if any."""

    serial: int
    purpose: CertificatePurpose
    card_id: str
    resident_id: str
    subject_id: str
    generation_id: int
    shard: int
    not_before: dt.datetime
    not_after: dt.datetime
    der: bytes
    revocation: RevocationView | None

    @property
    def certificate(self) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.der)

    @classmethod
    def of(cls, row: CertificateRow, revocation: RevocationRow | None) -> CertificateView:
        return cls(
            serial=row.serial,
            purpose=CertificatePurpose(row.purpose),
            card_id=row.card_id,
            resident_id=row.resident_id,
            subject_id=row.subject_id,
            generation_id=row.generation_id,
            shard=row.shard,
            not_before=row.not_before,
            not_after=row.not_after,
            der=row.der,
            revocation=RevocationView.of(revocation) if revocation else None,
        )


__all__ = ["CardView", "CertificateView", "ResidentView", "RevocationView", "four_info_of"]
