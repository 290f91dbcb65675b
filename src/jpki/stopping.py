"""Stopping a long-running command (停止) on SIGINT or SIGTERM, whatever state it is in.

A command started in the background by a shell, or by a test runner's worker, inherits SIGINT
*ignored*, and Python then never raises KeyboardInterrupt: Ctrl-C or `kill -INT` does nothing.
Every long-running command (`jpki card attach`, `jpki up`, the `serve` commands) therefore
installs its own handlers for both signals while it runs, and treats them alike: the first asks
the work in hand to finish and stop, a second one stops at once.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Callable, Iterator
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
GRACE_SECONDS = 0.5
"""How long the work in hand (an APDU, an HTTP request) may take to finish after a stop signal
before it is cut off; a command is gone within 2 seconds of the signal."""


class StopRequest:
    """A stop asked for by a signal: set once, read by loops that poll between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    @property
    def is_set(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to `seconds`, waking at once on a stop; True if a stop was asked."""
        return self._event.wait(seconds)


@contextlib.contextmanager
def stop_on_signals(on_stop: Callable[[int], None] | None = None) -> Iterator[StopRequest]:
    """Within the block, SIGINT and SIGTERM set the returned `StopRequest` (and call `on_stop`
    with the signal number) instead of raising; the previous handlers come back afterwards.
    Main thread only, as Python's signal handlers are."""
    request = StopRequest()

    def handle(signum: int, frame: FrameType | None) -> None:
        request.set()
        if on_stop is not None:
            on_stop(signum)

    previous = {sig: signal.signal(sig, handle) for sig in STOP_SIGNALS}
    try:
        yield request
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def interruptible() -> None:
    """From now on SIGINT and SIGTERM raise KeyboardInterrupt, even where the parent ignored
    SIGINT: the start-up of a long-running command (opening a world can take seconds) is
    stopped by them too, before `stop_on_signals` takes over for the serving itself."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    for sig in STOP_SIGNALS:
        signal.signal(sig, interrupt)


__all__ = ["GRACE_SECONDS", "STOP_SIGNALS", "StopRequest", "interruptible", "stop_on_signals"]
