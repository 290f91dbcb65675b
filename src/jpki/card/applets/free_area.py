"""The free area (空き領域): the manager that installs issuers' applets, and the applets themselves.

`FreeAreaManager` answers INSTALL and DELETE with a package signed by an issuer whose install
certificate J-LIS's free-area CA issued (jpki.profile.free_area has the rules and what of them
is unconfirmed). `InstalledApplication` is one installed applet's session: its files, its own
PIN and its own key's INTERNAL AUTHENTICATE. Both change only `CardImage.applets`: the JPKI
AP's files, keys and PIN counters are never written (tests/card/test_free_area.py compares
them byte for byte), and only the authentication certificate is read, for the card binding.
"""

from __future__ import annotations

import hmac

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from jpki.card.errors import CardError
from jpki.card.image import APPLET_PIN_RULE, CardImage, InstalledApplet, PinRecord
from jpki.card.store import ImageStore
from jpki.profile.apdu import JpkiFile, StatusWord
from jpki.profile.errors import ProfileError
from jpki.profile.free_area import (
    CHALLENGE_MAX,
    CHALLENGE_MIN,
    DELETE_DOMAIN,
    FREE_AREA_CAPACITY,
    INSTALL_DOMAIN,
    Manifest,
    Policy,
    Removal,
    SignedPackage,
    card_binding,
    install_certificate_aid,
    internal_auth_message,
)


def _authorised(image: CardImage, package: SignedPackage, domain: bytes) -> bytes:
    """The AID the package's install certificate names, once certificate and signature hold.

    `6985` when the card has no free-area CA, `6982` for a certificate J-LIS did not issue or
    a signature that does not hold."""
    if image.free_area_ca is None:
        raise CardError(StatusWord.CONDITIONS_NOT_SATISFIED, "no free-area CA on this card")
    try:
        certificate = x509.load_der_x509_certificate(package.certificate)
        anchor = x509.load_der_x509_certificate(image.free_area_ca)
        certificate.verify_directly_issued_by(anchor)
        aid = install_certificate_aid(certificate)
        key = certificate.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED, "install keys are ECDSA")
        key.verify(package.signature, domain + package.body, ec.ECDSA(hashes.SHA256()))
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm, ProfileError):
        raise CardError(
            StatusWord.SECURITY_STATUS_NOT_SATISFIED, "not an install package J-LIS authorised"
        ) from None
    return aid


def _check_binding(image: CardImage, binding: bytes) -> None:
    """`6A 80` for a package made for another card (or a card with no certificate)."""
    certificate = image.files.get(JpkiFile.AUTH_CERTIFICATE)
    if certificate is None or not hmac.compare_digest(card_binding(certificate), binding):
        raise CardError(StatusWord.WRONG_DATA, "the package is for another card")


def _decode_package(data: bytes) -> SignedPackage:
    try:
        return SignedPackage.decode(data)
    except ProfileError:
        raise CardError(StatusWord.WRONG_DATA, "not an install package") from None


class FreeAreaManager:
    """The free-area manager's session: INSTALL and DELETE (no files, no PIN)."""

    def __init__(self, store: ImageStore) -> None:
        self._store = store

    def reselected(self) -> None:
        """Nothing of a session to forget."""

    def select_file(self, fid: int) -> None:
        """The manager has no files."""
        raise CardError(StatusWord.FILE_NOT_FOUND)

    def install(self, data: bytes) -> bytes:
        """INSTALL: write the applet the package describes; answers its new public key (DER).

        Refusals: `6A 80` malformed or for another card, `6982` not authorised (or the AID is
        not the certificate's), `6985` a sequence not above the installed one's, `6A 84` the
        free area is full."""
        package = _decode_package(data)
        try:
            manifest = Manifest.decode(package.body)
        except ProfileError:
            raise CardError(StatusWord.WRONG_DATA, "not an install manifest") from None
        with self._store.change() as change:
            image = change.image
            aid = _authorised(image, package, INSTALL_DOMAIN)
            if aid != manifest.aid:
                raise CardError(
                    StatusWord.SECURITY_STATUS_NOT_SATISFIED, "the certificate names another AID"
                )
            _check_binding(image, manifest.binding)
            installed = image.applets.get(aid)
            if installed is not None and manifest.sequence <= installed.sequence:
                raise CardError(StatusWord.CONDITIONS_NOT_SATISFIED, "an older package")
            used = sum(
                sum(len(content) for content in applet.files.values())
                for other, applet in image.applets.items()
                if other != aid
            )
            if used + manifest.size > FREE_AREA_CAPACITY:
                raise CardError(StatusWord.NOT_ENOUGH_MEMORY, "the free area is full")
            key = ec.generate_private_key(ec.SECP256R1())
            image.applets[aid] = InstalledApplet(
                issuer_certificate=package.certificate,
                sequence=manifest.sequence,
                policy=manifest.policy,
                files=dict(manifest.files),
                key=key,
                pin=PinRecord.new(manifest.pin, APPLET_PIN_RULE) if manifest.pin else None,
            )
        return key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def delete(self, data: bytes) -> None:
        """DELETE: remove the issuer's applet (`6A 82` if it is not there)."""
        package = _decode_package(data)
        try:
            removal = Removal.decode(package.body)
        except ProfileError:
            raise CardError(StatusWord.WRONG_DATA, "not a removal") from None
        with self._store.change() as change:
            image = change.image
            aid = _authorised(image, package, DELETE_DOMAIN)
            if aid != removal.aid:
                raise CardError(
                    StatusWord.SECURITY_STATUS_NOT_SATISFIED, "the certificate names another AID"
                )
            _check_binding(image, removal.binding)
            installed = image.applets.get(aid)
            if installed is None:
                raise CardError(StatusWord.FILE_NOT_FOUND, "no such applet")
            if removal.sequence <= installed.sequence:
                raise CardError(StatusWord.CONDITIONS_NOT_SATISFIED, "an older package")
            del image.applets[aid]


