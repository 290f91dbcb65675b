"""Reading the card-info input-support AP (券面事項入力補助AP) through any reader.

Opens with the card-info PIN (everything), 照合番号A (My Number only) or 照合番号B
(4 information only), decodes the files, and checks the integrity record against the card
issuer's certificate when one is given.
"""

from __future__ import annotations

import dataclasses
import enum

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from jpki.client.errors import CardRefused
from jpki.client.readers import Reader, exchange, read_selected_file, send_verify
from jpki.profile.apdu import (
    AID_CARD_INFO,
    CARD_INFO_PIN_RULE,
    MATCHING_A_RULE,
    MATCHING_B_RULE,
    Instruction,
    PinRule,
    StatusWord,
)
from jpki.profile.card_info import (
    CARD_INFO_PIN_FILE,
    FOUR_INFO_FILE,
    INTEGRITY_FILE,
    MATCHING_A_FILE,
    MATCHING_B_FILE,
    MY_NUMBER_FILE,
    decode_four_info_file,
    decode_integrity_file,
    decode_my_number_file,
    integrity_signed_part,
)
from jpki.profile.four_info import FourInfo


class Opener(enum.StrEnum):
    """Which credential opens the AP."""

    PIN = "pin"
    MATCHING_A = "a"
    MATCHING_B = "b"

    @property
    def rule(self) -> PinRule:
        return {"pin": CARD_INFO_PIN_RULE, "a": MATCHING_A_RULE, "b": MATCHING_B_RULE}[self.value]

    @property
    def file(self) -> int:
        return {"pin": CARD_INFO_PIN_FILE, "a": MATCHING_A_FILE, "b": MATCHING_B_FILE}[self.value]


@dataclasses.dataclass(frozen=True)
class CardInfo:
    """What the AP gave: My Number and/or 4 information, and whether the issuer's seal held."""

    my_number: str | None
    four_info: FourInfo | None
    integrity_verified: bool | None
    """None if no issuer certificate was given or the record was not readable."""


class CardInfoSession:
    """The card-info AP on the card in `reader`."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._send(
            bytes((0, Instruction.SELECT, 4, 0x0C, len(AID_CARD_INFO))) + AID_CARD_INFO,
            "SELECT card-info AP",
        )

    def _send(self, apdu: bytes, what: str) -> bytes:
        data, status = exchange(self.reader, apdu)
        if status != StatusWord.OK:
            raise CardRefused(what, status)
        return data

    def _select(self, fid: int) -> None:
        self._send(
            bytes((0, Instruction.SELECT, 2, 0x0C, 2)) + fid.to_bytes(2), f"SELECT {fid:04X}"
        )

    def open(self, opener: Opener, value: str) -> None:
        self._select(opener.file)
        send_verify(self.reader, value.strip().encode(), opener.rule.name)

    def read_file(self, fid: int) -> bytes | None:
        """A whole file (None if the opened credential does not cover it)."""
        self._select(fid)
        return read_selected_file(self.reader, fid)

    def read(self, issuer: x509.Certificate | None = None) -> CardInfo:
        my_number_file = self.read_file(MY_NUMBER_FILE)
        four_info_file = self.read_file(FOUR_INFO_FILE)
        integrity = None
        if issuer is not None and my_number_file is not None and four_info_file is not None:
            integrity = _integrity_holds(
                my_number_file, four_info_file, self.read_file(INTEGRITY_FILE), issuer
            )
        return CardInfo(
            decode_my_number_file(my_number_file) if my_number_file else None,
            decode_four_info_file(four_info_file) if four_info_file else None,
            integrity,
        )


def _integrity_holds(
    my_number_file: bytes, four_info_file: bytes, record: bytes | None, issuer: x509.Certificate
) -> bool:
    if record is None:
        return False
    parsed = decode_integrity_file(record)
    if parsed.signed_part != integrity_signed_part(my_number_file, four_info_file):
        return False
    key = issuer.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(parsed.signature, parsed.signed_part, padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


__all__ = ["CardInfo", "CardInfoSession", "Opener"]
