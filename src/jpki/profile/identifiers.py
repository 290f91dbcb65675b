"""Opaque identifiers of JPKI certificates (seed 000).

The authentication certificate's subject is `C=JP, CN=<id>` with an id of 23 characters
A-Z0-9: a 14-character random part followed by the 9-character code of the receiving
terminal (受付端末識別記号) that issued it, e.g. `1C2410DF79DGEL` + `07202002B`. The seeds'
MyKey proposal (マイキーID) lets the holder choose the 14-character part at a municipal
counter; the certificate is then re-issued with the chosen part. This is the seeds'
design, not the deployed card's.
"""

from __future__ import annotations

import dataclasses
import re
import secrets
import string

from jpki.profile.errors import ProfileError

ID_ALPHABET = string.ascii_uppercase + string.digits
RANDOM_PART_LENGTH = 14
TERMINAL_CODE_LENGTH = 9

_RANDOM_PART = re.compile(rf"^[A-Z0-9]{{{RANDOM_PART_LENGTH}}}$")
_TERMINAL_CODE = re.compile(r"^[0-9]{8}[A-Z0-9]$")


def validate_terminal_code(code: str) -> str:
    """Check a receiving-terminal code: 8 digits and one letter or digit (e.g. `07202002B`)."""
    if not _TERMINAL_CODE.match(code):
        raise ProfileError(f"receiving-terminal code must be 8 digits + 1 of A-Z0-9: {code!r}")
    return code


def validate_mykey_part(part: str) -> str:
    """Check a holder-chosen MyKey ID part: exactly 14 characters of A-Z and 0-9."""
    if not _RANDOM_PART.match(part):
        raise ProfileError(f"a MyKey ID is 14 characters of A-Z and 0-9: {part!r}")
    return part


def random_part() -> str:
    """A fresh 14-character random part (from the OS's CSPRNG)."""
    return "".join(secrets.choice(ID_ALPHABET) for _ in range(RANDOM_PART_LENGTH))


@dataclasses.dataclass(frozen=True)
class SubjectId:
    """The CN of a JPKI end-entity certificate: random (or MyKey) part + terminal code."""

    unique_part: str
    terminal_code: str

    def __post_init__(self) -> None:
        validate_mykey_part(self.unique_part)
        validate_terminal_code(self.terminal_code)

    def __str__(self) -> str:
        return self.unique_part + self.terminal_code

    @classmethod
    def new(cls, terminal_code: str) -> SubjectId:
        return cls(random_part(), terminal_code)

    @classmethod
    def parse(cls, text: str) -> SubjectId:
        """Split a 23-character CN; raises ProfileError if it does not have the JPKI shape."""
        if len(text) != RANDOM_PART_LENGTH + TERMINAL_CODE_LENGTH:
            raise ProfileError(f"a JPKI subject id has 23 characters, got {len(text)}: {text!r}")
        return cls(text[:RANDOM_PART_LENGTH], text[RANDOM_PART_LENGTH:])


__all__ = [
    "ID_ALPHABET",
    "SubjectId",
    "random_part",
    "validate_mykey_part",
    "validate_terminal_code",
]
