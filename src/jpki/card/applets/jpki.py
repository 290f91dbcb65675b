"""The JPKI application (公的個人認証AP): certificates, keys and PINs behind ISO 7816-4 commands.

Access rules (JPKI.md §2): the signing certificate is readable only after the signing
password is verified; the other certificates, the token info and the availability file are
free; a key signs only after its PIN is verified in this session (and not blocked since, by any
opener of the card). VERIFY follows the real card's try counting (applets/pins.py). The
session's state is volatile; every file, key and counter is read from the card image store at
each command, so a change by another opener of the same card is seen at once.
"""

from __future__ import annotations

import os

from asn1crypto import algos
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa, utils
from cryptography.x509.oid import NameOID

from jpki.card.applets.pins import unblocked, verify_credential
from jpki.card.errors import CardError
from jpki.card.image import CardImage
from jpki.card.store import ImageStore
from jpki.profile.apdu import KEY_FILE, PIN_FILE, JpkiFile, StatusWord
from jpki.profile.errors import ProfileError
from jpki.profile.pinless import (
    CHALLENGE_LENGTH,
    PinlessResult,
    encode_pinless_result,
    pinless_digest,
    terminal_challenge_message,
    validate_institution_code,
)
from jpki.profile.purpose import CertificatePurpose

PIN_FILES = {fid: CertificatePurpose(purpose) for purpose, fid in PIN_FILE.items()}
KEY_FILES = {fid: CertificatePurpose(purpose) for purpose, fid in KEY_FILE.items()}
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


def _digest_info(data: bytes) -> tuple[hashes.HashAlgorithm, bytes] | None:
    """The hash and digest of a DigestInfo of SHA-1/2 of the right length; None otherwise."""
    try:
        parsed = algos.DigestInfo.load(data, strict=True)
        algorithm = HASHES[parsed["digest_algorithm"]["algorithm"].native]
        digest = parsed["digest"].native
    except (ValueError, TypeError, KeyError):
        return None
    if len(digest) != algorithm.digest_size:
        return None
    return algorithm, digest


def _der_digest_info(algorithm: hashes.HashAlgorithm, digest: bytes) -> bytes:
    """The DigestInfo `cryptography` pads for this hash (NULL parameters), as DER."""
    return algos.DigestInfo(
        {"digest_algorithm": {"algorithm": algorithm.name}, "digest": digest}
    ).dump()


