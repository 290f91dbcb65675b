"""The JPKI application as the client sees it: select, read, verify PINs, sign.

Speaks only APDUs (JPKI.md §2) through a `Reader`, exactly as the real client software and
OpenSC's driver do, so it works with a real card behind PC/SC as well as with ours.
"""

from __future__ import annotations

import dataclasses

from asn1crypto import algos
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from jpki.client.errors import CardRefused, WrongPin
from jpki.client.readers import Reader, exchange, send_verify
from jpki.profile.apdu import (
    AID_JPKI,
    AUTH_PIN_RULE,
    CA_FILE,
    CERTIFICATE_FILE,
    KEY_FILE,
    PIN_FILE,
    SIGN_PASSWORD_RULE,
    CommandApdu,
    Instruction,
    JpkiFile,
    PinRule,
    StatusWord,
)
from jpki.profile.medium import Medium, medium_of_label
from jpki.profile.pinless import (
    CHALLENGE_LENGTH,
    PinlessResult,
    decode_pinless_result,
    terminal_challenge_message,
)
from jpki.profile.purpose import CertificatePurpose

PIN_RULE: dict[CertificatePurpose, PinRule] = {
    CertificatePurpose.AUTH: AUTH_PIN_RULE,
    CertificatePurpose.SIGN: SIGN_PASSWORD_RULE,
}


@dataclasses.dataclass(frozen=True)
class PinStatus:
    """Tries left of one PIN, and whether it is already verified in this session."""

    purpose: CertificatePurpose
    tries_left: int
    max_tries: int

    @property
    def blocked(self) -> bool:
        return self.tries_left == 0


def normalise_pin(purpose: CertificatePurpose, value: str) -> str:
    """What the real client does before sending: upper-case the signing password."""
    return value.strip().upper() if purpose is CertificatePurpose.SIGN else value.strip()


