"""Japanese addresses split the way the signing certificate's subject needs them.

The subject carries `L=<prefecture>, L=<city>` (JPKI.md §3), so the register keeps full
addresses and this module finds the prefecture (都道府県) and the municipality (市区町村).
"""

from __future__ import annotations

import dataclasses
import re

from jpki.profile.errors import ProfileError

PREFECTURES: tuple[str, ...] = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip

# A designated city's ward (e.g. 横浜市中区) belongs to the city; a county (郡) precedes a town.
_MUNICIPALITY = re.compile(r"^(.+?郡.+?[町村]|.+?市.+?区|.+?[市区町村])")


@dataclasses.dataclass(frozen=True)
class Address:
    """An address as prefecture, municipality and the rest (町名・番地)."""

    prefecture: str
    municipality: str
    rest: str

    @property
    def full(self) -> str:
        return f"{self.prefecture}{self.municipality}{self.rest}"


def split_address(text: str) -> Address:
    """Split a full Japanese address; raises ProfileError if no prefecture or city is found."""
    text = text.strip()
    prefecture = next((p for p in PREFECTURES if text.startswith(p)), None)
    if prefecture is None:
        raise ProfileError(f"address must start with a prefecture (都道府県): {text!r}")
    remainder = text[len(prefecture) :]
    match = _MUNICIPALITY.match(remainder)
    if match is None:
        raise ProfileError(f"address has no municipality (市区町村): {text!r}")
    municipality = match.group(1)
    return Address(prefecture, municipality, remainder[len(municipality) :])


__all__ = ["PREFECTURES", "Address", "split_address"]
