"""The card-info input-support AP (券面事項入力補助AP): My Number and 4 information as data.

Three credentials open it (JPKI.md §2): the card-info PIN opens every file; 照合番号A (the
My Number itself) opens only the My Number file; 照合番号B (era birth date + card expiry year
+ security code) opens only the 4-information file. The integrity record is readable once
either file is. Lets a counter clerk's software fill in forms without retyping the card face.
"""

from __future__ import annotations

from jpki.card.applets.pins import verify_credential
from jpki.card.errors import CardError
from jpki.card.image import CARD_INFO_PIN, MATCHING_A, MATCHING_B, CardImage
from jpki.profile.apdu import StatusWord
from jpki.profile.card_info import (
    CARD_INFO_PIN_FILE,
    FOUR_INFO_FILE,
    INTEGRITY_FILE,
    MATCHING_A_FILE,
    MATCHING_B_FILE,
    MY_NUMBER_FILE,
)

CREDENTIAL_FILES = {
    CARD_INFO_PIN_FILE: CARD_INFO_PIN,
    MATCHING_A_FILE: MATCHING_A,
    MATCHING_B_FILE: MATCHING_B,
}
OPENS = {
    CARD_INFO_PIN: {MY_NUMBER_FILE, FOUR_INFO_FILE, INTEGRITY_FILE},
    MATCHING_A: {MY_NUMBER_FILE, INTEGRITY_FILE},
    MATCHING_B: {FOUR_INFO_FILE, INTEGRITY_FILE},
}


class CardInfoApplication:
    """The card-info AP's state for one session."""

    def __init__(self, image: CardImage) -> None:
        self._image = image
        self._current: int | None = None
        self._verified: set[str] = set()

    def select_file(self, fid: int) -> None:
        if fid not in self._image.card_info_files and fid not in CREDENTIAL_FILES:
            raise CardError(StatusWord.FILE_NOT_FOUND)
        if fid in CREDENTIAL_FILES and CREDENTIAL_FILES[fid] not in self._image.pins:
            raise CardError(StatusWord.FILE_NOT_FOUND)
        self._current = fid

    def read_binary(self, offset: int, length: int) -> bytes:
        fid = self._current
        if fid is None or fid in CREDENTIAL_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED)
        if not any(fid in OPENS[credential] for credential in self._verified):
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        content = self._image.card_info_files[fid]
        if offset >= len(content):
            raise CardError(StatusWord.WRONG_OFFSET)
        return content[offset : offset + length]

    def verify(self, candidate: bytes) -> int:
        if self._current not in CREDENTIAL_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "select a credential EF first")
        credential = CREDENTIAL_FILES[self._current]
        status = verify_credential(self._image, credential, candidate)
        if status == StatusWord.OK:
            self._verified.add(credential)
        return status

    def change_reference_data(self, new_value: bytes) -> None:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "change this PIN through the JPKI AP")

    def compute_signature(self, digest_info: bytes) -> bytes:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "this application has no keys")


__all__ = ["CardInfoApplication"]
