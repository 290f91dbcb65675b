"""The free-area CA: J-LIS certifying an issuer's install key (空き領域へのアプリ搭載).

A business (an employer, a licensing authority) that has passed the competent minister's check
(主務大臣の確認) gets one install certificate per card application it may install: the
certificate's CN names the issuer and its subject serialNumber the application's AID
(jpki.profile.free_area, where what of this is modelled and unconfirmed is set down). Every
card carries the free-area CA's certificate (`roots/free-area-ca.pem`) and installs only what an
install certificate under it signed.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from jpki.authority.ca import new_serial
from jpki.authority.errors import InvalidRequest
from jpki.authority.own_keys import SelfSignedKey
from jpki.clock import Clock
from jpki.profile.errors import ProfileError
from jpki.profile.free_area import validate_aid

INSTALL_VALIDITY = dt.timedelta(days=5 * 365)


class FreeAreaAuthority:
    """Issues install certificates to card application issuers."""

    def __init__(self, ca: SelfSignedKey, clock: Clock) -> None:
        self.ca = ca
        self._clock = clock

    def issue(
        self, issuer: str, aid: bytes, public_key: ec.EllipticCurvePublicKey
    ) -> x509.Certificate:
        """An install certificate: `issuer` may install the application `aid` on any card."""
        try:
            validate_aid(aid)
        except ProfileError as exc:
            raise InvalidRequest(str(exc)) from exc
        if not 0 < len(issuer) <= 64:
            raise InvalidRequest("an issuer's name has 1 to 64 characters")
        if not isinstance(public_key, ec.EllipticCurvePublicKey) or not isinstance(
            public_key.curve, ec.SECP256R1
        ):
            raise InvalidRequest("an install key is ECDSA P-256")
        now = self._clock.now().replace(microsecond=0)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                *self.ca.name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Free-area issuer"),
                x509.NameAttribute(NameOID.COMMON_NAME, issuer),
                x509.NameAttribute(NameOID.SERIAL_NUMBER, aid.hex().upper()),
            ]
        )
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.ca.name)
            .public_key(public_key)
            .serial_number(new_serial())
            .not_valid_before(now)
            .not_valid_after(now + INSTALL_VALIDITY)
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), True
            )
            .sign(self.ca.key, hashes.SHA256())
        )


__all__ = ["FreeAreaAuthority"]
