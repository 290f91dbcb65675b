"""Issuing JPKI certificates to a phone from the card (スマホ用電子証明書), and the phone's rules.

The holder's own act, online (JPKI.md §7): the holder's app reads the card's signing certificate
and has the card sign the request with the signing password; the phone's secure element
generates two key pairs; J-LIS checks the card and issues the phone a signing and an
authentication certificate carrying the card's 4 information. A phone is a row of `cards` with
medium `phone` and the card it came from; its certificates are ordinary certificates of the two
CAs, marked with the phone policy (jpki.profile.medium), each recording the card certificate it
follows (`source_serial`).

The modelled rules (the real ones are not public in detail), all kept here:
- `PHONES_PER_HOLDER`: one phone at a time; a second needs the first stopped.
- A phone certificate ends no later than the card certificate of the same purpose it was issued
  from (`not_after`), and is revoked with it, with the same cause (revocation.followers): card
  lost, returned, renewed or revoked, the phone follows. A life event reaches the phone as it
  reaches the card (move and name change: signing; death: both), since events revoke every live
  certificate of the resident.
- A replacement phone's certificates are the old phone's successors (新旧紐付け).

A request is checked in two transactions: the first verifies the card's signature and spends the
nonce (so even a refused request cannot be replayed), the second issues both certificates or
nothing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.authority import register
from jpki.authority.errors import InvalidRequest
from jpki.authority.issuance import ACTIVE, CardIssuance, require_rsa_2048
from jpki.authority.revocation import live_certificates, revocation_of
from jpki.authority.store.models import CardRow, CertificateRow, PhoneRequestRow
from jpki.clock import JST
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.validity import may_hold_signing_certificate
from jpki.protocol.phone import REQUEST_LIFETIME, PhoneIssuanceRequest, PhoneRefusal

PHONES_PER_HOLDER = 1
"""How many phones may hold a holder's certificates at once (modelled: the reference does not
say otherwise, and the Android and iPhone apps each ask to stop the old phone first)."""


class PhoneRefused(InvalidRequest):
    """J-LIS refused a phone issuance; `code` is the protocol's reason. Nothing was issued."""

    def __init__(self, code: PhoneRefusal, detail: str | None = None) -> None:
        super().__init__(code.message + (f" ({detail})" if detail else ""))
        self.code = code


@dataclasses.dataclass(frozen=True)
class CheckedRequest:
    """A request whose signature verified and whose nonce is spent: the card certificate row."""

    request: PhoneIssuanceRequest
    card_serial: int


