"""A compact, constant-time table of revoked serials for national scale.

JPKI has about a hundred million cards and must plan for tens of millions of revoked
certificates. A Python dict costs well over 100 bytes per entry; this table costs about 17:
serials as unsigned 64-bit integers (our and J-LIS's serials fit; larger ones go to a small
side dict), revocation times as 32-bit seconds, reason codes as bytes, and a directory of
bucket offsets. Entries are sorted by a multiplicative hash of the serial, so a lookup reads
one directory slot and scans a bucket of expected length about one: constant time.
Building it is a handful of vectorised numpy operations (argsort, bincount, cumsum).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

GOLDEN = 0x9E3779B97F4A7C15
"""2^64 / φ, the multiplier of Fibonacci hashing."""
MASK64 = (1 << 64) - 1
NO_REASON = 0xFF
"""Stored for an entry without a reasonCode extension."""


class RevokedEntry(NamedTuple):
    """One revoked serial as a table stores it (a tuple: lookups create one per hit)."""

    seconds: int
    """Revocation time, seconds since 1970 (UTC)."""
    reason: int | None
    """The CRLReason code, or None when the entry has none."""

    @property
    def revoked_at(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.seconds, dt.UTC)


def _bucket_bits(count: int) -> int:
    """log2 of the bucket count: the largest power of two not above the entry count."""
    return max(4, count.bit_length() - 1)


class RevokedSerials:
    """An immutable set of revoked serials with their revocation time and reason."""

    def __init__(
        self,
        serials: npt.NDArray[np.uint64],
        times: npt.NDArray[np.uint32],
        reasons: npt.NDArray[np.uint8],
        overflow: Mapping[int, tuple[int, int]] | None = None,
    ) -> None:
        count = len(serials)
        if not len(times) == len(reasons) == count:
            raise ValueError("serials, times and reasons differ in length")
        bits = _bucket_bits(count)
        self._shift = 64 - bits
        buckets = (serials * np.uint64(GOLDEN)) >> np.uint64(self._shift)
        order = np.argsort(buckets, kind="stable")
        self._serials = np.ascontiguousarray(serials[order])
        self._times = np.ascontiguousarray(times[order])
        self._reasons = np.ascontiguousarray(reasons[order])
        offsets = np.zeros((1 << bits) + 1, dtype=np.uint32)
        np.cumsum(np.bincount(buckets, minlength=1 << bits), out=offsets[1:])
        self._offsets = offsets
        # memoryviews index into Python ints several times faster than numpy scalars do.
        self._offset_view = memoryview(offsets)  # type: ignore[arg-type]
        self._serial_view = memoryview(self._serials)  # type: ignore[arg-type]
        self._time_view = memoryview(self._times)  # type: ignore[arg-type]
        self._reason_view = memoryview(self._reasons)  # type: ignore[arg-type]
        self._overflow = dict(overflow or {})

    @classmethod
    def empty(cls) -> RevokedSerials:
        return cls(np.zeros(0, np.uint64), np.zeros(0, np.uint32), np.zeros(0, np.uint8), None)

    def __len__(self) -> int:
        return len(self._serials) + len(self._overflow)

    @property
    def nbytes(self) -> int:
        """Bytes held by the table's arrays (the side dict is counted roughly)."""
        arrays = self._serials, self._times, self._reasons, self._offsets
        return sum(a.nbytes for a in arrays) + 120 * len(self._overflow)

    def get(self, serial: int) -> RevokedEntry | None:
        """The entry of `serial`, or None if it is not revoked here."""
        if 0 <= serial <= MASK64:
            bucket = ((serial * GOLDEN) & MASK64) >> self._shift
            index, end = self._offset_view[bucket], self._offset_view[bucket + 1]
            view = self._serial_view
            while index < end:
                if view[index] == serial:
                    reason = self._reason_view[index]
                    return RevokedEntry(
                        self._time_view[index], None if reason == NO_REASON else reason
                    )
                index += 1
            return None
        found = self._overflow.get(serial)
        if found is None:
            return None
        return RevokedEntry(found[0], None if found[1] == NO_REASON else found[1])

    def __contains__(self, serial: int) -> bool:
        return self.get(serial) is not None


__all__ = ["NO_REASON", "RevokedEntry", "RevokedSerials"]
