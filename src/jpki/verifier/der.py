"""Just enough DER reading for the hot paths: TLV headers, and checking a Name's string types.

The general parsers (cryptography, asn1crypto) stay in charge of structures; these helpers
exist where per-element Python objects would cost too much (CRL entries) or where
cryptography is more lenient than X.520 (it accepts any tag as a name attribute value).
"""

from __future__ import annotations

from collections.abc import Iterator

from jpki.verifier.errors import VerifierError

BOOLEAN, INTEGER, SEQUENCE, SET, OBJECT_IDENTIFIER = 0x01, 0x02, 0x30, 0x31, 0x06
CONSTRUCTED, UNIVERSAL_CLASS = 0x20, 0x00
MAX_DEPTH = 64
"""Deeper nesting than any certificate or CMS structure needs is refused, not recursed into."""
DIRECTORY_STRING_TAGS = frozenset({0x0C, 0x12, 0x13, 0x14, 0x16, 0x1C, 0x1E})
"""UTF8, Numeric, Printable, Teletex, IA5, Universal and BMP strings."""


class MalformedDer(VerifierError, ValueError):
    """The bytes are not the DER they should be."""


def read_header(data: bytes | memoryview, pos: int, end: int) -> tuple[int, int, int]:
    """(tag, start of content, end of content) of the TLV at `pos`; refuses overruns."""
    if pos + 2 > end:
        raise MalformedDer("truncated DER")
    tag, first = data[pos], data[pos + 1]
    if first < 0x80:
        start, length = pos + 2, first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + 2 + count > end:
            raise MalformedDer("bad DER length")
        start = pos + 2 + count
        length = int.from_bytes(data[pos + 2 : start])
    if start + length > end:
        raise MalformedDer("DER element runs past its end")
    return tag, start, start + length


def elements(
    data: bytes | memoryview, pos: int, end: int, tag: int, what: str
) -> Iterator[tuple[int, int]]:
    """(start, end) of the content of each element of a SEQUENCE OF / SET OF, all of `tag`."""
    while pos < end:
        found, start, pos = read_header(data, pos, end)
        if found != tag:
            raise MalformedDer(f"{what} has tag {found:#04x}, not {tag:#04x}")
        yield start, pos


def _strict_header(data: bytes, pos: int, end: int) -> tuple[int, int, int]:
    """`read_header`, refusing what BER allows and DER does not (X.690 10.1, 8.1.2.4)."""
    tag, start, stop = read_header(data, pos, end)
    if tag & 0x1F == 0x1F:
        raise MalformedDer("high tag numbers are not used here")
    first = data[pos + 1]
    if first >= 0x80 and (data[pos + 2] == 0 or stop - start < 0x80):
        raise MalformedDer("a DER length is in its shortest form")
    return tag, start, stop


def check_der(data: bytes) -> None:
    """Refuse `data` unless it is exactly one DER element, all the way down.

    Definite, shortest lengths; no constructed strings; booleans and integers in their one
    DER form; SET OF in ascending order; nothing after the element. This is what makes a
    signed object non-malleable: two encodings of one value cannot both pass. It reads
    structure only (no schema), so its answer does not depend on which ASN.1 types some
    library (pyHanko) registered with asn1crypto in this process.
    """
    _, _, stop = _strict_header(data, 0, len(data))
    if stop != len(data):
        raise MalformedDer(f"{len(data) - stop} bytes after the DER element")
    stack = [(0, len(data), 0)]
    while stack:
        pos, end, depth = stack.pop()
        tag, start, stop = _strict_header(data, pos, end)
        if stop < end:
            stack.append((stop, end, depth))
        content = data[start:stop]
        if tag & CONSTRUCTED:
            if tag & 0xC0 == UNIVERSAL_CLASS and tag not in (SEQUENCE, SET):
                raise MalformedDer(f"a constructed string (tag {tag:#04x}) is not DER")
            if depth >= MAX_DEPTH:
                raise MalformedDer("the DER is nested too deeply")
            if tag == SET:
                _check_set_order(data, start, stop)
            if start < stop:
                stack.append((start, stop, depth + 1))
        elif tag == BOOLEAN and content not in (b"\x00", b"\xff"):
            raise MalformedDer("a DER boolean is 00 or FF")
        elif tag == INTEGER and (
            not content
            or (
                len(content) > 1
                and content[0] in (0, 0xFF)
                and (content[0] == 0) == (content[1] < 0x80)
            )
        ):
            raise MalformedDer("a DER integer is in its shortest form")


def _check_set_order(data: bytes, start: int, stop: int) -> None:
    """The elements of a SET OF in ascending order of their encodings (X.690 11.6)."""
    previous = b""
    pos = start
    while pos < stop:
        _, _, end = read_header(data, pos, stop)
        element = data[pos:end]
        width = max(len(element), len(previous))
        if previous.ljust(width, b"\x00") > element.ljust(width, b"\x00"):
            raise MalformedDer("a DER SET OF is sorted")
        previous, pos = element, end


def check_name_strings(name_der: bytes) -> None:
    """Refuse a Name whose attribute values are not directory strings (X.520)."""
    tag, pos, end = read_header(name_der, 0, len(name_der))
    if tag != SEQUENCE:
        raise MalformedDer("a Name is a SEQUENCE")
    for rdn_start, rdn_end in elements(name_der, pos, end, SET, "a relative distinguished name"):
        for attribute, attribute_end in elements(
            name_der, rdn_start, rdn_end, SEQUENCE, "a name attribute"
        ):
            tag, _, value = read_header(name_der, attribute, attribute_end)
            if tag != OBJECT_IDENTIFIER:
                raise MalformedDer("a name attribute starts with its type")
            if name_der[value] not in DIRECTORY_STRING_TAGS:
                raise MalformedDer(f"a name attribute value has tag {name_der[value]:#04x}")


__all__ = ["MalformedDer", "check_der", "check_name_strings", "elements", "read_header"]