class InstalledApplication:
    """One installed applet's session: the current EF and whether its PIN is verified."""

    def __init__(self, store: ImageStore, aid: bytes) -> None:
        self._store = store
        self.aid = aid
        self._current: int | None = None
        self._verified = False

    def reselected(self) -> None:
        self._current = None

    def _applet(self) -> InstalledApplet:
        applet = self._store.current().applets.get(self.aid)
        if applet is None:  # deleted by another opener since the SELECT
            raise CardError(StatusWord.FILE_NOT_FOUND, "the applet is gone")
        return applet

    def _opened(self, applet: InstalledApplet) -> bool:
        return self._verified and applet.pin is not None and applet.pin.tries_left > 0

    def select_file(self, fid: int) -> None:
        if fid not in self._applet().files:
            raise CardError(StatusWord.FILE_NOT_FOUND)
        self._current = fid

    def read_binary(self, offset: int, length: int) -> bytes:
        if self._current is None:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "no file selected")
        applet = self._applet()
        if applet.policy & Policy.FILES_NEED_PIN and not self._opened(applet):
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        content = applet.files.get(self._current)
        if content is None:
            raise CardError(StatusWord.FILE_NOT_FOUND)
        if offset >= len(content):
            raise CardError(StatusWord.WRONG_OFFSET)
        return content[offset : offset + length]

    def verify(self, candidate: bytes) -> int:
        """VERIFY the applet's own PIN, counted as the JPKI AP counts its PINs (applets/pins.py)
        but on the applet's own counter; an applet with no PIN answers `69 85`."""
        with self._store.change() as change:
            applet = change.image.applets.get(self.aid)
            if applet is None:
                raise CardError(StatusWord.FILE_NOT_FOUND, "the applet is gone")
            record = applet.pin
            if record is None:
                raise CardError(StatusWord.CONDITIONS_NOT_SATISFIED, "this applet has no PIN")
            if record.tries_left == 0:
                self._verified = False
                return StatusWord.AUTHENTICATION_BLOCKED
            if not candidate:
                return StatusWord.tries_left(record.tries_left)
            record.tries_left -= 1
            change.save()  # the try is gone before we compare
            if not record.matches(candidate):
                self._verified = False
                return StatusWord.tries_left(record.tries_left)
            record.tries_left = APPLET_PIN_RULE.max_tries
        self._verified = True
        return StatusWord.OK

    def internal_authenticate(self, challenge: bytes) -> bytes:
        """INTERNAL AUTHENTICATE: the applet's key signs (ECDSA P-256 SHA-256, DER) the
        terminal's challenge with the applet's AID; PIN-less if the policy allows."""
        if not CHALLENGE_MIN <= len(challenge) <= CHALLENGE_MAX:
            raise CardError(
                StatusWord.WRONG_LENGTH, f"a challenge has {CHALLENGE_MIN}-{CHALLENGE_MAX} bytes"
            )
        applet = self._applet()
        if not applet.policy & Policy.PINLESS_AUTHENTICATE and not self._opened(applet):
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        return applet.key.sign(
            internal_auth_message(self.aid, challenge), ec.ECDSA(hashes.SHA256())
        )

    def change_reference_data(self, new_value: bytes) -> None:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "the issuer sets this PIN")

    def compute_signature(self, data: bytes) -> bytes:
        raise CardError(StatusWord.FUNCTION_NOT_SUPPORTED, "use INTERNAL AUTHENTICATE")


__all__ = ["FreeAreaManager", "InstalledApplication"]
