"""The basic 4 information (基本4情報) and their encoding in the signing certificate.

Name, address, birth date and sex sit in subjectAltName otherName entries under
1.2.392.200149.8.5.5 (JPKI.md §3), each a UTF8String. Names and addresses come with a
substitute-character flag string (代替文字フラグ): one '0'/'1' per character, '1' where the
register's character has no code point in JIS X 0208 and a substitute had to be shown.
The decoder is lenient about order and string type, strict about content, so it reads
certificates made by J-LIS or by other tools as well as ours.

The flags are informational: a certificate J-LIS signed whose flag string is longer or shorter
than its text (or holds other characters than '0' and '1') is still read, never refused, since
refusing it would turn a real citizen away over a display hint. `read_four_info` reads the flags
by position, infers the flag of a character the string does not cover from the character
itself (the rule the flag records), and reports each such string as a `FlagMismatch` that the
verifier turns into a warning on its verdict.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum

import asn1crypto.core
from cryptography import x509

from jpki.profile import era, oids
from jpki.profile.errors import MalformedFourInfo


class Sex(enum.StrEnum):
    """Sex codes of the profile (性別): 1 male, 2 female, 9 not applicable."""

    MALE = "1"
    FEMALE = "2"
    NOT_APPLICABLE = "9"

    @property
    def label_ja(self) -> str:
        return {"1": "男", "2": "女", "9": "適用不能"}[self.value]

    @property
    def label_en(self) -> str:
        return {"1": "male", "2": "female", "9": "not applicable"}[self.value]


def substitute_flags(text: str) -> str:
    """One '1' per character outside JIS X 0208 (needs a substitute character), else '0'."""
    return "".join("0" if _in_jis_x_0208(ch) else "1" for ch in text)


def _in_jis_x_0208(ch: str) -> bool:
    try:
        ch.encode("iso2022_jp")
    except UnicodeEncodeError:
        return False
    return True


@dataclasses.dataclass(frozen=True)
class FourInfo:
    """The basic 4 information of a resident as the signing certificate records them."""

    name: str
    """Name in kanji, family and given name separated by U+3000."""
    address: str
    """Address as registered (住所)."""
    birth_date: dt.date | None
    """Birth date; None where the register records it as unknown (不詳)."""
    sex: Sex
    name_flags: str = ""
    """Substitute-character flags of the name; computed from the name when left empty."""
    address_flags: str = ""
    """Substitute-character flags of the address; computed from the address when left empty."""

    def __post_init__(self) -> None:
        if not self.name or not self.address:
            raise MalformedFourInfo("name and address must not be empty")
        if not self.name_flags:
            object.__setattr__(self, "name_flags", substitute_flags(self.name))
        if not self.address_flags:
            object.__setattr__(self, "address_flags", substitute_flags(self.address))
        for label, text, flags in (
            ("name", self.name, self.name_flags),
            ("address", self.address, self.address_flags),
        ):
            if len(flags) != len(text) or set(flags) - {"0", "1"}:
                raise MalformedFourInfo(f"{label} flags must be one 0/1 per character")

    def changed_fields(self, newer: FourInfo) -> frozenset[str]:
        """Which of `name`, `address`, `birth_date`, `sex` differ in `newer`."""
        return frozenset(
            field
            for field in ("name", "address", "birth_date", "sex")
            if getattr(self, field) != getattr(newer, field)
        )


@dataclasses.dataclass(frozen=True)
class FlagMismatch:
    """A substitute-character flag string (代替文字フラグ) that does not fit its text."""

    field: str
    """`name` or `address`."""
    flags: str
    """The flag string as the certificate carries it."""
    text_length: int
    """How many characters the text it describes has."""

    @property
    def message(self) -> str:
        """What was found and how it was read, in English and Japanese."""
        field_ja = {"name": "氏名", "address": "住所"}.get(self.field, self.field)
        if set(self.flags) - {"0", "1"}:
            shape, shape_ja = "holds characters other than 0 and 1", "に0・1以外の文字がある"
        else:
            shape = f"has {len(self.flags)} flags for {self.text_length} characters"
            shape_ja = f"の数({len(self.flags)})が文字数({self.text_length})と一致しない"
        return (
            f"the {self.field}'s substitute-character flag string {shape}; read by position, the"
            f" rest inferred from the characters / {field_ja}の代替文字フラグ{shape_ja}"
            "(位置ごとに読み、不足分は文字から推定)"
        )


def align_flags(field: str, text: str, flags: str) -> tuple[str, FlagMismatch | None]:
    """One flag per character of `text`: `flags` by position where it has a 0/1 flag, else
    inferred from the character; and the mismatch, if the string did not fit."""
    if len(flags) == len(text) and not set(flags) - {"0", "1"}:
        return flags, None
    inferred = substitute_flags(text)
    aligned = "".join(
        flags[i] if i < len(flags) and flags[i] in "01" else inferred[i] for i in range(len(text))
    )
    return aligned, FlagMismatch(field, flags, len(text))


def _utf8(value: str) -> bytes:
    return asn1crypto.core.UTF8String(value).dump()


def encode_four_info(info: FourInfo) -> list[x509.OtherName]:
    """The six otherName entries of the signing certificate's subjectAltName."""
    return [
        x509.OtherName(oids.NAME, _utf8(info.name)),
        x509.OtherName(oids.NAME_FLAGS, _utf8(info.name_flags)),
        x509.OtherName(oids.SEX, _utf8(info.sex.value)),
        x509.OtherName(oids.BIRTH_DATE, _utf8(era.encode_birth_date(info.birth_date))),
        x509.OtherName(oids.ADDRESS, _utf8(info.address)),
        x509.OtherName(oids.ADDRESS_FLAGS, _utf8(info.address_flags)),
    ]


