"""Reading the revokedCertificates of a CRL into arrays, fast.

cryptography parses a CRL lazily and hands out one Python object per entry, which at tens of
millions of entries is most of the cost of loading it. Here one tight loop finds where each
entry starts (reading only DER lengths), and numpy then decodes every field of the common
entry shape at once: a serial of up to 8 bytes, a UTCTime or GeneralizedTime, and a
reasonCode as the first entry extension. Entries of any other shape (longer serials,
other first extensions, fractional times) are decoded one by one by the general parser, so
nothing depends on the issuer using our layout. The CRL's signature must have been checked
before this runs (`jpki.verifier.revocation.crl`); these functions only refuse malformed DER.
"""

from __future__ import annotations

import calendar
import dataclasses
from array import array

import numpy as np
import numpy.typing as npt

from jpki.verifier.der import elements, read_header
from jpki.verifier.errors import RevocationDataError
from jpki.verifier.revocation.table import NO_REASON

SEQUENCE, INTEGER, OCTET_STRING, ENUMERATED, BOOLEAN = 0x30, 0x02, 0x04, 0x0A, 0x01
UTC_TIME, GENERALIZED_TIME, EXPLICIT_0 = 0x17, 0x18, 0xA0
REASON_CODE_OID = bytes.fromhex("0603551d15")
# The common shape of the first entry extension: SEQUENCE { OID reasonCode, OCTET STRING
# { ENUMERATED code } } -- `30 0A 06 03 55 1D 15 04 03 0A 01` followed by the code.
REASON_EXTENSION = bytes.fromhex("300a0603551d150403 0a01".replace(" ", ""))


@dataclasses.dataclass
class EntryArrays:
    """Serials, revocation times (seconds since 1970) and reason codes of a CRL's entries."""

    serials: npt.NDArray[np.uint64]
    times: npt.NDArray[np.uint32]
    reasons: npt.NDArray[np.uint8]
    overflow: dict[int, tuple[int, int]]
    """Serials that do not fit 64 bits, with (time, reason)."""

    def __len__(self) -> int:
        return len(self.serials) + len(self.overflow)


def revoked_list_bounds(tbs: bytes) -> tuple[int, int] | None:
    """Where the revokedCertificates content lies in a TBSCertList, or None if it is absent."""
    tag, pos, end = read_header(tbs, 0, len(tbs))
    if tag != SEQUENCE:
        raise RevocationDataError("TBSCertList is not a SEQUENCE")
    tag, _, after = read_header(tbs, pos, end)
    if tag == INTEGER:  # version
        pos = after
    for what in ("signature algorithm", "issuer"):
        tag, _, pos = read_header(tbs, pos, end)
        if tag != SEQUENCE:
            raise RevocationDataError(f"CRL {what} is not a SEQUENCE")
    tag, _, pos = read_header(tbs, pos, end)  # thisUpdate
    if tag not in (UTC_TIME, GENERALIZED_TIME):
        raise RevocationDataError("CRL thisUpdate is not a time")
    if pos < end and tbs[pos] in (UTC_TIME, GENERALIZED_TIME):
        _, _, pos = read_header(tbs, pos, end)  # nextUpdate
    if pos >= end or tbs[pos] != SEQUENCE:
        return None
    _, start, stop = read_header(tbs, pos, end)
    return start, stop


def entry_offsets(data: bytes, start: int, stop: int) -> tuple[array[int], array[int]]:
    """Start of each entry's content and its length, walking the entry SEQUENCE headers."""
    starts, lengths = array("Q"), array("I")
    add_start, add_length = starts.append, lengths.append
    pos = start
    while pos < stop:
        length = data[pos + 1]  # the tag of short entries is checked in bulk afterwards
        if length < 0x80:
            add_start(pos + 2)
            add_length(length)
            pos += 2 + length
        else:
            tag, content, end = read_header(data, pos, stop)
            if tag != SEQUENCE:
                raise RevocationDataError("a CRL entry is not a SEQUENCE")
            add_start(content)
            add_length(end - content)
            pos = end
    if pos != stop:
        raise RevocationDataError("the last CRL entry runs past the list")
    return starts, lengths


