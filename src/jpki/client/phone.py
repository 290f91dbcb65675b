"""The holder's side of issuing JPKI certificates to a phone from the card (スマホ用電子証明書).

What the phone app does with the card held to it: read the card's signing certificate and sign
the request with the signing password (the card counts a wrong password down, JPKI.md §2), then
install what J-LIS answered on the phone's secure element, which generated its own keys. The
request's fields and the signed bytes are `jpki.protocol.phone`'s.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from jpki.client.errors import ClientError
from jpki.client.token import JpkiToken
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.phone import PhoneIssuanceRequest


class NotACard(ClientError):
    """The token held to the phone is not a My Number card (it is a phone, or unknown)."""

    def __init__(self) -> None:
        super().__init__(
            "hold the My Number card, not a phone, to issue a phone's certificates"
            " / スマホ用電子証明書の発行にはマイナンバーカードをかざしてください"
        )


def request_phone(
    card: JpkiToken,
    sign_password: str,
    resident_id: str,
    auth_public_key: rsa.RSAPublicKey,
    sign_public_key: rsa.RSAPublicKey,
    now: dt.datetime,
) -> PhoneIssuanceRequest:
    """The request, signed by the card. Raises `WrongPin` (a try spent on the card) or
    `PinBlocked` for the signing password, `NotACard` for a phone held instead of the card."""
    if card.medium() is not Medium.CARD:
        raise NotACard()
    card.verify(CertificatePurpose.SIGN, sign_password)
    certificate = card.certificate(CertificatePurpose.SIGN)
    unsigned = PhoneIssuanceRequest(
        resident_id=resident_id,
        card_certificate=certificate.public_bytes(Encoding.DER),
        auth_public_key=_spki(auth_public_key),
        sign_public_key=_spki(sign_public_key),
        nonce=secrets.token_hex(16),
        requested_at=now,
    )
    digest = hashlib.sha256(unsigned.signed_bytes()).digest()
    signature = card.sign_digest(CertificatePurpose.SIGN, "sha256", digest)
    return unsigned.model_copy(update={"signature": signature})


def certificates_of(der: bytes, ca_der: bytes) -> tuple[x509.Certificate, x509.Certificate]:
    """A certificate and its CA certificate from J-LIS's answer, ready to install."""
    return x509.load_der_x509_certificate(der), x509.load_der_x509_certificate(ca_der)


def _spki(key: rsa.RSAPublicKey) -> bytes:
    return key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)


__all__ = ["NotACard", "certificates_of", "request_phone"]
