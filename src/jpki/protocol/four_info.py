"""The basic 4 information (基本4情報: name, address, birth date, sex) as every protocol's JSON
carries it: one codec for the platform's verdicts and registrations, the authority's latest
4 information, and the IdP's claims.

`{"name": ..., "address": ..., "birth_date": "YYYY-MM-DD" or null, "sex": "1" | "2" | "9"}`.
The substitute-character flags (代替文字フラグ) do not travel: the receiving side computes them
from the text again, as `FourInfo` does when they are left empty.
"""

from __future__ import annotations

import datetime as dt
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


__all__ = ["FourInfoJson"]