def _time_seconds(text: bytes) -> int:
    """Seconds since 1970 of a DER UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime."""
    if len(text) == 13 and text.endswith(b"Z"):
        year = int(text[:2])
        year += 2000 if year < 50 else 1900
        rest = text[2:12]
    elif len(text) == 15 and text.endswith(b"Z"):
        year, rest = int(text[:4]), text[4:14]
    else:
        raise RevocationDataError(f"unsupported CRL entry time {text!r}")
    if not rest.isdigit():
        raise RevocationDataError(f"bad CRL entry time {text!r}")
    month, day, hour, minute, second = (int(rest[i : i + 2]) for i in range(0, 10, 2))
    try:
        return calendar.timegm((year, month, day, hour, minute, second))
    except (ValueError, OverflowError) as exc:
        raise RevocationDataError(f"bad CRL entry time {text!r}") from exc


def parse_entry(data: bytes, start: int, stop: int) -> tuple[int, int, int]:
    """(serial, time, reason) of one entry's content, in full generality."""
    tag, content, pos = read_header(data, start, stop)
    if tag != INTEGER or content == pos:
        raise RevocationDataError("CRL entry without a serial number")
    serial = int.from_bytes(data[content:pos], signed=True)
    tag, content, pos = read_header(data, pos, stop)
    if tag not in (UTC_TIME, GENERALIZED_TIME):
        raise RevocationDataError("CRL entry without a revocation date")
    seconds = _time_seconds(bytes(data[content:pos]))
    reason = NO_REASON
    if pos < stop:
        tag, pos, end = read_header(data, pos, stop)
        if tag != SEQUENCE or end != stop:
            raise RevocationDataError("CRL entry extensions are malformed")
        for ext, ext_end in elements(data, pos, end, SEQUENCE, "a CRL entry extension"):
            _, _, value = read_header(data, ext, ext_end)
            if data[ext:value] == REASON_CODE_OID:
                if data[value] == BOOLEAN:
                    _, _, value = read_header(data, value, ext_end)
                _, inner, _ = read_header(data, value, ext_end)
                tag, code, code_end = read_header(data, inner, ext_end)
                if tag != ENUMERATED or code_end - code != 1:
                    raise RevocationDataError("CRL entry reasonCode is malformed")
                reason = data[code]
    if not 0 <= seconds < 1 << 32:
        raise RevocationDataError("CRL entry date out of range")
    return serial, seconds, reason


