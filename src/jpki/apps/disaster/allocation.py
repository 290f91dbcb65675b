"""Relief goods (支援物資) per shelter: what each needs, and a fair split of what arrived.

Every sheltered household needs the daily goods for each of its members; the special goods
only the households that registered the need. When the stock is short, each shelter gets its
share of the stock in proportion to its demand (largest remainders for the last units), never
more than it needs; when the stock suffices, every shelter gets all it asked for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

DAILY = {
    "water": {"en": "Water (3 L/person/day)", "ja": "飲料水(1人1日3L)"},
    "food": {"en": "Meals (3/person/day)", "ja": "食料(1人1日3食)"},
    "blanket": {"en": "Blankets", "ja": "毛布"},
}
PER_PERSON = {"water": 3, "food": 3, "blanket": 1}
SPECIAL = {
    "diapers": {"en": "Baby diapers", "ja": "乳幼児用おむつ"},
    "formula": {"en": "Infant formula", "ja": "粉ミルク"},
    "insulin": {"en": "Insulin", "ja": "インスリン"},
    "wheelchair": {"en": "Wheelchair access", "ja": "車いす対応"},
}
ITEMS = DAILY | SPECIAL
"""Every item the municipality distributes, with its label in both languages."""


def demand(sheltered: Iterable[tuple[str, int, frozenset[str]]]) -> dict[str, dict[str, int]]:
    """Item -> shelter -> units needed, from (shelter, household size, special needs)."""
    needed: dict[str, dict[str, int]] = {item: {} for item in ITEMS}
    for shelter, household, needs in sheltered:
        for item, units in PER_PERSON.items():
            needed[item][shelter] = needed[item].get(shelter, 0) + units * household
        for item in needs & SPECIAL.keys():
            needed[item][shelter] = needed[item].get(shelter, 0) + 1
    return needed


def split(stock: int, demands: Mapping[str, int]) -> dict[str, int]:
    """`stock` units shared among shelters in proportion to `demands` (largest remainder)."""
    if stock < 0:
        raise ValueError("stock cannot be negative")
    total = sum(demands.values())
    if total <= stock:
        return dict(demands)
    shares = {shelter: stock * need // total for shelter, need in demands.items()}
    left = stock - sum(shares.values())
    by_remainder = sorted(demands, key=lambda s: (-(stock * demands[s] % total), s))
    for shelter in by_remainder[:left]:
        shares[shelter] += 1
    return shares


__all__ = ["DAILY", "ITEMS", "PER_PERSON", "SPECIAL", "demand", "split"]
