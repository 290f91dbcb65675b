"""The signing certificate's subject localities as J-LIS writes them: in romaji.

The signing certificate's subject is `C=JP, L=<prefecture>, L=<municipality>, CN=<id>`
(JPKI.md §3). A J-LIS test card's signing certificate names its municipality in romaji,
`L=...Kiyose-shi` (清瀬市), not in kanji (JPKI.md §7, from a public reader's tests run on that
card); the 4 information in subjectAltName keep the address in kanji.

What is confirmed is the municipality's form: Hepburn without macrons, the kind of
municipality as a hyphenated suffix (`-shi` 市, `-ku` 区, `-machi` 町, `-mura` 村). What is
*not* confirmed, and is therefore chosen here and nowhere else (docs/authority.md):

- the prefecture written the same way (`Tokyo-to`, `Kanagawa-ken`, `Osaka-fu`, `Hokkaido`);
- a designated city's ward as the city, a space and the ward (`Yokohama-shi Naka-ku`), and a
  town in a county as the county, a space and the town (`Abuta-gun Kutchan-cho`);
- towns read `-cho` or `-machi` as the town itself reads its name (倶知安町 is Kutchan-cho).

Place names have readings no general converter gets right (倶知安 is Kutchan), so each
romanisation is written out in the tables below, which cover every prefecture, Tokyo's 23
wards and the municipalities the sandbox's residents live in (`jpki.world.population`) or
tests name. The register refuses an address whose municipality is not here (the authority
could not write its certificate); extend the tables to admit more.
"""

from __future__ import annotations

from jpki.profile.address import split_address
from jpki.profile.errors import ProfileError

PREFECTURE_ROMAJI: dict[str, str] = {
    "北海道": "Hokkaido", "青森県": "Aomori-ken", "岩手県": "Iwate-ken", "宮城県": "Miyagi-ken",
    "秋田県": "Akita-ken", "山形県": "Yamagata-ken", "福島県": "Fukushima-ken",
    "茨城県": "Ibaraki-ken", "栃木県": "Tochigi-ken", "群馬県": "Gunma-ken",
    "埼玉県": "Saitama-ken", "千葉県": "Chiba-ken", "東京都": "Tokyo-to",
    "神奈川県": "Kanagawa-ken", "新潟県": "Niigata-ken", "富山県": "Toyama-ken",
    "石川県": "Ishikawa-ken", "福井県": "Fukui-ken", "山梨県": "Yamanashi-ken",
    "長野県": "Nagano-ken", "岐阜県": "Gifu-ken", "静岡県": "Shizuoka-ken", "愛知県": "Aichi-ken",
    "三重県": "Mie-ken", "滋賀県": "Shiga-ken", "京都府": "Kyoto-fu", "大阪府": "Osaka-fu",
    "兵庫県": "Hyogo-ken", "奈良県": "Nara-ken", "和歌山県": "Wakayama-ken",
    "鳥取県": "Tottori-ken", "島根県": "Shimane-ken", "岡山県": "Okayama-ken",
    "広島県": "Hiroshima-ken", "山口県": "Yamaguchi-ken", "徳島県": "Tokushima-ken",
    "香川県": "Kagawa-ken", "愛媛県": "Ehime-ken", "高知県": "Kochi-ken", "福岡県": "Fukuoka-ken",
    "佐賀県": "Saga-ken", "長崎県": "Nagasaki-ken", "熊本県": "Kumamoto-ken", "大分県": "Oita-ken",
    "宮崎県": "Miyazaki-ken", "鹿児島県": "Kagoshima-ken", "沖縄県": "Okinawa-ken",
}  # fmt: skip
"""Every prefecture (都道府県), as `jpki.profile.address.PREFECTURES` lists them."""

MUNICIPALITY_ROMAJI: dict[str, str] = {
    # Tokyo's 23 special wards (特別区) and the city of the J-LIS test card.
    "千代田区": "Chiyoda-ku", "中央区": "Chuo-ku", "港区": "Minato-ku", "新宿区": "Shinjuku-ku",
    "文京区": "Bunkyo-ku", "台東区": "Taito-ku", "墨田区": "Sumida-ku", "江東区": "Koto-ku",
    "品川区": "Shinagawa-ku", "目黒区": "Meguro-ku", "大田区": "Ota-ku",
    "世田谷区": "Setagaya-ku", "渋谷区": "Shibuya-ku", "中野区": "Nakano-ku",
    "杉並区": "Suginami-ku", "豊島区": "Toshima-ku", "北区": "Kita-ku", "荒川区": "Arakawa-ku",
    "板橋区": "Itabashi-ku", "練馬区": "Nerima-ku", "足立区": "Adachi-ku",
    "葛飾区": "Katsushika-ku", "江戸川区": "Edogawa-ku", "清瀬市": "Kiyose-shi",
    # Designated cities (政令指定都市) and the wards the sandbox's residents live in.
    "横浜市中区": "Yokohama-shi Naka-ku", "大阪市北区": "Osaka-shi Kita-ku",
    "名古屋市中区": "Nagoya-shi Naka-ku", "札幌市中央区": "Sapporo-shi Chuo-ku",
    "福岡市博多区": "Fukuoka-shi Hakata-ku", "京都市左京区": "Kyoto-shi Sakyo-ku",
    "仙台市青葉区": "Sendai-shi Aoba-ku",
    # Other cities and towns.
    "酒田市": "Sakata-shi", "虻田郡倶知安町": "Abuta-gun Kutchan-cho",
}  # fmt: skip
"""Municipalities (市区町村) as `split_address` finds them, a designated city with its ward."""


def subject_localities(address: str) -> tuple[str, str]:
    """`(prefecture, municipality)` of a registered address, in romaji, for `L=` attributes.

    Raises ProfileError for an address `split_address` cannot split or whose municipality
    has no romanisation in `MUNICIPALITY_ROMAJI`.
    """
    parts = split_address(address)
    municipality = MUNICIPALITY_ROMAJI.get(parts.municipality)
    if municipality is None:
        raise ProfileError(
            f"no romanisation of {parts.municipality} for the signing certificate's subject"
            f" (add it to jpki.profile.localities) / {parts.municipality}のローマ字表記が未登録"
        )
    return PREFECTURE_ROMAJI[parts.prefecture], municipality


__all__ = ["MUNICIPALITY_ROMAJI", "PREFECTURE_ROMAJI", "subject_localities"]
