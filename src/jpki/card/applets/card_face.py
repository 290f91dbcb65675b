"""The card-face confirmation AP (券面事項確認AP): the card face as images, sealed by the issuer.

A counter clerk types 照合番号B from the card face (or the holder's My Number, 照合番号A), and the
terminal reads the card face as the chip holds it: birth date, sex, name and address as images,
the face photo, the expiry and the security code, with the issuer's signature over them
(profile/card_face.py). Either credential opens the card-face file EF 0002; the AP basic
information EF 0003 and the issuer's CV certificate EF 0004 are free. Public readers select this
AP right after the JPKI AP to list every PIN's status and stop if the SELECT fails (JPKI.md §7).
"""

from __future__ import annotations

from jpki.card.applets.protected import ProtectedFilesApplication
from jpki.card.image import FACE_MATCHING_A, FACE_MATCHING_B, CardImage
from jpki.profile.card_face import (
    CARD_FACE_FILE,
    FACE_BASIC_INFO_FILE,
    FACE_MATCHING_A_FILE,
    FACE_MATCHING_B_FILE,
)
from jpki.profile.card_verifiable import CV_CERTIFICATE_FILE


class CardFaceApplication(ProtectedFilesApplication):
    """The card-face AP's state for one session."""

    credentials = {FACE_MATCHING_A_FILE: FACE_MATCHING_A, FACE_MATCHING_B_FILE: FACE_MATCHING_B}
    opens = {
        FACE_MATCHING_A: frozenset({CARD_FACE_FILE}),
        FACE_MATCHING_B: frozenset({CARD_FACE_FILE}),
    }
    free = frozenset({FACE_BASIC_INFO_FILE, CV_CERTIFICATE_FILE})

    def files(self, image: CardImage) -> dict[int, bytes]:
        return image.card_face_files


__all__ = ["CardFaceApplication"]
