"""Driving-licence data on the card (マイナ免許証, 免許情報記録個人番号カード, since 2025-03-24).

What is public (docs/apps/licence.md has the sources): a prefectural public safety commission
(公安委員会) writes the "specified licence information" (特定免許情報) into the free area of the
holder's My Number card at a licensing centre or police station: the licence number, the date of
the licence and the last day of its validity, the kinds of licence (免許の種類), the conditions
(免許の条件, e.g. glasses, AT only) and a face photo; name and birth date come from the card's
own applications. It is read with the National Police Agency's reading app (マイナ免許証読み取り
アプリ) and a password the holder types. The chip layout, the password's kind and the way a
reader checks the data are not public.

What is modelled (unconfirmed, decided here): one record TLV (`LicenceRecord`, tags below) in
the licence applet's EF 0001 and the commission's ECDSA P-256 signature (DER) over it in EF
0002; the record carries the card binding (SHA-256 of the card's JPKI authentication
certificate, jpki.profile.free_area) so a record copied to another card fails; the applet's
own 4-digit PIN, chosen by the holder at the licensing centre, opens both files. No photo (the
card face's photo is the holder's already).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import re

from jpki.profile.errors import ProfileError
from jpki.profile.free_area import decode_tlvs, encode_tlv, tlv_fields

LICENCE_AID = bytes.fromhex("D392F000260300000D01")
"""The licence applet's AID (ours; the real one is not public)."""
RECORD_FILE, SIGNATURE_FILE = 0x0001, 0x0002

TAG_NUMBER, TAG_LICENSED_ON, TAG_EXPIRES_ON = 0x80, 0x81, 0x82
TAG_CATEGORIES, TAG_CONDITIONS, TAG_AUTHORITY, TAG_BINDING = 0x83, 0x84, 0x85, 0x86
TAG_CONDITION = 0x0C
LICENCE_NUMBER = re.compile(r"[0-9]{12}")


class Category(enum.StrEnum):
    """The kinds of licence (免許の種類, 道路交通法 84条), by the abbreviations on a licence."""

    LARGE = "大型"
    MEDIUM = "中型"
    SEMI_MEDIUM = "準中型"
    ORDINARY = "普通"
    LARGE_SPECIAL = "大特"
    LARGE_MOTORCYCLE = "大自二"
    ORDINARY_MOTORCYCLE = "普自二"
    SMALL_SPECIAL = "小特"
    MOPED = "原付"
    TOWING = "け引"
    LARGE_SECOND = "大二"
    MEDIUM_SECOND = "中二"
    ORDINARY_SECOND = "普二"
    LARGE_SPECIAL_SECOND = "大特二"
    TOWING_SECOND = "け引二"


CATEGORY_CODES = {category: index + 1 for index, category in enumerate(Category)}
"""One byte per kind on the card (ours)."""
CATEGORIES_BY_CODE = {code: category for category, code in CATEGORY_CODES.items()}
CATEGORY_NAMES_EN = {
    Category.LARGE: "large vehicle",
    Category.MEDIUM: "medium vehicle",
    Category.SEMI_MEDIUM: "semi-medium vehicle",
    Category.ORDINARY: "ordinary vehicle",
    Category.LARGE_SPECIAL: "large special vehicle",
    Category.LARGE_MOTORCYCLE: "large motorcycle",
    Category.ORDINARY_MOTORCYCLE: "ordinary motorcycle",
    Category.SMALL_SPECIAL: "small special vehicle",
    Category.MOPED: "moped",
    Category.TOWING: "towing",
    Category.LARGE_SECOND: "large vehicle, passenger",
    Category.MEDIUM_SECOND: "medium vehicle, passenger",
    Category.ORDINARY_SECOND: "ordinary vehicle, passenger",
    Category.LARGE_SPECIAL_SECOND: "large special vehicle, passenger",
    Category.TOWING_SECOND: "towing, passenger",
}


