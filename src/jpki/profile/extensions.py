"""The seeds' proposed extensions (seed 002 STEP 1 and 2, OCSP linkage), encoded with asn1crypto.

All three are non-critical, under our private arc (`oids.PRIVATE_ARC`), so a relying party
that does not know them (openssl, a real JPKI client) ignores them:

    RevocationDetail ::= SEQUENCE {           -- CRL entry and OCSP single extension
        cause          ENUMERATED { destroyedBeforeDelivery(0), keyCompromise(1),
                           fourInfoChanged(2), death(3), emigration(4), renewal(5),
                           voluntary(6), cardReturned(7), cardLost(8),
                           phoneLost(9), phoneRetired(10) },
        changedFields  BIT STRING { name(0), address(1), birthDate(2), sex(3) } OPTIONAL }

    CertificateLinkage ::= SEQUENCE {         -- OCSP single extension, accredited verifiers
        otherPurposeSerial  INTEGER,           -- 証明書紐付け情報
        successorSerial     [0] IMPLICIT INTEGER OPTIONAL }  -- 証明書新旧紐付け情報

    LatestFourInfo ::= SEQUENCE {             -- OCSP single extension, consented verifiers
        name UTF8String, address UTF8String, birthDate UTF8String, sex UTF8String }
"""

from __future__ import annotations

import dataclasses
from typing import Any

from asn1crypto import core

from jpki.profile import era
from jpki.profile.errors import ProfileError
from jpki.profile.four_info import FourInfo, Sex
from jpki.profile.reasons import FOUR_INFO_FIELDS, RevocationCause

_CAUSE_CODES: tuple[RevocationCause, ...] = (
    RevocationCause.DESTROYED_BEFORE_DELIVERY,
    RevocationCause.KEY_COMPROMISE,
    RevocationCause.FOUR_INFO_CHANGED,
    RevocationCause.DEATH,
    RevocationCause.EMIGRATION,
    RevocationCause.RENEWAL,
    RevocationCause.VOLUNTARY,
    RevocationCause.CARD_RETURNED,
    RevocationCause.CARD_LOST,
    RevocationCause.PHONE_LOST,
    RevocationCause.PHONE_RETIRED,
)


class _Cause(core.Enumerated):
    _map = {index: cause.value for index, cause in enumerate(_CAUSE_CODES)}


class _ChangedFields(core.BitString):
    _map = dict(enumerate(FOUR_INFO_FIELDS))


class _RevocationDetail(core.Sequence):
    _fields = [("cause", _Cause), ("changed_fields", _ChangedFields, {"optional": True})]


class _CertificateLinkage(core.Sequence):
    _fields = [
        ("other_purpose_serial", core.Integer),
        ("successor_serial", core.Integer, {"implicit": 0, "optional": True}),
    ]


class _LatestFourInfo(core.Sequence):
    _fields = [
        ("name", core.UTF8String),
        ("address", core.UTF8String),
        ("birth_date", core.UTF8String),
        ("sex", core.UTF8String),
    ]


@dataclasses.dataclass(frozen=True)
class RevocationDetail:
    """Why a certificate was revoked, beyond its reason code (STEP 1)."""

    cause: RevocationCause
    changed_fields: frozenset[str] = frozenset()


@dataclasses.dataclass(frozen=True)
class CertificateLinkage:
    """The serial of the same card's other certificate, and of the renewal successor if any."""

    other_purpose_serial: int
    successor_serial: int | None = None


def _load(spec: type[core.Sequence], der: bytes, what: str) -> dict[str, Any]:
    try:
        parsed = spec.load(der, strict=True)
        native = parsed.native
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise ProfileError(f"malformed {what} extension: {exc}") from exc
    return dict(native)


def encode_revocation_detail(detail: RevocationDetail) -> bytes:
    value: dict[str, object] = {"cause": detail.cause.value}
    if detail.changed_fields:
        unknown = detail.changed_fields - set(FOUR_INFO_FIELDS)
        if unknown:
            raise ProfileError(f"not fields of the 4 information: {sorted(unknown)}")
        value["changed_fields"] = set(detail.changed_fields)
    return _RevocationDetail(value).dump()


def decode_revocation_detail(der: bytes) -> RevocationDetail:
    native = _load(_RevocationDetail, der, "revocation detail")
    changed = native.get("changed_fields") or set()
    return RevocationDetail(RevocationCause(native["cause"]), frozenset(changed))


def encode_linkage(linkage: CertificateLinkage) -> bytes:
    value: dict[str, object] = {"other_purpose_serial": linkage.other_purpose_serial}
    if linkage.successor_serial is not None:
        value["successor_serial"] = linkage.successor_serial
    return _CertificateLinkage(value).dump()


def decode_linkage(der: bytes) -> CertificateLinkage:
    native = _load(_CertificateLinkage, der, "certificate linkage")
    return CertificateLinkage(native["other_purpose_serial"], native.get("successor_serial"))


def encode_latest_four_info(info: FourInfo) -> bytes:
    return _LatestFourInfo(
        {
            "name": info.name,
            "address": info.address,
            "birth_date": era.encode_birth_date(info.birth_date),
            "sex": info.sex.value,
        }
    ).dump()


def decode_latest_four_info(der: bytes) -> FourInfo:
    native = _load(_LatestFourInfo, der, "latest 4 information")
    try:
        return FourInfo(
            name=native["name"],
            address=native["address"],
            birth_date=era.decode_birth_date(native["birth_date"]),
            sex=Sex(native["sex"]),
        )
    except ValueError as exc:
        raise ProfileError(f"malformed latest 4 information: {exc}") from exc


__all__ = [
    "CertificateLinkage",
    "RevocationDetail",
    "decode_latest_four_info",
    "decode_linkage",
    "decode_revocation_detail",
    "encode_latest_four_info",
    "encode_linkage",
    "encode_revocation_detail",
]
