"""Just enough DER reading for the hot paths: TLV headers, and checking a Name's string types.

The general parsers (cryptography, asn1crypto) stay in charge of structures; these helpers
exist where per-element Python objects would cost too much (CRL entries) or where
cryptography is more lenient than X.520 (it accepts any tag as a name attribute value).
"""

from __future__ import annotations

from collections.abc import Iterator

from jpki.verifier.errors import VerifierError

SEQUENCE, SET, OBJECT_IDENTIFIER = 0x30, 0x31, 0x06
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


__all__ = ["MalformedDer", "check_name_strings", "elements", "read_header"]