def _text_of(der: bytes) -> str:
    """The string inside an otherName value: UTF8String, or any other ASN.1 string type."""
    try:
        value = asn1crypto.core.load(der, strict=True)
        native = value.native
    except (ValueError, TypeError, OverflowError) as exc:
        raise MalformedFourInfo(f"4 information entry is not a DER string: {exc}") from exc
    if not isinstance(native, str):
        raise MalformedFourInfo(f"4 information entry is a {type(value).__name__}, not a string")
    return native


def decode_four_info(names: list[x509.GeneralName] | x509.SubjectAlternativeName) -> FourInfo:
    """Read the 4 information from subjectAltName entries, in any order (see `read_four_info`).

    Raises MalformedFourInfo if an entry is missing, repeated or malformed.
    """
    return read_four_info(names)[0]


def read_four_info(
    names: list[x509.GeneralName] | x509.SubjectAlternativeName,
) -> tuple[FourInfo, tuple[FlagMismatch, ...]]:
    """The 4 information from subjectAltName entries, in any order, and every flag string that
    did not fit its text (read anyway: see the module text).

    Raises MalformedFourInfo if an entry is missing, repeated or malformed.
    """
    found: dict[str, str] = {}
    for entry in names:
        if not isinstance(entry, x509.OtherName):
            continue
        oid = entry.type_id.dotted_string
        if not oid.startswith(oids.FOUR_INFO_PREFIX + "."):
            continue
        if oid in found:
            raise MalformedFourInfo(f"4 information entry {oid} appears twice")
        found[oid] = _text_of(entry.value)

    def required(oid: x509.ObjectIdentifier) -> str:
        try:
            return found[oid.dotted_string]
        except KeyError:
            raise MalformedFourInfo(f"4 information entry {oid.dotted_string} missing") from None

    name, address = required(oids.NAME), required(oids.ADDRESS)
    try:
        sex = Sex(required(oids.SEX))
    except ValueError as exc:
        raise MalformedFourInfo(f"sex code must be 1, 2 or 9: {exc}") from exc
    try:
        birth_date = era.decode_birth_date(required(oids.BIRTH_DATE))
    except MalformedFourInfo:
        raise
    except ValueError as exc:
        raise MalformedFourInfo(str(exc)) from exc
    name_flags, name_mismatch = align_flags(
        "name", name, found.get(oids.NAME_FLAGS.dotted_string, "0" * len(name))
    )
    address_flags, address_mismatch = align_flags(
        "address", address, found.get(oids.ADDRESS_FLAGS.dotted_string, "0" * len(address))
    )
    info = FourInfo(
        name=name,
        address=address,
        birth_date=birth_date,
        sex=sex,
        name_flags=name_flags,
        address_flags=address_flags,
    )
    return info, tuple(m for m in (name_mismatch, address_mismatch) if m is not None)


__all__ = [
    "FlagMismatch",
    "FourInfo",
    "Sex",
    "align_flags",
    "decode_four_info",
    "encode_four_info",
    "read_four_info",
    "substitute_flags",
]
