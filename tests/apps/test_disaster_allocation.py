"""The fair split of relief goods among shelters."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.disaster.allocation import demand, split


def test_demand_counts_households_and_special_needs() -> None:
    needed = demand(
        [("gym", 3, frozenset({"insulin"})), ("gym", 1, frozenset()), ("school", 2, frozenset())]
    )
    assert needed["water"] == {"gym": 12, "school": 6}
    assert needed["insulin"] == {"gym": 1}
    assert needed["diapers"] == {}


def test_short_stock_is_shared_by_demand_with_largest_remainders() -> None:
    assert split(10, {"school-1": 9, "gym": 3}) == {"school-1": 7, "gym": 3}
    assert split(0, {"a": 5}) == {"a": 0}


def test_enough_stock_meets_every_demand() -> None:
    assert split(100, {"a": 5, "b": 7}) == {"a": 5, "b": 7}


def test_negative_stock_is_refused() -> None:
    with pytest.raises(ValueError, match="negative"):
        split(-1, {"a": 1})


@given(
    st.integers(min_value=0, max_value=10_000),
    st.dictionaries(st.text(min_size=1, max_size=5), st.integers(min_value=0, max_value=500)),
)
def test_a_split_never_exceeds_stock_or_demand(stock: int, demands: dict[str, int]) -> None:
    shares = split(stock, demands)
    assert shares.keys() == demands.keys()
    assert sum(shares.values()) == min(stock, sum(demands.values()))
    assert all(0 <= shares[s] <= demands[s] for s in demands)
