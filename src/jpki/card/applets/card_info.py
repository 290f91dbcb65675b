"""The card-info input-support AP (券面事項入力補助AP): My Number and 4 information as data.

Three credentials open it (JPKI.md §2): the card-info PIN opens every file; 照合番号A (the
My Number itself) opens only the My Number file; 照合番号B (era birth date + card expiry year
+ security code) opens only the 4-information file. The integrity record is readable once
either file is. Lets a counter clerk's software fill in forms without retyping the card face.
Files and counters are read from the card image store at each command, like the JPKI AP's.
"""

from __future__ import annotations

from jpki.card.applets.pins import unblocked, verify_credential
from jpki.card.errors import CardError
from jpki.card.image import CARD_INFO_PIN, MATCHING_A, MATCHING_B
from jpki.card.store import ImageStore
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

    def __init__(self, store: ImageStore) -> None:
        self._store = store
        self._current: int | None = None
        self._verified: set[str] = set()

    def select_file(self, fid: int) -> None:
        image = self._store.current()
        if fid not in image.card_info_files and fid not in CREDENTIAL_FILES:
            raise CardError(StatusWord.FILE_NOT_FOUND)
        if fid in CREDENTIAL_FILES and CREDENTIAL_FILES[fid] not in image.pins:
            raise CardError(StatusWord.FILE_NOT_FOUND)
        self._current = fid

    def read_binary(self, offset: int, length: int) -> bytes:
        fid = self._current
        if fid is None or fid in CREDENTIAL_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED)
        image = self._store.current()
        opened = (c for c in self._verified if unblocked(image, c))
        if not any(fid in OPENS[credential] for credential in opened):
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        if fid not in image.card_info_files:
            raise CardError(StatusWord.FILE_NOT_FOUND)
        content = image.card_info_files[fid]
        if offset >= len(content):
            raise CardError(StatusWord.WRONG_OFFSET)
        return content[offset : offset + length]

    def verify(self, candidate: bytes) -> int:
        """VERIFY against the current credential EF; returns the status word to answer.

        A wrong VERIFY (any answer but `90 00` to one carrying data) drops what that credential
        had opened in this session, as the JPKI AP does: JPKI.md §2 gives every credential of
        the card one VERIFY (right: `90 00`; wrong: `63 Cx`; blocked: `69 84`; no data: the
        tries left, nothing spent), so the card-info AP's credentials follow the JPKI AP's PIN
        in what a failed comparison leaves verified too. Otherwise a session would keep reading
        the My Number after a wrong guess on its card. An empty VERIFY changes nothing.
        """
        if self._current not in CREDENTIAL_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "select a credential EF first")
        credential = CREDENTIAL_FILES[self._current]
        status = verify_credential(self._store, credential, candidate)
        if status == StatusWord.OK:
            self._verified.add(credential)
        elif candidate:
            self._verified.discard(credential)
        return status

    def change_reference_data(self, new_value: bytes) -> None:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "change this PIN through the JPKI AP")

    def compute_signature(self, digest_info: bytes) -> bytes:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "this application has no keys")


__all__ = ["CardInfoApplication"]
