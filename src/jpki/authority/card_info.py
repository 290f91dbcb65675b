"""The card-info AP's files as J-LIS writes them at personalisation, with their integrity record.

The files come from the register (My Number, current 4 information), not from the caller, and
the integrity record is signed with the card issuer's key, so software reading a card can tell
the card-info files are J-LIS's. The issuer's self-signed certificate is published as
`roots/card-info-issuer.pem`.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.x509.oid import NameOID

from jpki.authority.ca import new_rsa_key, new_serial
from jpki.authority.keystore import KeyStore
from jpki.clock import Clock
from jpki.files import atomic_write
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
from jpki.profile.purpose import PRODUCTION_ORGANIZATION, TEST_ORGANIZATION

KEY_NAME = "card-info-issuer.pem"


class CardInfoIssuer:
    """Holds the card issuer's key; makes and signs card-info files."""

    def __init__(self, keys: KeyStore, roots_dir: Path, clock: Clock, *, test: bool) -> None:
        self._keys = keys
        self._certificate_path = roots_dir / "card-info-issuer.pem"
        self._clock = clock
        self._test = test

    def _ensure(self) -> None:
        if self._certificate_path.exists():
            return
        key = new_rsa_key()
        self._keys.save(KEY_NAME, key)
        organization = TEST_ORGANIZATION if self._test else PRODUCTION_ORGANIZATION
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
                x509.NameAttribute(NameOID.COMMON_NAME, "Card-info issuer (券面事項入力補助AP)"),
            ]
        )
        now = self._clock.now().replace(microsecond=0)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(new_serial())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=3653))
            .sign(key, hashes.SHA256())
        )
        atomic_write(self._certificate_path, certificate.public_bytes(serialization.Encoding.PEM))

    def files(self, my_number: str, four_info: FourInfo) -> dict[int, bytes]:
        """EF 0001, 0002 and the signed integrity record EF 0003."""
        self._ensure()
        my_number_file = encode_my_number_file(my_number)
        four_info_file = encode_four_info_file(four_info)
        signed_part = integrity_signed_part(my_number_file, four_info_file)
        signature = self._keys.load(KEY_NAME).sign(signed_part, padding.PKCS1v15(), hashes.SHA256())
        return {
            MY_NUMBER_FILE: my_number_file,
            FOUR_INFO_FILE: four_info_file,
            INTEGRITY_FILE: encode_integrity_file(signed_part, signature),
        }


__all__ = ["CardInfoIssuer"]