def sign_raw_pkcs1(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    """RSA PKCS#1 v1.5 signature (block type 01) over `data` as given, with no DigestInfo added.

    `cryptography` signs only digests it wraps itself, so the padded block is exponentiated
    here (CRT) and checked against the public key before it leaves the card; `6A 80` for input
    longer than k - 11 bytes.
    """
    size = (key.key_size + 7) // 8
    if not data or len(data) > size - 11:
        raise CardError(StatusWord.WRONG_DATA, f"the card signs 1 to {size - 11} bytes")
    block = int.from_bytes(b"\x00\x01" + b"\xff" * (size - 3 - len(data)) + b"\x00" + data)
    private = key.private_numbers()
    public = private.public_numbers
    first = pow(block, private.dmp1, private.p)
    second = pow(block, private.dmq1, private.q)
    signature = second + ((private.iqmp * (first - second)) % private.p) * private.q
    if pow(signature, public.e, public.n) != block:
        raise CardError(StatusWord.UNKNOWN, "signature self-check failed")
    return signature.to_bytes(size)


class JpkiApplication:
    """The JPKI AP's state for one session: the current EF and which PINs are verified."""

    def __init__(self, store: ImageStore) -> None:
        self._store = store
        self._current: int | None = None
        self._verified: set[CertificatePurpose] = set()
        self._challenge: bytes | None = None
        self._terminal: tuple[str, rsa.RSAPublicKey] | None = None
        self._pinless_institution: str | None = None
        """Set once a terminal passed external authentication: the auth key signs PIN-less."""

    def select_file(self, fid: int) -> None:
        known = fid in READABLE or fid in PIN_FILES or fid in KEY_FILES
        if not known or (fid in READABLE and fid not in self._store.current().files):
            raise CardError(StatusWord.FILE_NOT_FOUND)
        self._current = fid

    def read_binary(self, offset: int, length: int) -> bytes:
        fid = self._require_current()
        if fid not in READABLE:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "not a readable file")
        image = self._store.current()
        needed = READABLE[JpkiFile(fid)]
        if needed is not None and not self._opened(image, needed):
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        if fid not in image.files:  # removed by another opener since the SELECT
            raise CardError(StatusWord.FILE_NOT_FOUND)
        content = image.files[fid]
        if offset >= len(content):
            raise CardError(StatusWord.WRONG_OFFSET)
        return content[offset : offset + length]

    def verify(self, candidate: bytes) -> int:
        """VERIFY against the current PIN EF; returns the status word to answer."""
        purpose = self._current_pin()
        status = verify_credential(self._store, purpose, candidate)
        if status == StatusWord.OK:
            self._verified.add(purpose)
        elif candidate:
            self._verified.discard(purpose)
        return status

    def change_reference_data(self, new_value: bytes) -> None:
        """CHANGE REFERENCE DATA after a successful VERIFY of the current PIN."""
        purpose = self._current_pin()
        with self._store.change() as change:
            if not self._opened(change.image, purpose):
                raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
            try:
                change.image.reset_pin(purpose, new_value.decode("ascii"))
            except (UnicodeDecodeError, ValueError):
                raise CardError(StatusWord.WRONG_DATA, "the new PIN breaks the PIN rules") from None

    def reselected(self) -> None:
        """SELECT of the JPKI AP again: the current EF and any challenge go, verification stays."""
        self._current = None
        self._challenge = None

    def compute_signature(self, data: bytes) -> bytes:
        """COMPUTE DIGITAL SIGNATURE with the current key: RSA PKCS#1 v1.5 over what it is given.

        With the PIN verified the card pads the data as it arrives (EMSA-PKCS1-v1_5, block type
        01) and signs it: a DER DigestInfo gives the usual signature, any other input of up to
        k - 11 = 245 bytes (a bare digest, TLS's MD5+SHA-1) is signed as raw PKCS#1, as OpenSC
        declares the key (RSA_PAD_PKCS1 | RSA_HASH_NONE) and as the Digital Agency's signing
        API assumes when it offers both a bare SHA-256 digest and a DigestInfo (docs/card.md,
        "What the card signs"). Longer input answers `6A 80`. Without the PIN, the
        authentication key signs only after a terminal's external authentication, over the
        PIN-less digest bound to the terminal's institution code (profile/pinless.py); that
        path needs a DigestInfo, since it signs a digest of the digest.
        """
        fid = self._require_current()
        if fid not in KEY_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "select a key EF first")
        purpose = KEY_FILES[JpkiFile(fid)]
        image = self._store.current()
        verified = self._opened(image, purpose)
        pinless = (
            not verified
            and purpose is CertificatePurpose.AUTH
            and self._pinless_institution is not None
        )
        if not verified and not pinless:
            raise CardError(StatusWord.SECURITY_STATUS_NOT_SATISFIED)
        key = image.keys[purpose]
        parsed = _digest_info(data)
        if not pinless:
            if parsed is not None and _der_digest_info(*parsed) == data:
                return key.sign(parsed[1], padding.PKCS1v15(), utils.Prehashed(parsed[0]))
            return sign_raw_pkcs1(key, data)
        if parsed is None:
            raise CardError(StatusWord.WRONG_DATA, "PIN-less signing needs a DigestInfo")
        code = self._pinless_institution
        assert code is not None
        signature = key.sign(
            pinless_digest(code, parsed[1]), padding.PKCS1v15(), utils.Prehashed(hashes.SHA256())
        )
        return encode_pinless_result(PinlessResult(code, signature))

    # -- PIN-less authentication (seed 000's design) ---------------------------------------

    def get_challenge(self, length: int) -> bytes:
        if length != CHALLENGE_LENGTH:
            raise CardError(StatusWord.WRONG_LENGTH, f"the challenge has {CHALLENGE_LENGTH} bytes")
        self._challenge = os.urandom(CHALLENGE_LENGTH)
        return self._challenge

    def verify_certificate(self, der: bytes) -> None:
        """PSO VERIFY CERTIFICATE: a terminal's institution-code certificate from J-LIS."""
        terminal_ca = self._store.current().terminal_ca
        if terminal_ca is None:
            raise CardError(StatusWord.CONDITIONS_NOT_SATISFIED, "no terminal CA on this card")
        try:
            certificate = x509.load_der_x509_certificate(der)
            anchor = x509.load_der_x509_certificate(terminal_ca)
            certificate.verify_directly_issued_by(anchor)
            names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
            code = validate_institution_code(str(names[0].value))
            key = certificate.public_key()
        except (ValueError, TypeError, IndexError, InvalidSignature, ProfileError):
            self._terminal = None
            raise CardError(
                StatusWord.WRONG_DATA, "not a terminal certificate from J-LIS"
            ) from None
        if not isinstance(key, rsa.RSAPublicKey):
            raise CardError(StatusWord.WRONG_DATA, "terminal keys are RSA")
        self._terminal = (code, key)

    def external_authenticate(self, signature: bytes) -> None:
        """EXTERNAL AUTHENTICATE: the terminal's signature over this card's last challenge."""
        challenge, self._challenge = self._challenge, None  # single use, whatever happens
        if challenge is None or self._terminal is None:
            raise CardError(
                StatusWord.CONDITIONS_NOT_SATISFIED, "GET CHALLENGE and a certificate first"
            )
        code, key = self._terminal
        try:
            key.verify(
                signature,
                terminal_challenge_message(challenge),
                padding.PKCS1v15(),
                hashes.SHA256(),
            )
        except InvalidSignature:
            self._pinless_institution = None
            raise CardError(StatusWord.AUTHENTICATION_FAILED, "the terminal failed") from None
        self._pinless_institution = code

    def _opened(self, image: CardImage, purpose: CertificatePurpose) -> bool:
        return purpose in self._verified and unblocked(image, purpose)

    def _require_current(self) -> int:
        if self._current is None:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "no file selected")
        return self._current

    def _current_pin(self) -> CertificatePurpose:
        fid = self._require_current()
        if fid not in PIN_FILES:
            raise CardError(StatusWord.COMMAND_NOT_ALLOWED, "select a PIN EF first")
        return PIN_FILES[JpkiFile(fid)]


__all__ = ["JpkiApplication", "sign_raw_pkcs1"]
