"""Certificate lifetimes: from issuance to the holder's 5th birthday, and the age rules.

Both certificates end on the holder's 5th birthday after issuance, at the end of that day in
Japan (23:59:59 JST, as the real roots' `14:59:59Z` shows). Nobody under 15 gets a signing
certificate. A 29 February birthday falls on 28 February in common years.
"""

from __future__ import annotations

import datetime as dt

from jpki.clock import JST

CERTIFICATE_BIRTHDAYS = 5
MINIMUM_SIGNING_AGE = 15


def birthday_in(year: int, birth_date: dt.date) -> dt.date:
    """The holder's birthday in a given year (28 February for a leap-day birth)."""
    if birth_date.month == 2 and birth_date.day == 29:
        try:
            return dt.date(year, 2, 29)
        except ValueError:
            return dt.date(year, 2, 28)
    return birth_date.replace(year=year)


def nth_birthday_after(birth_date: dt.date, day: dt.date, n: int) -> dt.date:
    """The n-th birthday strictly after `day`."""
    first = birthday_in(day.year, birth_date)
    year = day.year if first > day else day.year + 1
    return birthday_in(year + n - 1, birth_date)


def age_on(birth_date: dt.date, day: dt.date) -> int:
    """Completed years of age on `day`."""
    years = day.year - birth_date.year
    return years if birthday_in(day.year, birth_date) <= day else years - 1


def certificate_not_after(birth_date: dt.date | None, issued_at: dt.datetime) -> dt.datetime:
    """End of validity: 23:59:59 JST on the 5th birthday after issuance (UTC-aware result).

    An unknown birth date (不詳) takes the 5th anniversary of issuance instead.
    """
    issue_day = issued_at.astimezone(JST).date()
    reference = birth_date if birth_date is not None else issue_day
    last_day = nth_birthday_after(reference, issue_day, CERTIFICATE_BIRTHDAYS)
    end = dt.datetime.combine(last_day, dt.time(23, 59, 59), tzinfo=JST)
    return end.astimezone(dt.UTC)


def may_hold_signing_certificate(birth_date: dt.date | None, day: dt.date) -> bool:
    """True from the 15th birthday on (and for an unknown birth date, which the office vouches)."""
    return birth_date is None or age_on(birth_date, day) >= MINIMUM_SIGNING_AGE


ADULT_AGE = 18
"""Age from which a card runs to the 10th birthday instead of the 5th (成年, since 2022)."""


def card_expiry(birth_date: dt.date | None, issued_on: dt.date) -> dt.date:
    """Last day of a card: 10th birthday after issuance for adults, 5th for minors (seed 003)."""
    reference = birth_date if birth_date is not None else issued_on
    adult = birth_date is None or age_on(birth_date, issued_on) >= ADULT_AGE
    return nth_birthday_after(reference, issued_on, 10 if adult else 5)


__all__ = [
    "ADULT_AGE",
    "CERTIFICATE_BIRTHDAYS",
    "MINIMUM_SIGNING_AGE",
    "age_on",
    "birthday_in",
    "card_expiry",
    "certificate_not_after",
    "may_hold_signing_certificate",
    "nth_birthday_after",
]