def _date(value: bytes) -> dt.date:
    try:
        return dt.datetime.strptime(value.decode("ascii"), "%Y%m%d").date()
    except (UnicodeDecodeError, ValueError):
        raise ProfileError("a date is YYYYMMDD") from None


def _text(value: bytes, what: str, limit: int) -> str:
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        raise ProfileError(f"the {what} is not UTF-8") from None
    if not 0 < len(text) <= limit or not text.isprintable():
        raise ProfileError(f"the {what} has 1 to {limit} printable characters")
    return text


@dataclasses.dataclass(frozen=True)
class LicenceRecord:
    """The specified licence information (特定免許情報) as the card holds it."""

    number: str
    licensed_on: dt.date
    expires_on: dt.date
    categories: tuple[Category, ...]
    conditions: tuple[str, ...]
    authority: str
    """The public safety commission that wrote it (e.g. 東京都公安委員会)."""
    binding: bytes

    def __post_init__(self) -> None:
        if not LICENCE_NUMBER.fullmatch(self.number):
            raise ProfileError("a licence number has 12 digits")
        if self.expires_on <= self.licensed_on:
            raise ProfileError("a licence expires after it was granted")
        if not self.categories or len(set(self.categories)) != len(self.categories):
            raise ProfileError("a licence has one or more kinds, each once")
        if len(self.conditions) > 8:
            raise ProfileError("at most 8 conditions")
        for condition in self.conditions:
            _text(condition.encode(), "condition", 40)
        _text(self.authority.encode(), "authority", 40)
        if len(self.binding) != 32:
            raise ProfileError("a card binding is a SHA-256 digest")

    def encode(self) -> bytes:
        return b"".join(
            (
                encode_tlv(TAG_NUMBER, self.number.encode()),
                encode_tlv(TAG_LICENSED_ON, self.licensed_on.strftime("%Y%m%d").encode()),
                encode_tlv(TAG_EXPIRES_ON, self.expires_on.strftime("%Y%m%d").encode()),
                encode_tlv(TAG_CATEGORIES, bytes(CATEGORY_CODES[c] for c in self.categories)),
                encode_tlv(
                    TAG_CONDITIONS,
                    b"".join(encode_tlv(TAG_CONDITION, c.encode()) for c in self.conditions),
                ),
                encode_tlv(TAG_AUTHORITY, self.authority.encode()),
                encode_tlv(TAG_BINDING, self.binding),
            )
        )

    @classmethod
    def decode(cls, data: bytes) -> LicenceRecord:
        """The record in EF 0001; a `ProfileError` for anything else."""
        tags = (TAG_NUMBER, TAG_LICENSED_ON, TAG_EXPIRES_ON, TAG_CATEGORIES, TAG_CONDITIONS)
        fields = tlv_fields(data, (*tags, TAG_AUTHORITY, TAG_BINDING))
        try:
            categories = tuple(CATEGORIES_BY_CODE[code] for code in fields[TAG_CATEGORIES])
        except KeyError:
            raise ProfileError("an unknown kind of licence") from None
        conditions = []
        for tag, value in decode_tlvs(fields[TAG_CONDITIONS]):
            if tag != TAG_CONDITION:
                raise ProfileError("the conditions hold only conditions")
            conditions.append(_text(value, "condition", 40))
        number = fields[TAG_NUMBER].decode("ascii", "replace")
        return cls(
            number,
            _date(fields[TAG_LICENSED_ON]),
            _date(fields[TAG_EXPIRES_ON]),
            categories,
            tuple(conditions),
            _text(fields[TAG_AUTHORITY], "authority", 40),
            fields[TAG_BINDING],
        )


__all__ = [
    "CATEGORY_NAMES_EN",
    "LICENCE_AID",
    "RECORD_FILE",
    "SIGNATURE_FILE",
    "Category",
    "LicenceRecord",
]
