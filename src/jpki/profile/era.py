"""Japanese eras (元号) as JPKI encodes them: one digit before a Gregorian date.

The signing certificate's birth date is `EYYYYMMDD` (JPKI.md §3): the era digit, then the
Gregorian date. The card's 照合番号B uses the era year instead (YYMMDD), so both views are here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum


class Era(enum.IntEnum):
    """Era codes of the JPKI profile; 0 means the birth date is unknown (不詳)."""

    UNKNOWN = 0
    MEIJI = 1
    TAISHO = 2
    SHOWA = 3
    HEISEI = 4
    REIWA = 5

    @property
    def name_ja(self) -> str:
        return _NAMES_JA[self]


_NAMES_JA = {
    Era.UNKNOWN: "不詳",
    Era.MEIJI: "明治",
    Era.TAISHO: "大正",
    Era.SHOWA: "昭和",
    Era.HEISEI: "平成",
    Era.REIWA: "令和",
}

ERA_STARTS: tuple[tuple[Era, dt.date], ...] = (
    (Era.REIWA, dt.date(2019, 5, 1)),
    (Era.HEISEI, dt.date(1989, 1, 8)),
    (Era.SHOWA, dt.date(1926, 12, 25)),
    (Era.TAISHO, dt.date(1912, 7, 30)),
    (Era.MEIJI, dt.date(1868, 10, 23)),
)
"""First day of each era, newest first."""


@dataclasses.dataclass(frozen=True)
class EraDate:
    """A date seen through the era calendar: era, year of the era (元年 = 1), month, day."""

    era: Era
    year: int
    month: int
    day: int

    def yymmdd(self) -> str:
        """Two-digit era year, month and day, as in 照合番号B."""
        return f"{self.year % 100:02d}{self.month:02d}{self.day:02d}"


def era_of(date: dt.date) -> Era:
    """The era a Gregorian date falls in (UNKNOWN before Meiji)."""
    for era, start in ERA_STARTS:
        if date >= start:
            return era
    return Era.UNKNOWN


def to_era_date(date: dt.date) -> EraDate:
    """Convert a Gregorian date to its era date; raises for dates before Meiji."""
    era = era_of(date)
    if era is Era.UNKNOWN:
        raise ValueError(f"{date} is before the Meiji era")
    start = dict((e, s) for e, s in ERA_STARTS)[era]
    return EraDate(era, date.year - start.year + 1, date.month, date.day)


def encode_birth_date(date: dt.date | None) -> str:
    """`EYYYYMMDD` as in the signing certificate; `000000000` for an unknown birth date."""
    if date is None:
        return "0" * 9
    return f"{int(era_of(date))}{date:%Y%m%d}"


def decode_birth_date(text: str) -> dt.date | None:
    """Inverse of `encode_birth_date`; None for an unknown date. Raises ValueError if malformed.

    The era digit must agree with the date, except that certificates made by other tools may
    carry era 0 with a real date; that date is returned.
    """
    if len(text) != 9 or not text.isascii() or not text.isdigit():
        raise ValueError(f"birth date must be 9 digits EYYYYMMDD, got {text!r}")
    era_digit = int(text[0])
    if text[1:] == "00000000":
        return None
    if era_digit > max(Era):
        raise ValueError(f"unknown era digit {era_digit} in {text!r}")
    date = dt.datetime.strptime(text[1:], "%Y%m%d").date()
    if era_digit and Era(era_digit) is not era_of(date):
        raise ValueError(f"era digit {era_digit} does not match the date {date}")
    return date


__all__ = [
    "ERA_STARTS",
    "Era",
    "EraDate",
    "decode_birth_date",
    "encode_birth_date",
    "era_of",
    "to_era_date",
]
