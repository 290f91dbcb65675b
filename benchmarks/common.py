"""Shared helpers of the benchmarks: timing, a throwaway authority, printing figures."""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from jpki.authority.service import Authority
from jpki.authority.settings import AuthoritySettings
from jpki.clock import ManualClock

START = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


@contextlib.contextmanager
def throwaway_authority(start: dt.datetime = START, **settings: object) -> Iterator[Authority]:
    with tempfile.TemporaryDirectory(prefix="jpki-bench-") as directory:
        authority = Authority.initialise(
            AuthoritySettings(data_dir=Path(directory), **settings), ManualClock(start)
        )
        try:
            yield authority
        finally:
            authority.close()


def timed(function, *args, **kwargs) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def report(name: str, ours: float, baseline: float, unit: str, target: str) -> None:
    """Print one figure next to its baseline measured in the same run."""
    print(f"{name}: ours {ours:,.3f} {unit}, baseline {baseline:,.3f} {unit}, "
          f"ratio {ours / baseline:.3f} (target {target})")  # fmt: skip
