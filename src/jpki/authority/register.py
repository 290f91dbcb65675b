"""The resident register (住民基本台帳) that the authority listens to.

Residents are registered with their basic 4 information and receive a My Number (個人番号)
with a valid check digit, unique and never reused: rows are never deleted, a dead or
emigrated resident only changes status. An emigrant who keeps the card (国外継続利用, since
2024-05-27) stays on as `overseas`: the register then stands for their 戸籍の附票, whose address
is the emigrant marker (`jpki.profile.overseas`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from jpki.authority.errors import InvalidRequest, NotFound
from jpki.authority.store.models import ResidentRow
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import FourInfo, substitute_flags
from jpki.profile.localities import subject_localities
from jpki.profile.numbers import complete_my_number
from jpki.profile.overseas import OVERSEAS_ADDRESS, overseas_localities

RESIDENT = "resident"
DEAD = "dead"
EMIGRATED = "emigrated"
OVERSEAS = "overseas"
"""Emigrated with continued use of the card (国外転出者, on the 戸籍の附票)."""
CARD_HOLDING = frozenset({RESIDENT, OVERSEAS})
"""The statuses whose holder may renew or re-issue certificates on their card."""


def _new_my_number(session: Session) -> str:
    while True:
        candidate = complete_my_number(f"{secrets.randbelow(10**11):011d}")
        if candidate[0] != "0":
            taken = session.scalar(select(ResidentRow.id).where(ResidentRow.my_number == candidate))
            if taken is None:
                return candidate


def new_resident_id() -> str:
    return "R" + secrets.token_hex(5).upper()


def register_resident(
    session: Session, info: FourInfo, now: dt.datetime, resident_id: str | None = None
) -> ResidentRow:
    """Enter a person into the register and assign their My Number."""
    try:
        subject_localities(info.address)
    except ProfileError as exc:
        raise InvalidRequest(str(exc)) from exc
    resident_id = resident_id or new_resident_id()
    if session.get(ResidentRow, resident_id) is not None:
        raise InvalidRequest(f"resident {resident_id} already exists")
    row = ResidentRow(
        id=resident_id,
        my_number=_new_my_number(session),
        name=info.name,
        name_flags=info.name_flags,
        address=info.address,
        address_flags=info.address_flags,
        birth_date=info.birth_date,
        sex=info.sex.value,
        status=RESIDENT,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    return row


def get_resident(session: Session, resident_id: str, *, for_update: bool = False) -> ResidentRow:
    statement = select(ResidentRow).where(ResidentRow.id == resident_id)
    if for_update:
        statement = statement.with_for_update()
    row = session.scalar(statement)
    if row is None:
        raise NotFound(f"no resident {resident_id}")
    return row


def require_resident(row: ResidentRow) -> None:
    if row.status != RESIDENT:
        raise InvalidRequest(f"resident {row.id} is {row.status}, no longer in the register")


@dataclasses.dataclass(frozen=True)
class FourInfoChange:
    """A change of the registered 4 information (転居, 氏名変更, 職権修正)."""

    name: str | None = None
    address: str | None = None
    birth_date: dt.date | None = None
    sex: str | None = None


def change_four_info(row: ResidentRow, change: FourInfoChange, now: dt.datetime) -> frozenset[str]:
    """Apply a change; returns which fields actually changed."""
    require_resident(row)
    changed: set[str] = set()
    if change.address is not None and change.address != row.address:
        try:
            subject_localities(change.address)
        except ProfileError as exc:
            raise InvalidRequest(str(exc)) from exc
        row.address, row.address_flags = change.address, substitute_flags(change.address)
        changed.add("address")
    if change.name is not None and change.name != row.name:
        if not change.name.strip():
            raise InvalidRequest("a name must not be empty")
        row.name, row.name_flags = change.name, substitute_flags(change.name)
        changed.add("name")
    if change.birth_date is not None and change.birth_date != row.birth_date:
        row.birth_date = change.birth_date
        changed.add("birth_date")
    if change.sex is not None and change.sex != row.sex:
        if change.sex not in ("1", "2", "9"):
            raise InvalidRequest("sex must be 1, 2 or 9")
        row.sex = change.sex
        changed.add("sex")
    if changed:
        row.updated_at = now
    return frozenset(changed)


def require_card_holder(row: ResidentRow) -> None:
    """A resident, or an emigrant who kept the card: renewal and re-issuance go on abroad (at an
    embassy or consulate, through the 附票管理市町村)."""
    if row.status not in CARD_HOLDING:
        raise InvalidRequest(f"resident {row.id} is {row.status}, no longer in the register")


def continue_overseas(row: ResidentRow, domicile: str, now: dt.datetime) -> frozenset[str]:
    """国外転出 with continued use: the record moves to the 戸籍の附票 kept by `domicile`, its
    address becomes the emigrant marker; returns the changed 4-information fields."""
    require_resident(row)
    try:
        overseas_localities(domicile)
    except ProfileError as exc:
        raise InvalidRequest(f"the 附票管理市町村 (domicile): {exc}") from exc
    row.status, row.domicile = OVERSEAS, domicile
    row.address, row.address_flags = OVERSEAS_ADDRESS, substitute_flags(OVERSEAS_ADDRESS)
    row.updated_at = now
    return frozenset({"address"})


def remove_from_register(row: ResidentRow, status: str, now: dt.datetime) -> None:
    """Death (死亡) or emigration (国外転出): the row stays, its status changes."""
    require_resident(row)
    row.status = status
    row.updated_at = now


__all__ = [
    "CARD_HOLDING",
    "DEAD",
    "EMIGRATED",
    "OVERSEAS",
    "RESIDENT",
    "FourInfoChange",
    "change_four_info",
    "continue_overseas",
    "get_resident",
    "new_resident_id",
    "register_resident",
    "remove_from_register",
    "require_card_holder",
    "require_resident",
]
