"""The card-info input-support AP (券面事項入力補助AP): My Number and 4 information as data.

Three credentials open it (JPKI.md §2): the card-info PIN opens every file; 照合番号A (the
My Number itself) opens only the My Number file; 照合番号B (era birth date + card expiry year
+ security code) opens only the 4-information file. The integrity record is readable once
either file is. EF 0004 (the issuer key's card-verifiable certificate) and EF 0005 (AP basic
information) are readable without any credential (JPKI.md §7). Lets a counter clerk's software
fill in forms without retyping the card face.
"""

from __future__ import annotations

from jpki.card.applets.protected import ProtectedFilesApplication
from jpki.card.image import CARD_INFO_PIN, MATCHING_A, MATCHING_B, CardImage
from jpki.profile.card_info import (
    CARD_INFO_PIN_FILE,
    FOUR_INFO_FILE,
    INTEGRITY_FILE,
    MATCHING_A_FILE,
    MATCHING_B_FILE,
    MY_NUMBER_FILE,
)
from jpki.profile.card_verifiable import AP_BASIC_INFO_FILE, CV_CERTIFICATE_FILE


class CardInfoApplication(ProtectedFilesApplication):
    """The card-info AP's state for one session."""

    credentials = {
        CARD_INFO_PIN_FILE: CARD_INFO_PIN,
        MATCHING_A_FILE: MATCHING_A,
        MATCHING_B_FILE: MATCHING_B,
    }
    opens = {
        CARD_INFO_PIN: frozenset({MY_NUMBER_FILE, FOUR_INFO_FILE, INTEGRITY_FILE}),
        MATCHING_A: frozenset({MY_NUMBER_FILE, INTEGRITY_FILE}),
        MATCHING_B: frozenset({FOUR_INFO_FILE, INTEGRITY_FILE}),
    }
    free = frozenset({CV_CERTIFICATE_FILE, AP_BASIC_INFO_FILE})

    def files(self, image: CardImage) -> dict[int, bytes]:
        return image.card_info_files


__all__ = ["CardInfoApplication"]
