"""The JPKI application (公的個人認証AP): certificates, keys and PINs behind ISO 7816-4 commands.

Access rules (JPKI.md §2): the signing certificate is readable only after the signing
password is verified; the other certificates, the token info and the availability file are
free; a key signs only after its PIN is verified in this session. VERIFY follows the real card's
try counting (applets/pins.py).
"""

from __future__ import annotations

from asn1crypto import algos
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, utils

from jpki.card.applets.pins import verify_credential
from jpki.card.errors import CardError
from jpki.card.image import CardImage
from jpki.profile.apdu import JpkiFile, StatusWord
from jpki.profile.purpose import CertificatePurpose

PIN_FILES = {
    JpkiFile.AUTH_PIN: CertificatePurpose.AUTH,
    JpkiFile.SIGN_PIN: CertificatePurpose.SIGN,
}
KEY_FILES = {
    JpkiFile.AUTH_KEY: CertificatePurpose.AUTH,
    JpkiFile.SIGN_KEY: CertificatePurpose.SIGN,
}
READABLE = {
    JpkiFile.SIGN_CERTIFICATE: CertificatePurpose.SIGN,
    JpkiFile.SIGN_CA_CERTIFICATE: None,
    JpkiFile.TOKEN_INFO: None,
    JpkiFile.CERTIFICATE_AVAILABILITY: None,
    JpkiFile.AUTH_CERTIFICATE: None,
    JpkiFile.AUTH_CA_CERTIFICATE: None,
}
"""Readable files and the credential each needs (None: free)."""

HASHES: dict[str, hashes.HashAlgorithm] = {
    "sha1": hashes.SHA1(),
    "sha256": hashes.SHA256(),
    "sha384": hashes.SHA384(),
    "sha512": hashes.SHA512(),
}


class JpkiApplication:
    """The JPKI AP's state for one session: the current EF and which PINs are verified."""

    def __init__(self, image: CardImage) -> None:
        self._image = image
        self._current: int | None = None
        self._verified: set[CertificatePurpose] = set()

    def select_file(self, fid: int) -> None:
        known = fid in READABLE or fid in PIN_FILES or fid in KEY_FILES
        if not known or (fid in READABLE and fid not in self._image.files):
            raise CardError(StatusWord.FILE_NOT_FOUND)
        self._current = fid

    def read_binary(self, offset: int, length: int) -> bytes:
        fid = self._require_current()
        if fid not in READABLE:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "not a readable file")
        needed = READABLE[JpkiFile(fid)]
        if needed is not None and needed not in self._verified:
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        content = self._image.files[fid]
        if offset >= len(content):
            raise CardError(StatusWord.WRONG_OFFSET)
        return content[offset : offset + length]

    def verify(self, candidate: bytes) -> int:
        """VERIFY against the current PIN EF; returns the status word to answer."""
        purpose = self._current_pin()
        status = verify_credential(self._image, purpose, candidate)
        if status == StatusWord.OK:
            self._verified.add(purpose)
        elif candidate:
            self._verified.discard(purpose)
        return status

    def change_reference_data(self, new_value: bytes) -> None:
        """CHANGE REFERENCE DATA after a successful VERIFY of the current PIN."""
        purpose = self._current_pin()
        if purpose not in self._verified:
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        try:
            text = new_value.decode("ascii")
            self._image.reset_pin(purpose, text)
        except (UnicodeDecodeError, ValueError):
            raise CardError(StatusWord.WRONG_DATA, "the new PIN breaks the PIN rules") from None

    def compute_signature(self, digest_info: bytes) -> bytes:
        """COMPUTE DIGITAL SIGNATURE: PKCS#1 v1.5 over a DER DigestInfo with the current key."""
        fid = self._require_current()
        if fid not in KEY_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "select a key EF first")
        purpose = KEY_FILES[JpkiFile(fid)]
        if purpose not in self._verified:
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        try:
            parsed = algos.DigestInfo.load(digest_info, strict=True)
            algorithm = HASHES[parsed["digest_algorithm"]["algorithm"].native]
            digest = parsed["digest"].native
        except (ValueError, TypeError, KeyError):
            raise CardError(StatusWord.WRONG_DATA, "not a DigestInfo of SHA-1/2") from None
        if len(digest) != algorithm.digest_size:
            raise CardError(StatusWord.WRONG_DATA, "digest length does not match its algorithm")
        return self._image.keys[purpose].sign(
            digest, padding.PKCS1v15(), utils.Prehashed(algorithm)
        )

    def _require_current(self) -> int:
        if self._current is None:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "no file selected")
        return self._current

    def _current_pin(self) -> CertificatePurpose:
        fid = self._require_current()
        if fid not in PIN_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "select a PIN EF first")
        return PIN_FILES[JpkiFile(fid)]


__all__ = ["JpkiApplication"]