def _gather(
    buffer: npt.NDArray[np.uint8], positions: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    return buffer[positions].astype(np.int64)


def _digits(buffer: npt.NDArray[np.uint8], at: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The two-digit decimal number at each position (-1000 marks a non-digit)."""
    high, low = _gather(buffer, at) - 0x30, _gather(buffer, at + 1) - 0x30
    bad = (high < 0) | (high > 9) | (low < 0) | (low > 9)
    return np.where(bad, -1000, high * 10 + low)


def _days_from_civil(
    year: npt.NDArray[np.int64], month: npt.NDArray[np.int64], day: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """Days since 1970-01-01 of proleptic Gregorian dates (H. Hinnant's algorithm)."""
    year = year - (month <= 2)
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month + np.where(month > 2, -3, 9)) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]


def _fast_serials(
    buffer: npt.NDArray[np.uint8], begin: Ints
) -> tuple[npt.NDArray[np.uint64], Ints, Flags]:
    """Serials of 1-8 content bytes, non-negative; (serials, their lengths, which ones)."""
    length = _gather(buffer, begin + 1)
    ok = (_gather(buffer, begin) == INTEGER) & (length >= 1) & (length <= 8)
    ok &= _gather(buffer, begin + 2) < 0x80  # a negative serial takes the general path
    serials = np.zeros(len(begin), dtype=np.uint64)
    for k in range(8):
        take = ok & (length > k)
        byte = buffer[np.where(take, begin + 2 + k, 0)].astype(np.uint64)
        serials = np.where(take, (serials << np.uint64(8)) | byte, serials)
    return serials, length, ok


def _fast_times(buffer: npt.NDArray[np.uint8], at: Ints) -> tuple[Ints, Ints, Flags]:
    """UTCTime or GeneralizedTime `...Z` at `at`; (seconds since 1970, end, which ones)."""
    tag, length = _gather(buffer, at), _gather(buffer, at + 1)
    utc = (tag == UTC_TIME) & (length == 13)
    ok = utc | ((tag == GENERALIZED_TIME) & (length == 15))
    text = at + 2
    short_year = _digits(buffer, text)
    year = np.where(
        utc,
        short_year + np.where(short_year < 50, 2000, 1900),
        short_year * 100 + _digits(buffer, text + 2),
    )
    fields = text + np.where(utc, 2, 4)
    month, day, hour, minute, second = (_digits(buffer, fields + i) for i in range(0, 10, 2))
    ok &= _gather(buffer, fields + 10) == ord("Z")
    ok &= (month >= 1) & (month <= 12) & (day >= 1) & (day <= 31) & (year >= 1970)
    ok &= (hour >= 0) & (hour < 24) & (minute >= 0) & (minute < 60)
    ok &= (second >= 0) & (second < 60)
    seconds = _days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second
    ok &= (seconds >= 0) & (seconds < 1 << 32)
    return seconds, text + length, ok


def _fast_reasons(
    buffer: npt.NDArray[np.uint8], at: Ints, end: Ints
) -> tuple[npt.NDArray[np.uint8], Flags]:
    """No entry extensions, or exactly one reasonCode of the usual shape; (codes, which ones)."""
    pattern = np.ones(len(at), dtype=bool)
    for i, byte in enumerate(REASON_EXTENSION):
        pattern &= _gather(buffer, at + 2 + i) == byte
    only_reason = (
        pattern
        & (_gather(buffer, at) == SEQUENCE)
        & (_gather(buffer, at + 1) == len(REASON_EXTENSION) + 1)
        & (at + 2 + len(REASON_EXTENSION) + 1 == end)
    )
    reasons = np.where(only_reason, _gather(buffer, at + 2 + len(REASON_EXTENSION)), NO_REASON)
    return reasons.astype(np.uint8), (at == end) | only_reason


def decode_entries(data: bytes, start: int, stop: int) -> EntryArrays:
    """Every entry of the revokedCertificates content `data[start:stop]`."""
    try:
        offsets, lengths = entry_offsets(data, start, stop)
    except IndexError:
        raise RevocationDataError("CRL truncated in its entry list") from None
    # Zero padding lets the vectorised reads look past a short last entry without bounds checks.
    buffer = np.frombuffer(data + bytes(64), dtype=np.uint8)
    begin = np.frombuffer(offsets, dtype=np.uint64).astype(np.int64)
    size = np.frombuffer(lengths, dtype=np.uint32).astype(np.int64)
    end = begin + size
    short = size < 0x80
    if np.any(short & (_gather(buffer, np.where(short, begin - 2, 0)) != SEQUENCE)):
        raise RevocationDataError("a CRL entry is not a SEQUENCE")
    serials, serial_length, serial_ok = _fast_serials(buffer, begin)
    seconds, after_time, time_ok = _fast_times(buffer, begin + 2 + serial_length)
    reasons, reason_ok = _fast_reasons(buffer, after_time, end)
    times = seconds.astype(np.uint32)
    overflow: dict[int, tuple[int, int]] = {}
    keep = np.ones(len(begin), dtype=bool)
    for index in np.flatnonzero(~(serial_ok & time_ok & reason_ok)).tolist():
        serial, moment, reason = parse_entry(data, int(begin[index]), int(end[index]))
        if 0 <= serial < 1 << 64:
            serials[index], times[index], reasons[index] = serial, moment, reason
        else:
            overflow[serial] = (moment, reason)
            keep[index] = False
    if overflow:
        serials, times, reasons = serials[keep], times[keep], reasons[keep]
    return EntryArrays(serials, times, reasons, overflow)


__all__ = ["EntryArrays", "decode_entries", "parse_entry", "revoked_list_bounds"]
