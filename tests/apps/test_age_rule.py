"""The age rule: the day someone turns 20, leap-day births included."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jpki.apps.age.service import adult_on
from jpki.profile.validity import age_on


def test_leap_day_births_turn_20_on_28_february_in_common_years():
    assert adult_on(dt.date(2004, 2, 29)) == dt.date(2024, 2, 29)
    assert adult_on(dt.date(2005, 2, 28)) == dt.date(2025, 2, 28)
    assert adult_on(dt.date(2008, 2, 29)) == dt.date(2028, 2, 29)
    assert adult_on(dt.date(2006, 2, 28)) == dt.date(2026, 2, 28)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2070, 12, 31)))
def test_adult_on_agrees_with_the_profiles_age(birth):
    day = adult_on(birth)
    assert age_on(birth, day) == 20
    assert age_on(birth, day - dt.timedelta(days=1)) == 19
