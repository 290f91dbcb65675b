import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jpki.profile.era import Era, decode_birth_date, encode_birth_date, era_of, to_era_date


@pytest.mark.parametrize(
    ("date", "era", "year"),
    [
        (dt.date(2019, 5, 1), Era.REIWA, 1),
        (dt.date(2019, 4, 30), Era.HEISEI, 31),
        (dt.date(1989, 1, 8), Era.HEISEI, 1),
        (dt.date(1989, 1, 7), Era.SHOWA, 64),
        (dt.date(1926, 12, 25), Era.SHOWA, 1),
        (dt.date(1912, 7, 30), Era.TAISHO, 1),
        (dt.date(1900, 1, 1), Era.MEIJI, 33),
    ],
)
def test_era_boundaries(date, era, year):
    assert era_of(date) is era
    assert to_era_date(date).year == year


def test_birth_date_encoding_matches_the_profile():
    assert encode_birth_date(dt.date(1980, 5, 17)) == "319800517"
    assert encode_birth_date(None) == "000000000"
    assert to_era_date(dt.date(1980, 5, 17)).yymmdd() == "550517"


@given(st.dates(min_value=dt.date(1868, 10, 23), max_value=dt.date(2100, 12, 31)))
def test_birth_date_round_trips(date):
    assert decode_birth_date(encode_birth_date(date)) == date


@pytest.mark.parametrize("text", ["419800517", "31980051", "3198005170", "x19800517", "319801317"])
def test_malformed_or_inconsistent_birth_dates_are_rejected(text):
    with pytest.raises(ValueError):  # noqa: PT011
        decode_birth_date(text)


def test_era_zero_with_a_real_date_is_read_leniently():
    assert decode_birth_date("019800517") == dt.date(1980, 5, 17)
