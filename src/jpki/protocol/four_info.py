"""The basic 4 information (基本4情報: name, address, birth date, sex) as every protocol's JSON
carries it: one codec for the platform's verdicts and registrations, the authority's latest
4 information, and the IdP's claims.

`{"name": ..., "address": ..., "birth_date": "YYYY-MM-DD" or null, "sex": "1" | "2" | "9"}`.
The substitute-character flags (代替文字フラグ) do not travel: the receiving side computes them
from the text again, as `FourInfo` does when they are left empty.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Self

from pydantic import BaseModel, ConfigDict, Field

from jpki.profile.four_info import FourInfo, Sex


class FourInfoJson(BaseModel):
    """The 4 information of one holder, as JSON."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(
        description="Name in kanji (氏名), family and given name separated by U+3000",
        examples=["山田　太郎"],
    )
    address: str = Field(
        description="Address as registered (住所)", examples=["東京都千代田区霞が関２丁目１番２号"]
    )
    birth_date: dt.date | None = Field(
        description="Birth date (生年月日); null where the register records it as unknown (不詳)"
    )
    sex: Sex = Field(description="Sex code (性別): 1 male, 2 female, 9 not applicable")

    @classmethod
    def of(cls, info: FourInfo) -> Self:
        return cls(name=info.name, address=info.address, birth_date=info.birth_date, sex=info.sex)

    @classmethod
    def of_optional(cls, info: FourInfo | None) -> Self | None:
        """`of(info)`, or None for no 4 information (an authentication certificate's)."""
        return None if info is None else cls.of(info)

    def to_four_info(self) -> FourInfo:
        """The profile's `FourInfo` (flags computed from the text); `MalformedFourInfo` for an
        empty name or address."""
        return FourInfo(self.name, self.address, self.birth_date, self.sex)


class FourInfoItem(enum.StrEnum):
    """One of the 4 information, as a holder consents to release it item by item."""

    NAME = "name"
    ADDRESS = "address"
    BIRTH_DATE = "birth_date"
    SEX = "sex"

    @property
    def label(self) -> dict[str, str]:
        """The item's name for the holder, in English and Japanese."""
        return ITEM_LABELS[self]


ITEM_LABELS = {
    FourInfoItem.NAME: {"en": "name", "ja": "氏名"},
    FourInfoItem.ADDRESS: {"en": "address", "ja": "住所"},
    FourInfoItem.BIRTH_DATE: {"en": "date of birth", "ja": "生年月日"},
    FourInfoItem.SEX: {"en": "sex", "ja": "性別"},
}


class ReleasedFourInfo(BaseModel):
    """The items of the 4 information a holder consented to release: an item not consented
    is absent from the JSON (a birth date the register does not know is `null`)."""

    model_config = ConfigDict(frozen=True)

    name: str | None = Field(default=None, description="氏名, when consented")
    address: str | None = Field(default=None, description="住所, when consented")
    birth_date: dt.date | None = Field(
        default=None, description="生年月日, when consented (null: 不詳)"
    )
    sex: Sex | None = Field(default=None, description="性別, when consented")

    @classmethod
    def of(cls, info: FourInfo, items: Iterable[FourInfoItem]) -> Self:
        """Only `items` of `info` (the others stay unset, off the wire)."""
        whole = FourInfoJson.of(info)
        return cls.model_validate({item.value: getattr(whole, item.value) for item in items})

    @property
    def items(self) -> frozenset[FourInfoItem]:
        """The items released."""
        return frozenset(FourInfoItem(name) for name in self.model_fields_set)

    def to_four_info(self) -> FourInfo:
        """All four items as the profile's `FourInfo`; `ValueError` when one was not released."""
        missing = set(FourInfoItem) - self.items
        if missing:
            raise ValueError(f"not released: {', '.join(sorted(missing))}")
        assert self.name is not None
        assert self.address is not None
        assert self.sex is not None
        return FourInfo(self.name, self.address, self.birth_date, self.sex)


__all__ = ["ITEM_LABELS", "FourInfoItem", "FourInfoJson", "ReleasedFourInfo"]
