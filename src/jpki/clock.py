"""The injectable clock (時計) every time-dependent function takes its time from.

Certificates expire on birthdays, CRLs carry a nextUpdate and OCSP responses go
stale: tests must be able to move time by years without sleeping. Every party
therefore receives a `Clock` instead of calling `datetime.now()` itself.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Protocol

JST = dt.timezone(dt.timedelta(hours=9), "JST")
"""Japan Standard Time: birthdays and certificate end-of-day limits are in JST."""


def in_jst(at: dt.datetime, *, seconds: bool = False) -> str:
    """An instant as people in Japan read it, labelled: `2026-12-01 18:20 JST`. A naive
    datetime (SQLite gives stored times back without their zone) is taken as the UTC it was
    stored as, never as the machine's local time."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)
    return aware.astimezone(JST).strftime(
        "%Y-%m-%d %H:%M:%S JST" if seconds else "%Y-%m-%d %H:%M JST"
    )


class Clock(Protocol):
    """Source of the current time (always timezone-aware UTC)."""

    def now(self) -> dt.datetime:
        """Return the current instant as an aware UTC datetime."""
        ...


class SystemClock:
    """The real wall clock."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(dt.UTC)


class ManualClock:
    """A clock that stands still until moved: for tests, demos and `jpki --now`."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        self._now = start.astimezone(dt.UTC)
        self._lock = threading.Lock()

    def now(self) -> dt.datetime:
        with self._lock:
            return self._now

    def advance(self, delta: dt.timedelta) -> dt.datetime:
        """Move the clock forward (or back, with a negative delta) and return the new time."""
        with self._lock:
            self._now += delta
            return self._now

    def set(self, instant: dt.datetime) -> None:
        """Jump to a given instant."""
        if instant.tzinfo is None:
            raise ValueError("ManualClock needs an aware datetime")
        with self._lock:
            self._now = instant.astimezone(dt.UTC)


def today_in_japan(clock: Clock) -> dt.date:
    """The calendar date in Japan at the clock's current instant."""
    return clock.now().astimezone(JST).date()


__all__ = ["JST", "Clock", "ManualClock", "SystemClock", "today_in_japan"]