class JpkiToken:
    """The JPKI AP on the card in `reader`."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self._command(
            bytes((0, Instruction.SELECT, 4, 0x0C, len(AID_JPKI))) + AID_JPKI, "SELECT JPKI AP"
        )

    def _command(self, apdu: bytes, what: str) -> bytes:
        data, status = exchange(self.reader, apdu)
        if status != StatusWord.OK:
            raise CardRefused(what, status)
        return data

    def _select_file(self, fid: int) -> None:
        self._command(
            bytes((0, Instruction.SELECT, 2, 0x0C, 2)) + fid.to_bytes(2), f"SELECT {fid:04X}"
        )

    def _read(self, offset: int, length: int) -> bytes:
        apdu = bytes((0, Instruction.READ_BINARY, offset >> 8, offset & 0xFF, length & 0xFF))
        return self._command(apdu, "READ BINARY")

    def read_der_file(self, fid: int) -> bytes:
        """A DER file: its 4-byte header first, then the rest 256 bytes at a time."""
        self._select_file(fid)
        head = self._read(0, 4)
        if len(head) < 4 or head[0] != 0x30 or head[1] != 0x82:
            raise CardRefused(f"a DER file in {fid:04X}", StatusWord.WRONG_DATA)
        total = 4 + int.from_bytes(head[2:4])
        content = head
        while len(content) < total:
            content += self._read(len(content), min(256, total - len(content)))
        return content[:total]

    def certificate(self, purpose: CertificatePurpose) -> x509.Certificate:
        """The card's certificate of a purpose (the signing one needs the password first)."""
        return x509.load_der_x509_certificate(self.read_der_file(CERTIFICATE_FILE[purpose]))

    def ca_certificate(self, purpose: CertificatePurpose) -> x509.Certificate:
        return x509.load_der_x509_certificate(self.read_der_file(CA_FILE[purpose]))

    def medium(self) -> Medium | None:
        """Card or phone, from the token label in EF 0006 as public readers tell them apart
        (`JPKIAPICCTOKEN2` / `JPKIAPGPSETOKEN`); None for a label no reader knows."""
        self._select_file(JpkiFile.TOKEN_INFO)
        return medium_of_label(self._read(0, 32))

    def pin_status(self, purpose: CertificatePurpose) -> PinStatus:
        """Tries left, asked with an empty VERIFY that spends no try."""
        self._select_file(PIN_FILE[purpose])
        answer = self.reader.transmit(bytes((0, Instruction.VERIFY, 0, 0x80)))
        status = int.from_bytes(answer[-2:])
        rule = PIN_RULE[purpose]
        if status == StatusWord.AUTHENTICATION_BLOCKED:
            return PinStatus(purpose, 0, rule.max_tries)
        if status & 0xFFF0 == 0x63C0:
            return PinStatus(purpose, status & 0x0F, rule.max_tries)
        if status == StatusWord.OK:
            return PinStatus(purpose, rule.max_tries, rule.max_tries)
        raise CardRefused("a PIN status query", status)

    def verify(self, purpose: CertificatePurpose, pin: str) -> None:
        """VERIFY a PIN; raises WrongPin with the tries left, or PinBlocked."""
        value = normalise_pin(purpose, pin).encode()
        if not value:
            raise WrongPin(PIN_RULE[purpose].name, self.pin_status(purpose).tries_left)
        self._select_file(PIN_FILE[purpose])
        send_verify(self.reader, value, PIN_RULE[purpose].name)

    def change_pin(self, purpose: CertificatePurpose, old: str, new: str) -> None:
        self.verify(purpose, old)
        value = normalise_pin(purpose, new)
        rule = PIN_RULE[purpose]
        if not rule.valid(value):
            raise CardRefused(f"the new {rule.name} (it breaks the rules)", StatusWord.WRONG_DATA)
        self._select_file(PIN_FILE[purpose])
        encoded = value.encode()
        self._command(
            bytes((0, Instruction.CHANGE_REFERENCE_DATA, 1, 0x80, len(encoded))) + encoded,
            "CHANGE REFERENCE DATA",
        )

    def authenticate_terminal(
        self, certificate: x509.Certificate, terminal_key: rsa.RSAPrivateKey
    ) -> None:
        """PIN-less mode (seed 000): prove the terminal to the card with its J-LIS certificate."""
        der = certificate.public_bytes(Encoding.DER)
        self._command(
            CommandApdu(0, Instruction.COMPUTE_DIGITAL_SIGNATURE, 0, 0xBE, der).encode(),
            "the terminal certificate",
        )
        challenge = self._command(
            CommandApdu(0, Instruction.GET_CHALLENGE, 0, 0, le=CHALLENGE_LENGTH).encode(),
            "GET CHALLENGE",
        )
        signature = terminal_key.sign(
            terminal_challenge_message(challenge), padding.PKCS1v15(), hashes.SHA256()
        )
        self._command(
            CommandApdu(0, Instruction.EXTERNAL_AUTHENTICATE, 0, 0, signature).encode(),
            "EXTERNAL AUTHENTICATE",
        )

    def sign_digest_pinless(self, digest: bytes) -> PinlessResult:
        """The authentication key's PIN-less signature, bound to the terminal's institution."""
        return decode_pinless_result(self.sign_digest(CertificatePurpose.AUTH, "sha256", digest))

    def sign_digest(self, purpose: CertificatePurpose, algorithm: str, digest: bytes) -> bytes:
        """PKCS#1 v1.5 signature of a digest by the card (PIN verified beforehand)."""
        digest_info = algos.DigestInfo(
            {"digest_algorithm": {"algorithm": algorithm}, "digest": digest}
        ).dump()
        self._select_file(KEY_FILE[purpose])
        apdu = (
            bytes((0x80, Instruction.COMPUTE_DIGITAL_SIGNATURE, 0, 0x80, len(digest_info)))
            + digest_info
            + b"\x00"
        )
        return self._command(apdu, "COMPUTE DIGITAL SIGNATURE")


__all__ = ["JpkiToken", "PinStatus", "normalise_pin"]
