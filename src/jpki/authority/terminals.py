"""Institution terminals for PIN-less authentication (seed 000: PIN入力に代る外部認証).

J-LIS certifies a terminal's public key with a certificate naming its institution code
(機関コード) in the CN, under a terminal CA whose certificate every card carries
(`roots/terminal-ca.pem`). This is the seeds' design, not the deployed card's.
"""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from jpki.authority.ca import new_serial
from jpki.authority.errors import InvalidRequest
from jpki.authority.own_keys import SelfSignedKey
from jpki.clock import Clock
from jpki.profile.errors import ProfileError
from jpki.profile.pinless import validate_institution_code

TERMINAL_VALIDITY = dt.timedelta(days=5 * 365)


class TerminalAuthority:
    """Issues institution-code certificates to terminals."""

    def __init__(self, ca: SelfSignedKey, clock: Clock) -> None:
        self.ca = ca
        self._clock = clock

    def issue(self, institution_code: str, public_key: rsa.RSAPublicKey) -> x509.Certificate:
        try:
            code = validate_institution_code(institution_code)
        except ProfileError as exc:
            raise InvalidRequest(str(exc)) from exc
        if not isinstance(public_key, rsa.RSAPublicKey) or public_key.key_size < 2048:
            raise InvalidRequest("a terminal key is RSA, 2048 bits or more")
        now = self._clock.now().replace(microsecond=0)
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "JP"),
                *self.ca.name.get_attributes_for_oid(NameOID.ORGANIZATION_NAME),
                x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, "Institution terminal"),
                x509.NameAttribute(NameOID.COMMON_NAME, code),
            ]
        )
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(self.ca.name)
            .public_key(public_key)
            .serial_number(new_serial())
            .not_valid_before(now)
            .not_valid_after(now + TERMINAL_VALIDITY)
            .add_extension(
                x509.KeyUsage(True, False, False, False, False, False, False, False, False), True
            )
            .sign(self.ca.key, hashes.SHA256())
        )


__all__ = ["TerminalAuthority"]
