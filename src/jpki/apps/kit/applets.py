"""A card application issuer's side of the free area (空き領域): its install key, its packages,
and the JPKI check at its desk that comes before it writes to a card.

An issuer that passed the minister's check holds an install key and J-LIS's install
certificate for its application's AID (`DIR/free-area/<issuer>/install.{pem,key}` in the
sandbox). It signs a package for one card, the one whose JPKI authentication certificate it
has just checked (jpki.profile.free_area).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, load_pem_private_key
from sqlalchemy import ColumnElement, func, select

from jpki.apps.kit.card_requests import CardRefusal
from jpki.apps.kit.context import ServiceContext
from jpki.apps.kit.refusals import accepted_login
from jpki.client.token import JpkiToken
from jpki.profile.challenge import authentication_digest
from jpki.profile.free_area import (
    DELETE_DOMAIN,
    INSTALL_DOMAIN,
    Manifest,
    Removal,
    SignedPackage,
    install_certificate_aid,
)
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.codec import encode_b64
from jpki.protocol.levels import Level
from jpki.protocol.wallet import Challenge, LoginAnswer


@dataclasses.dataclass(frozen=True)
class AppletIssuer:
    """An issuer's install certificate and key."""

    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey

    @classmethod
    def load(cls, folder: Path) -> AppletIssuer:
        key = load_pem_private_key((folder / "install.key").read_bytes(), None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("an install key is ECDSA")
        certificate = x509.load_pem_x509_certificate((folder / "install.pem").read_bytes())
        return cls(certificate, key)

    @property
    def aid(self) -> bytes:
        return install_certificate_aid(self.certificate)

    def _signed(self, domain: bytes, body: bytes) -> bytes:
        signature = self.key.sign(domain + body, ec.ECDSA(hashes.SHA256()))
        return SignedPackage(self.certificate.public_bytes(Encoding.DER), body, signature).encode()

    def install_package(self, manifest: Manifest) -> bytes:
        """INSTALL's data for `manifest` (for the card its binding names)."""
        return self._signed(INSTALL_DOMAIN, manifest.encode())

    def removal_package(self, removal: Removal) -> bytes:
        return self._signed(DELETE_DOMAIN, removal.encode())


def desk_pin_check(context: ServiceContext, token: JpkiToken, pin: str) -> tuple[bytes, str]:
    """The JPKI check at an issuer's desk (the card on the desk's reader): the holder's PIN
    login judged by the platform. Returns the authentication certificate's DER (what the
    package is bound to) and the platform's receipt; a `CardRefusal` saying why otherwise."""
    issued = context.platform.challenge(context.origin)
    challenge = Challenge.model_validate(
        {key: issued[key] for key in ("nonce", "provider", "origin")}
    )
    digest = authentication_digest(challenge.provider, challenge.origin, challenge.nonce_bytes)
    token.verify(CertificatePurpose.AUTH, pin)
    signature = token.sign_digest(CertificatePurpose.AUTH, "sha256", digest)
    der = token.certificate(CertificatePurpose.AUTH).public_bytes(Encoding.DER)
    answer = context.platform.authenticate(
        issued, LoginAnswer(certificate=encode_b64(der), signature=encode_b64(signature))
    )
    result = accepted_login(answer)
    if result.assurance is not Level.PIN:
        raise CardRefusal("the desk's check needs the card's PIN / 暗証番号が必要です")
    return der, answer.receipt


def next_sequence(context: ServiceContext, sequence: Any, where: ColumnElement[bool]) -> int:
    """The sequence number of the next install package for one holder's applet: above every
    package the service wrote before (`sequence` column, rows `where`), so the card refuses an
    older package played back, and never below the clock's seconds."""
    with context.database.transaction() as session:
        last = session.scalar(select(func.max(sequence)).where(where))
    return max(int(context.clock.now().timestamp()), (last or 0) + 1)


__all__ = ["AppletIssuer", "desk_pin_check", "next_sequence"]
