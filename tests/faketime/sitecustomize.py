"""Loaded (through PYTHONPATH) by every Python process of the suite's date-moved run only.

The run moves the wall clock with libfaketime and leaves the monotonic clock alone
(FAKETIME_DONT_FAKE_MONOTONIC=1): Debian 12's libfaketime 0.9.10 does not intercept
sem_clockwait, so with a faked monotonic clock every timed lock or Event wait sleeps for the
years the clock was moved. With the real monotonic clock those waits work, but its
clock_nanosleep wrapper refuses absolute monotonic deadlines (EINVAL), and Python's time.sleep
uses exactly that. time.sleep is therefore routed through select(), which takes a relative
timeout. Nothing else changes; outside the date-moved run this file is never on the path.
"""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


time.sleep = _sleep
