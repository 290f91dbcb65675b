"""Phones of the sandbox's residents (スマホ用電子証明書): their secure elements as card images, and
issuing them from the card.

A phone's secure element is a card image of the same card OS (`jpki.card`) whose token file
reads `JPKIAPGPSETOKEN`, kept as DATA/phones/<resident>.phone. Issuance is all or nothing on the
holder's side too: the secure element's keys are made in a pending image beside the final one,
the card signs the request, J-LIS answers; only then are the certificates installed and the
image put in place (an atomic rename). A refusal discards the pending image, so there is never
a key without its certificate, and J-LIS issues both certificates or neither.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import rsa

from jpki.card.store import ImageStore
from jpki.client.phone import certificates_of, request_phone
from jpki.client.readers import Reader
from jpki.client.token import JpkiToken
from jpki.profile.medium import Medium
from jpki.profile.purpose import CertificatePurpose
from jpki.protocol.phone import PhoneIssuanceRequest, PhoneIssued

Authority = Callable[[PhoneIssuanceRequest], PhoneIssued]
"""J-LIS's phone issuance: in process (`Authority.issue_phone`) or over `POST /v1/phones`."""


@dataclasses.dataclass(frozen=True)
class PendingPhone:
    """A phone's secure element whose keys exist but whose certificates do not yet."""

    store: ImageStore
    final: Path

    def public_key(self, purpose: CertificatePurpose) -> rsa.RSAPublicKey:
        return self.store.current().public_key(purpose)


class SecureElements:
    """The phones of a sandbox: DATA/phones/<resident>.phone, one per resident.

    `terminal_ca` is J-LIS's terminal CA, written into each new phone as into each card, so a
    phone answers PIN-less at a registered terminal (a ticket gate) as the card does (seed 000's
    design; whether real phones offer it is not public, modelled).
    """

    def __init__(self, folder: Path, terminal_ca: x509.Certificate | None = None) -> None:
        self.folder = folder
        self.terminal_ca = terminal_ca

    def path(self, resident_id: str) -> Path:
        return self.folder / f"{resident_id}.phone"

    def exists(self, resident_id: str) -> bool:
        return self.path(resident_id).exists()

    def open(self, resident_id: str) -> ImageStore:
        return ImageStore.open(self.path(resident_id))

    def prepare(self, resident_id: str, pin: str, password: str) -> PendingPhone:
        """Keys generated in a new secure element (pending), the holder's PIN and password set."""
        final = self.path(resident_id)
        pending = final.with_name(f".{final.name}.pending")
        store = ImageStore.create(pending, pin, password, Medium.PHONE)
        return PendingPhone(store, final)

    def commit(self, pending: PendingPhone, issued: PhoneIssued) -> ImageStore:
        """Install J-LIS's certificates and put the secure element in place (replacing any old
        phone's: a resident's phone image is the phone in use)."""
        with pending.store.change() as change:
            if self.terminal_ca is not None:
                change.image.install_terminal_ca(self.terminal_ca)
            for purpose, der, ca in (
                (CertificatePurpose.AUTH, issued.auth_certificate, issued.auth_ca_certificate),
                (CertificatePurpose.SIGN, issued.sign_certificate, issued.sign_ca_certificate),
            ):
                change.image.install_certificate(purpose, *certificates_of(der, ca))
        os.replace(pending.store.path, pending.final)
        pending.store.lock_path.unlink(missing_ok=True)
        return ImageStore.open(pending.final)

    @staticmethod
    def discard(pending: PendingPhone) -> None:
        pending.store.path.unlink(missing_ok=True)
        pending.store.lock_path.unlink(missing_ok=True)


PHONE_SHARE = 3
"""In `jpki up`, two residents in three who may sign (15 and over) have a phone; the rest
have the card only, so both kinds of holder are there to test with."""


def has_phone(resident_id: str) -> bool:
    """Whether the sandbox gives this resident (15 and over) a phone at creation: stable per
    resident id, whatever the order of creation."""
    digest = hashlib.sha256(resident_id.encode()).digest()
    return digest[0] % PHONE_SHARE != 0


def issue_from_card(
    phones: SecureElements,
    authority: Authority,
    card: Reader,
    *,
    resident_id: str,
    sign_password: str,
    phone_pin: str,
    phone_password: str,
    now: dt.datetime,
) -> tuple[ImageStore, PhoneIssued]:
    """The holder's online act: the card proves itself, J-LIS issues the phone (or refuses, and
    nothing is left behind). Raises the client's PIN errors or `PhoneRefused`."""
    pending = phones.prepare(resident_id, phone_pin, phone_password)
    try:
        request = request_phone(
            JpkiToken(card),
            sign_password,
            resident_id,
            pending.public_key(CertificatePurpose.AUTH),
            pending.public_key(CertificatePurpose.SIGN),
            now,
        )
        issued = authority(request)
    except BaseException:
        phones.discard(pending)
        raise
    return phones.commit(pending, issued), issued


__all__ = [
    "PHONE_SHARE",
    "Authority",
    "PendingPhone",
    "SecureElements",
    "has_phone",
    "issue_from_card",
]
