"""A reproducible demo population: plausible Japanese residents from a seed.

Ages span children (no signing certificate under 15), adults and the very old, so a
sandbox shows every rule. One resident in about twenty has a character outside JIS X 0208
in the name (e.g. 髙), to exercise the substitute-character flags. One in ten (the 4th, 14th,
...) is a foreign resident (外国人住民), whose card carries the name in the Latin alphabet
(seed 002 No.20: account opening for foreign residents).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

from jpki.profile.four_info import FourInfo, Sex

FAMILY_NAMES = (
    "佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤",
    "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林", "斎藤", "清水",
)  # fmt: skip
RARE_FAMILY_NAMES = ("髙橋", "𠮷田", "山﨑")
FOREIGN_NAMES = ("NGUYEN VAN AN", "WANG XIAOMING", "SANTOS MARIA CLARA", "KIM MINJUN")
FOREIGN_EVERY, FOREIGN_AT = 10, 3
MALE_GIVEN = ("太郎", "翔", "蓮", "大輝", "健一", "誠", "浩", "悠真", "陽翔", "隆")
FEMALE_GIVEN = ("花子", "陽菜", "結衣", "美咲", "さくら", "恵子", "由美", "葵", "凛", "真由美")
PLACES = (
    ("東京都", "千代田区", "霞が関"),
    ("東京都", "世田谷区", "太子堂"),
    ("神奈川県", "横浜市中区", "山下町"),
    ("大阪府", "大阪市北区", "梅田"),
    ("愛知県", "名古屋市中区", "栄"),
    ("北海道", "札幌市中央区", "大通西"),
    ("福岡県", "福岡市博多区", "博多駅前"),
    ("京都府", "京都市左京区", "吉田本町"),
    ("宮城県", "仙台市青葉区", "一番町"),
    ("山形県", "酒田市", "あきほ町"),
)
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def full_width(number: int) -> str:
    return str(number).translate(_FULL_WIDTH)


def random_address(rng: random.Random) -> str:
    prefecture, city, town = rng.choice(PLACES)
    chome, ban, go = rng.randint(1, 5), rng.randint(1, 30), rng.randint(1, 20)
    return f"{prefecture}{city}{town}{full_width(chome)}丁目{full_width(ban)}番{full_width(go)}号"


def random_person(rng: random.Random, today: dt.date) -> FourInfo:
    sex = rng.choice((Sex.MALE, Sex.FEMALE))
    family = rng.choice(RARE_FAMILY_NAMES if rng.random() < 0.05 else FAMILY_NAMES)
    given = rng.choice(MALE_GIVEN if sex is Sex.MALE else FEMALE_GIVEN)
    age_days = rng.randint(3 * 365, 95 * 365)
    return FourInfo(
        name=f"{family}\u3000{given}",
        address=random_address(rng),
        birth_date=today - dt.timedelta(days=age_days),
        sex=sex,
    )


def population(count: int, seed: int, today: dt.date) -> list[FourInfo]:
    """`count` residents, the same for the same seed and day."""
    rng = random.Random(seed)
    people = [random_person(rng, today) for _ in range(count)]
    for index in range(FOREIGN_AT, count, FOREIGN_EVERY):
        foreign = FOREIGN_NAMES[(index // FOREIGN_EVERY) % len(FOREIGN_NAMES)]
        people[index] = dataclasses.replace(people[index], name=foreign, name_flags="")
    return people


__all__ = ["full_width", "population", "random_address", "random_person"]
