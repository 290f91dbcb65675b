"""Card issuance as seed 003 describes it (カード発行の手順).

1. The resident applies at the municipality (申請): a card record in state `applied`.
2. The card is personalised at the factory (パーソナル化); the card generates its key pairs
   and hands over the public keys; the CA certifies them. Nobody else ever sees a private
   key. The card is then locked (ロック) and sent to the municipality: state `issued`.
3. At the counter, after a face-to-face identity check, the card is unlocked and the PINs
   are set (交付): state `active`.
A card destroyed before delivery has its certificates revoked with reason unspecified(0).
Renewal certifies fresh keys and revokes the old certificates as superseded.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding
from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.authority import register
from jpki.authority.ca import CertificateAuthorities, EndEntityRequest
from jpki.authority.errors import InvalidRequest, NotFound
from jpki.authority.revocation import live_certificates, revoke_all
from jpki.authority.store.models import CardRow, CertificateRow, ResidentRow
from jpki.authority.views import four_info_of
from jpki.clock import JST
from jpki.profile.errors import ProfileError
from jpki.profile.identifiers import SubjectId
from jpki.profile.localities import subject_localities
from jpki.profile.overseas import overseas_localities
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause
from jpki.profile.validity import card_expiry, certificate_not_after, may_hold_signing_certificate

APPLIED, ISSUED, ACTIVE = "applied", "issued", "active"
DESTROYED, RETURNED, LOST = "destroyed", "returned", "lost"


def require_rsa_2048(key: object, purpose: CertificatePurpose) -> rsa.RSAPublicKey:
    """The card's keys are RSA-2048 with e = 65537; anything else is refused."""
    if not isinstance(key, rsa.RSAPublicKey):
        raise InvalidRequest(f"the {purpose} key must be an RSA public key")
    numbers = key.public_numbers()
    if key.key_size != 2048 or numbers.e != 65537:
        raise InvalidRequest(f"the {purpose} key must be RSA-2048 with e = 65537")
    return key


@dataclasses.dataclass(frozen=True)
class IssuanceRequest:
    """Public keys a card generated: auth always, sign when the holder may have one."""

    auth_public_key: rsa.RSAPublicKey
    sign_public_key: rsa.RSAPublicKey | None