def spend(session: Session, request: PhoneIssuanceRequest, now: dt.datetime) -> CheckedRequest:
    """First transaction: the card certificate is J-LIS's, its key signed, the nonce is new."""
    try:
        presented = x509.load_der_x509_certificate(request.card_certificate)
    except ValueError:
        raise PhoneRefused(PhoneRefusal.NOT_A_CARD, "not a certificate") from None
    row = session.get(CertificateRow, presented.serial_number)
    if row is None or row.der != request.card_certificate:
        raise PhoneRefused(PhoneRefusal.NOT_A_CARD)
    card = session.get(CardRow, row.card_id)
    if row.purpose != CertificatePurpose.SIGN.value or card is None or card.medium != Medium.CARD:
        raise PhoneRefused(PhoneRefusal.NOT_A_CARD)
    key = presented.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise PhoneRefused(PhoneRefusal.NOT_A_CARD)
    try:
        key.verify(request.signature, request.signed_bytes(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        raise PhoneRefused(PhoneRefusal.BAD_SIGNATURE) from None
    if session.get(PhoneRequestRow, request.nonce) is not None:
        raise PhoneRefused(PhoneRefusal.REPLAYED)
    session.add(PhoneRequestRow(nonce=request.nonce, card_serial=row.serial, at=now))
    session.flush()
    return CheckedRequest(request, row.serial)


def _phone_key(der: bytes, purpose: CertificatePurpose) -> rsa.RSAPublicKey:
    try:
        key = serialization.load_der_public_key(der)
    except ValueError:
        raise PhoneRefused(PhoneRefusal.MALFORMED, f"the {purpose} key is not DER") from None
    try:
        return require_rsa_2048(key, purpose)
    except InvalidRequest as exc:
        raise PhoneRefused(PhoneRefusal.MALFORMED, str(exc)) from None


def live_phones(session: Session, resident_id: str) -> list[CardRow]:
    """The resident's phones in use (active)."""
    return list(
        session.scalars(
            select(CardRow).where(
                CardRow.resident_id == resident_id,
                CardRow.medium == Medium.PHONE.value,
                CardRow.status == ACTIVE,
            )
        )
    )


def _previous_phone_certificate(
    session: Session, resident_id: str, purpose: CertificatePurpose
) -> int | None:
    """The newest certificate of `purpose` on any earlier phone of the resident (新旧紐付け)."""
    return session.scalar(
        select(CertificateRow.serial)
        .join(CardRow, CardRow.id == CertificateRow.card_id)
        .where(
            CertificateRow.resident_id == resident_id,
            CertificateRow.purpose == purpose.value,
            CardRow.medium == Medium.PHONE.value,
        )
        .order_by(CertificateRow.not_before.desc(), CertificateRow.serial.desc())
        .limit(1)
    )


def issue(
    session: Session, issuance: CardIssuance, checked: CheckedRequest, now: dt.datetime
) -> tuple[CardRow, list[CertificateRow]]:
    """Second transaction: check the card and the holder, then issue both certificates."""
    request = checked.request
    if not now - REQUEST_LIFETIME <= request.requested_at <= now + dt.timedelta(minutes=1):
        raise PhoneRefused(PhoneRefusal.STALE)
    card_certificate = session.get(CertificateRow, checked.card_serial)
    assert card_certificate is not None  # spent in the first transaction
    if revocation_of(session, card_certificate.serial) is not None:
        raise PhoneRefused(PhoneRefusal.CARD_REVOKED)
    if card_certificate.not_after <= now:
        raise PhoneRefused(PhoneRefusal.CARD_EXPIRED)
    card = CardIssuance.get_card(session, card_certificate.card_id)
    if card.resident_id != request.resident_id:
        raise PhoneRefused(PhoneRefusal.NOT_THE_HOLDERS_CARD)
    if card.status != ACTIVE:
        raise PhoneRefused(PhoneRefusal.CARD_REVOKED, f"the card is {card.status}")
    resident = register.get_resident(session, card.resident_id, for_update=True)
    try:
        register.require_resident(resident)
    except InvalidRequest as exc:
        raise PhoneRefused(PhoneRefusal.NOT_ALLOWED, str(exc)) from None
    if not may_hold_signing_certificate(resident.birth_date, now.astimezone(JST).date()):
        raise PhoneRefused(PhoneRefusal.NOT_ALLOWED, "no signing certificate under age 15")
    in_use = [
        p
        for p in live_phones(session, resident.id)
        if live_certificates(session, now, card_id=p.id)
    ]  # a phone whose certificates all fell with the card's holds nothing: it does not count
    if len(in_use) >= PHONES_PER_HOLDER:
        raise PhoneRefused(PhoneRefusal.PHONE_EXISTS)
    sources = {
        purpose: live_certificates(session, now, card_id=card.id, purpose=purpose)
        for purpose in CertificatePurpose
    }
    if not sources[CertificatePurpose.AUTH]:
        raise PhoneRefused(
            PhoneRefusal.NOT_ALLOWED, "the card has no valid authentication certificate"
        )
    keys = {
        CertificatePurpose.AUTH: _phone_key(request.auth_public_key, CertificatePurpose.AUTH),
        CertificatePurpose.SIGN: _phone_key(request.sign_public_key, CertificatePurpose.SIGN),
    }
    phone = CardRow(
        id="P" + secrets.token_hex(5).upper(),
        resident_id=resident.id,
        status=ACTIVE,
        terminal_code=card.terminal_code,
        applied_at=now,
        issued_at=now,
        activated_at=now,
        expires_on=card.expires_on,
        medium=Medium.PHONE.value,
        source_card_id=card.id,
    )
    session.add(phone)
    session.flush()
    work = []
    for purpose in CertificatePurpose:
        source = sources[purpose][0]
        base = issuance.request_for(phone, resident, purpose, keys[purpose], now)
        request_for_phone = dataclasses.replace(
            base, not_after=min(base.not_after, source.not_after), medium=Medium.PHONE
        )
        predecessor = _previous_phone_certificate(session, resident.id, purpose)
        work.append((phone, request_for_phone, predecessor))
    rows = issuance.certify_all(session, work)
    for row in rows:
        row.source_serial = sources[CertificatePurpose(row.purpose)][0].serial
    session.flush()
    return phone, rows


__all__ = ["PHONES_PER_HOLDER", "CheckedRequest", "PhoneRefused", "issue", "live_phones", "spend"]
