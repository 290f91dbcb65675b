"""Life events (異動) from the resident register, and what they do to certificates.

JPKI.md §4 and seed 002: a move or a name change revokes the signing certificate only
(affiliationChanged), death revokes both (affiliationChanged), emigration and a voluntary
stop give cessationOfOperation, a lost card certificateHold, renewal superseded. A phone's
certificates (スマホ用電子証明書) fall with the resident's (every event revokes all the resident's
live certificates of the purposes it touches) and with the card's (revocation.followers); a lost
phone puts only the phone's on hold (certificateHold), a stopped phone ends them
(cessationOfOperation).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.authority import register
from jpki.authority.errors import InvalidRequest
from jpki.authority.issuance import ACTIVE, LOST, RETURNED
from jpki.authority.revocation import live_certificates, revoke_all
from jpki.authority.store.models import CardRow
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.profile.reasons import RevocationCause


@dataclasses.dataclass(frozen=True)
class Move:
    """転居: a new address."""

    address: str


@dataclasses.dataclass(frozen=True)
class Rename:
    """氏名変更: a new name (marriage, 旧姓併記, ...)."""

    name: str


@dataclasses.dataclass(frozen=True)
class Correct:
    """職権修正: a corrected birth date or sex in the register."""

    birth_date: dt.date | None = None
    sex: str | None = None


@dataclasses.dataclass(frozen=True)
class Die:
    """死亡: removal from the register; both certificates go."""


@dataclasses.dataclass(frozen=True)
class Emigrate:
    """国外転出: removal from the register; both certificates go.

    With `keep_card` (国外継続利用, since 2024-05-27, for a Japanese national whose 戸籍の附票 is
    kept by `domicile`): the card stays, the record moves to the 戸籍の附票 with the emigrant
    marker as address, and only the signing certificate goes, as for a change of address
    (jpki.profile.overseas holds what is unconfirmed); the authentication certificate stays.
    """

    keep_card: bool = False
    domicile: str | None = None
    """The municipality keeping the 戸籍の附票 (附票管理市町村, the 本籍地), e.g. `東京都清瀬市`."""


@dataclasses.dataclass(frozen=True)
class LoseCard:
    """紛失・盗難届: the card is lost or stolen; both certificates go on hold."""


@dataclasses.dataclass(frozen=True)
class ReturnCard:
    """返納: the holder gives the card back."""


@dataclasses.dataclass(frozen=True)
class LosePhone:
    """スマホ紛失: the phone holding スマホ用電子証明書 is lost or stolen; both go on hold.

    The holder reports it from another device or at a counter; the card is unaffected and can
    issue a new phone (authority/phone.py).
    """


@dataclasses.dataclass(frozen=True)
class RetirePhone:
    """スマホ用電子証明書の利用停止: the holder stops the phone's certificates (a new phone, a
    factory reset, no longer needed)."""


@dataclasses.dataclass(frozen=True)
class RevokeVoluntarily:
    """失効申請: the holder asks to stop one or both certificates."""

    purposes: tuple[CertificatePurpose, ...] = tuple(CertificatePurpose)


LifeEvent = (
    Move
    | Rename
    | Correct
    | Die
    | Emigrate
    | LoseCard
    | ReturnCard
    | LosePhone
    | RetirePhone
    | RevokeVoluntarily
)


def apply_life_event(
    session: Session, resident_id: str, event: LifeEvent, now: dt.datetime
) -> list[int]:
    """Apply one event to the register and revoke what it invalidates; returns revoked serials.

    The caller commits; nothing is acknowledged before that.
    """
    resident = register.get_resident(session, resident_id, for_update=True)
    live = live_certificates(session, now, resident_id=resident_id)
    signing = [c for c in live if c.purpose == CertificatePurpose.SIGN.value]
    match event:
        case Move() | Rename() | Correct():
            change = register.FourInfoChange(
                name=getattr(event, "name", None),
                address=getattr(event, "address", None),
                birth_date=getattr(event, "birth_date", None),
                sex=getattr(event, "sex", None),
            )
            changed = register.change_four_info(resident, change, now)
            if not changed:
                raise InvalidRequest("the event changes nothing in the register")
            return revoke_all(session, signing, RevocationCause.FOUR_INFO_CHANGED, now, changed)
        case Die():
            register.remove_from_register(resident, register.DEAD, now)
            return revoke_all(session, live, RevocationCause.DEATH, now)
        case Emigrate(keep_card=True, domicile=domicile):
            if not domicile:
                raise InvalidRequest(
                    "continued use abroad needs the municipality keeping the 戸籍の附票 (--domicile)"
                )
            changed = register.continue_overseas(resident, domicile, now)
            return revoke_all(session, signing, RevocationCause.FOUR_INFO_CHANGED, now, changed)
        case Emigrate():
            register.remove_from_register(resident, register.EMIGRATED, now)
            return revoke_all(session, live, RevocationCause.EMIGRATION, now)
        case LoseCard() | ReturnCard():
            cards = _active_cards(session, resident_id, Medium.CARD)
            if not cards:
                raise InvalidRequest(f"resident {resident_id} has no active card")
            for card in cards:
                card.status = LOST if isinstance(event, LoseCard) else RETURNED
            cause = (
                RevocationCause.CARD_LOST
                if isinstance(event, LoseCard)
                else RevocationCause.CARD_RETURNED
            )
            card_ids = {c.id for c in cards}
            # The phone's certificates follow the card's (revocation.followers).
            return revoke_all(session, [c for c in live if c.card_id in card_ids], cause, now)
        case LosePhone() | RetirePhone():
            phones = _active_cards(session, resident_id, Medium.PHONE)
            if not phones:
                raise InvalidRequest(f"resident {resident_id} has no phone in use")
            for phone in phones:
                phone.status = LOST if isinstance(event, LosePhone) else RETURNED
            cause = (
                RevocationCause.PHONE_LOST
                if isinstance(event, LosePhone)
                else RevocationCause.PHONE_RETIRED
            )
            phone_ids = {p.id for p in phones}
            return revoke_all(session, [c for c in live if c.card_id in phone_ids], cause, now)
        case RevokeVoluntarily(purposes=purposes):
            chosen = [c for c in live if CertificatePurpose(c.purpose) in purposes]
            if not chosen:
                raise InvalidRequest("no valid certificate of that purpose to revoke")
            return revoke_all(session, chosen, RevocationCause.VOLUNTARY, now)
    raise InvalidRequest(f"unknown life event {event!r}")


EVENT_NAMES = (
    "move",
    "rename",
    "correct",
    "die",
    "emigrate",
    "lose-card",
    "return-card",
    "lose-phone",
    "retire-phone",
    "revoke",
)


def life_event(
    name: str,
    *,
    address: str | None = None,
    new_name: str | None = None,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    purposes: tuple[CertificatePurpose, ...] = tuple(CertificatePurpose),
    domicile: str | None = None,
    keep_card: bool = False,
) -> LifeEvent:
    """Build a life event from its name and options, as the CLI and the API receive them."""
    match name:
        case "move":
            if not address:
                raise InvalidRequest("a move needs the new address (--address)")
            return Move(address)
        case "rename":
            if not new_name:
                raise InvalidRequest("a name change needs the new name (--name)")
            return Rename(new_name)
        case "correct":
            return Correct(birth_date, sex)
        case "die":
            return Die()
        case "emigrate":
            return Emigrate(keep_card=keep_card or domicile is not None, domicile=domicile)
        case "lose-card":
            return LoseCard()
        case "return-card":
            return ReturnCard()
        case "lose-phone":
            return LosePhone()
        case "retire-phone":
            return RetirePhone()
        case "revoke":
            return RevokeVoluntarily(purposes)
    raise InvalidRequest(f"unknown life event {name!r}; one of {', '.join(EVENT_NAMES)}")


def _active_cards(session: Session, resident_id: str, medium: Medium) -> list[CardRow]:
    return list(
        session.scalars(
            select(CardRow).where(
                CardRow.resident_id == resident_id,
                CardRow.status == ACTIVE,
                CardRow.medium == medium.value,
            )
        )
    )


__all__ = [
    "EVENT_NAMES",
    "Correct",
    "Die",
    "Emigrate",
    "LifeEvent",
    "LoseCard",
    "LosePhone",
    "Move",
    "Rename",
    "RetirePhone",
    "ReturnCard",
    "RevokeVoluntarily",
    "apply_life_event",
    "life_event",
]
