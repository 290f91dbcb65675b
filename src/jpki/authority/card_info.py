"""The card-info AP's files as J-LIS writes them at personalisation, with their integrity record.

The files come from the register (My Number, current 4 information), not from the caller, and
the integrity record is signed with the card issuer's key, so software reading a card can tell
the card-info files are J-LIS's. The issuer's self-signed certificate is published as
`roots/card-info-issuer.pem`.
"""

from __future__ import annotations

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from jpki.authority.card_face import CardFaceIssuer
from jpki.authority.own_keys import SelfSignedKey
from jpki.profile.card_info import (
    FOUR_INFO_FILE,
    INTEGRITY_FILE,
    MY_NUMBER_FILE,
    encode_four_info_file,
    encode_integrity_file,
    encode_my_number_file,
    integrity_signed_part,
)
from jpki.profile.four_info import FourInfo


class CardInfoIssuer:
    """Makes the card-info and card-face files of a card and seals them, with one key."""

    def __init__(self, issuer: SelfSignedKey) -> None:
        self._issuer = issuer

    @property
    def card_face(self) -> CardFaceIssuer:
        """The card-face AP's files, sealed by the same card issuer key."""
        return CardFaceIssuer(self._issuer.key)

    @property
    def certificate(self) -> x509.Certificate:
        """The issuer certificate software reading a card checks the seal against."""
        return self._issuer.certificate

    def files(self, my_number: str, four_info: FourInfo) -> dict[int, bytes]:
        """EF 0001, 0002, the signed integrity record EF 0003, and the free EF 0004 and 0005."""
        my_number_file = encode_my_number_file(my_number)
        four_info_file = encode_four_info_file(four_info)
        signed_part = integrity_signed_part(my_number_file, four_info_file)
        signature = self._issuer.key.sign(signed_part, padding.PKCS1v15(), hashes.SHA256())
        return {
            MY_NUMBER_FILE: my_number_file,
            FOUR_INFO_FILE: four_info_file,
            INTEGRITY_FILE: encode_integrity_file(signed_part, signature),
            **self.card_face.cv_files(),
        }


__all__ = ["CardInfoIssuer"]
