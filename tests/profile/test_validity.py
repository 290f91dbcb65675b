import datetime as dt

from jpki.profile.validity import (
    age_on,
    card_expiry,
    certificate_not_after,
    may_hold_signing_certificate,
    nth_birthday_after,
)


def test_certificates_end_on_the_fifth_birthday_at_midnight_jst():
    issued = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)
    end = certificate_not_after(dt.date(1980, 5, 17), issued)
    assert end == dt.datetime(2031, 5, 17, 14, 59, 59, tzinfo=dt.UTC)


def test_issuance_on_the_birthday_counts_the_next_one_as_first():
    assert nth_birthday_after(dt.date(1980, 11, 23), dt.date(2026, 11, 23), 5) == dt.date(
        2031, 11, 23
    )


def test_leap_day_birthdays_fall_on_28_february_in_common_years():
    assert nth_birthday_after(dt.date(2004, 2, 29), dt.date(2026, 1, 1), 1) == dt.date(2026, 2, 28)
    assert nth_birthday_after(dt.date(2004, 2, 29), dt.date(2026, 1, 1), 3) == dt.date(2028, 2, 29)


def test_no_signing_certificate_before_the_fifteenth_birthday():
    born = dt.date(2011, 11, 24)
    assert not may_hold_signing_certificate(born, dt.date(2026, 11, 23))
    assert may_hold_signing_certificate(born, dt.date(2026, 11, 24))
    assert age_on(born, dt.date(2026, 11, 24)) == 15


def test_cards_of_adults_last_ten_birthdays_and_of_minors_five():
    assert card_expiry(dt.date(1980, 5, 17), dt.date(2026, 11, 23)) == dt.date(2036, 5, 17)
    assert card_expiry(dt.date(2015, 5, 17), dt.date(2026, 11, 23)) == dt.date(2031, 5, 17)
