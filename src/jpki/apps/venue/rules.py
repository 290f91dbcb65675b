"""The entry rules of Japan's casinos (特定複合観光施設区域整備法, the IR law), in one place.

Sources: IR整備法 第69条 (who may not enter: under 20; residents who entered 3 times in the
consecutive 7 days or 10 times in the consecutive 28 days), as summarised by JaIR
(https://jair.report/article/406/), and the law's entry fee (入場料, levied once per 24 hours
of entries: 第七章 第一節, https://iuris.jp/ has the text).
Unconfirmed and chosen here: an entry within 24 hours of the last counted entry is the same
visit (as the fee counts it), and a visit counts on the window of the consecutive days ending
today (JST). A self-exclusion (本人申告) lasts the months the person chooses; it can be made
longer by a new declaration, never shorter (there is no way to lift it early here).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence

ADULT_AGE = 20
"""IR整備法 第69条第1号: nobody under 20 enters a casino."""
VISIT_LIMITS = ((7, 3), (28, 10))
"""(consecutive days, entries): at most 3 in 7 days and 10 in 28 days (第69条)."""
SAME_VISIT = dt.timedelta(hours=24)
"""Entries within 24 hours of the last counted one count once (unconfirmed, as the fee)."""
EXCLUSION_MONTHS = (6, 12, 36)
"""The self-exclusion periods a person may declare."""


def limits_in_words() -> dict[str, str]:
    """`VISIT_LIMITS` as the gate says them, in English and Japanese."""
    return {
        "en": " or ".join(f"{entries} in {days} days" for days, entries in VISIT_LIMITS),
        "ja": "または".join(f"{days}日間で{entries}回" for days, entries in VISIT_LIMITS),
    }


def counts_as_new(last_counted: dt.datetime | None, now: dt.datetime) -> bool:
    """Whether an entry at `now` is a new visit (else it is inside the last visit's 24 h)."""
    return last_counted is None or now - last_counted >= SAME_VISIT


def over_limit(counted: Sequence[dt.date], today: dt.date) -> bool:
    """Whether a new visit today would exceed a limit, given the JST days of counted visits."""
    for days, limit in VISIT_LIMITS:
        since = today - dt.timedelta(days=days - 1)
        if sum(1 for day in counted if since <= day <= today) >= limit:
            return True
    return False


def months_later(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day where it has no such day)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


__all__ = [
    "ADULT_AGE",
    "EXCLUSION_MONTHS",
    "SAME_VISIT",
    "VISIT_LIMITS",
    "counts_as_new",
    "limits_in_words",
    "months_later",
    "over_limit",
]