class CardIssuance:
    """Applications, issuance, activation, renewal and re-issuance of a card's certificates."""

    def __init__(self, authorities: CertificateAuthorities, shard_size: int) -> None:
        self._authorities = authorities
        self._shard_size = shard_size

    @staticmethod
    def get_card(session: Session, card_id: str) -> CardRow:
        card = session.scalar(select(CardRow).where(CardRow.id == card_id).with_for_update())
        if card is None:
            raise NotFound(f"no card {card_id}")
        return card

    @staticmethod
    def apply(
        session: Session, resident: ResidentRow, terminal_code: str, now: dt.datetime
    ) -> CardRow:
        """A resident applies for a card (交付申請)."""
        register.require_resident(resident)
        card = CardRow(
            id="C" + secrets.token_hex(5).upper(),
            resident_id=resident.id,
            status=APPLIED,
            terminal_code=terminal_code,
            applied_at=now,
        )
        session.add(card)
        session.flush()
        return card

    @staticmethod
    def request_for(
        card: CardRow,
        resident: ResidentRow,
        purpose: CertificatePurpose,
        public_key: rsa.RSAPublicKey,
        now: dt.datetime,
        unique_part: str | None = None,
    ) -> EndEntityRequest:
        """What the CA must certify for one key of this card (JPKI.md §3)."""
        subject_id = (
            SubjectId(unique_part, card.terminal_code)
            if unique_part
            else SubjectId.new(card.terminal_code)
        )
        localities = None
        if purpose is CertificatePurpose.SIGN:
            try:
                localities = (
                    overseas_localities(resident.domicile)
                    if resident.status == register.OVERSEAS and resident.domicile
                    else subject_localities(resident.address)
                )
            except ProfileError as exc:
                raise InvalidRequest(str(exc)) from exc
        return EndEntityRequest(
            purpose=purpose,
            public_key=require_rsa_2048(public_key, purpose),
            subject_id=str(subject_id),
            not_after=certificate_not_after(resident.birth_date, now),
            four_info=four_info_of(resident) if purpose is CertificatePurpose.SIGN else None,
            localities=localities,
        )

    def certify_all(
        self,
        session: Session,
        work: list[tuple[CardRow, EndEntityRequest, int | None]],
    ) -> list[CertificateRow]:
        """Sign every (card, request, predecessor), reserving issuance slots once per purpose."""
        rows: list[CertificateRow] = []
        for purpose in CertificatePurpose:
            mine = [item for item in work if item[1].purpose is purpose]
            if not mine:
                continue
            generation, index = self._authorities.reserve(session, purpose, len(mine))
            for offset, (card, request, predecessor) in enumerate(mine):
                certificate, shard = self._authorities.sign(
                    generation, request, index + offset, self._shard_size
                )
                rows.append(
                    CertificateRow(
                        serial=certificate.serial_number,
                        purpose=purpose.value,
                        generation_id=generation.id,
                        card_id=card.id,
                        resident_id=card.resident_id,
                        subject_id=request.subject_id,
                        shard=shard,
                        not_before=certificate.not_valid_before_utc,
                        not_after=certificate.not_valid_after_utc,
                        der=certificate.public_bytes(Encoding.DER),
                        predecessor_serial=predecessor,
                    )
                )
        session.add_all(rows)
        session.flush()
        return rows

    def _may_sign(self, resident: ResidentRow, now: dt.datetime) -> bool:
        return may_hold_signing_certificate(resident.birth_date, now.astimezone(JST).date())

    def issue_batch(
        self,
        session: Session,
        batch: list[tuple[CardRow, IssuanceRequest]],
        now: dt.datetime,
    ) -> list[CertificateRow]:
        """Personalise a batch of cards at the factory (工場でのパーソナル化) in one go."""
        work: list[tuple[CardRow, EndEntityRequest, int | None]] = []
        today = now.astimezone(JST).date()
        for card, keys in batch:
            if card.status != APPLIED:
                raise InvalidRequest(f"card {card.id} is {card.status}, not applied")
            resident = register.get_resident(session, card.resident_id)
            register.require_resident(resident)
            work.append(
                (
                    card,
                    self.request_for(
                        card, resident, CertificatePurpose.AUTH, keys.auth_public_key, now
                    ),
                    None,
                )
            )
            if keys.sign_public_key is not None:
                if not self._may_sign(resident, now):
                    raise InvalidRequest("no signing certificate under age 15 (15歳未満)")
                work.append(
                    (
                        card,
                        self.request_for(
                            card, resident, CertificatePurpose.SIGN, keys.sign_public_key, now
                        ),
                        None,
                    )
                )
            card.status = ISSUED
            card.issued_at = now
            card.expires_on = card_expiry(resident.birth_date, today)
        return self.certify_all(session, work)

    @staticmethod
    def activate(card: CardRow, now: dt.datetime) -> None:
        """Hand the card over at the counter (交付): unlock, PINs set by the holder."""
        if card.status != ISSUED:
            raise InvalidRequest(f"card {card.id} is {card.status}, not issued (locked)")
        card.status = ACTIVE
        card.activated_at = now

    @staticmethod
    def destroy_undelivered(session: Session, card: CardRow, now: dt.datetime) -> list[int]:
        """A card never handed over is destroyed (廃棄); its certificates: unspecified(0)."""
        if card.status not in (APPLIED, ISSUED):
            raise InvalidRequest(f"card {card.id} was already delivered ({card.status})")
        card.status = DESTROYED
        return revoke_all(
            session,
            live_certificates(session, now, card_id=card.id),
            RevocationCause.DESTROYED_BEFORE_DELIVERY,
            now,
        )

    def renew(
        self,
        session: Session,
        card: CardRow,
        keys: IssuanceRequest,
        now: dt.datetime,
        purposes: tuple[CertificatePurpose, ...] = tuple(CertificatePurpose),
        unique_part: str | None = None,
    ) -> tuple[list[CertificateRow], list[int]]:
        """Certify fresh keys for `purposes`; old ones are revoked as superseded (更新).

        Returns (new certificates, revoked serials). `unique_part` writes a MyKey ID.
        """
        if card.status != ACTIVE:
            raise InvalidRequest(f"card {card.id} is {card.status}, not active")
        resident = register.get_resident(session, card.resident_id)
        register.require_card_holder(resident)
        issued: list[CertificateRow] = []
        revoked: list[int] = []
        for purpose in purposes:
            key = (
                keys.auth_public_key if purpose is CertificatePurpose.AUTH else keys.sign_public_key
            )
            if key is None:
                continue
            if purpose is CertificatePurpose.SIGN and not self._may_sign(resident, now):
                raise InvalidRequest("no signing certificate under age 15 (15歳未満)")
            old = live_certificates(session, now, card_id=card.id, purpose=purpose)
            predecessor = old[0].serial if old else None
            request = self.request_for(card, resident, purpose, key, now, unique_part)
            issued += self.certify_all(session, [(card, request, predecessor)])
            revoked += revoke_all(session, old, RevocationCause.RENEWAL, now)
        return issued, revoked

    def reissue_signing(
        self, session: Session, card: CardRow, sign_public_key: rsa.RSAPublicKey, now: dt.datetime
    ) -> CertificateRow:
        """A new signing certificate after a 4-information change (the old one is revoked)."""
        if card.status != ACTIVE:
            raise InvalidRequest(f"card {card.id} is {card.status}, not active")
        resident = register.get_resident(session, card.resident_id)
        register.require_card_holder(resident)
        if not self._may_sign(resident, now):
            raise InvalidRequest("no signing certificate under age 15 (15歳未満)")
        if live_certificates(session, now, card_id=card.id, purpose=CertificatePurpose.SIGN):
            raise InvalidRequest("the card still holds a valid signing certificate")
        previous = session.scalar(
            select(CertificateRow.serial)
            .where(
                CertificateRow.card_id == card.id,
                CertificateRow.purpose == CertificatePurpose.SIGN.value,
            )
            .order_by(CertificateRow.not_before.desc())
            .limit(1)
        )
        request = self.request_for(card, resident, CertificatePurpose.SIGN, sign_public_key, now)
        return self.certify_all(session, [(card, request, previous)])[0]


__all__ = [
    "ACTIVE",
    "APPLIED",
    "DESTROYED",
    "ISSUED",
    "LOST",
    "RETURNED",
    "CardIssuance",
    "IssuanceRequest",
    "require_rsa_2048",
]
