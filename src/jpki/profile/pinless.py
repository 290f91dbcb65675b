"""PIN-less authentication (PIN入力に代る外部認証), as seed 000 proposes it: not the deployed card.

J-LIS certifies a terminal's key with an institution-code certificate under a terminal CA
that every card knows. The card checks the certificate (PSO VERIFY CERTIFICATE), sends a fresh
challenge (GET CHALLENGE) and accepts the terminal once it has signed that challenge
(EXTERNAL AUTHENTICATE). For the rest of the session the authentication key then signs without
the PIN, but never a bare digest: it signs

    SHA-256( "JPKI-PINLESS-V1" || len(code) || code || digest )

and answers `80 <code>` + `9E <signature>` (BER TLVs, ISO 7816 tags for a "discretionary"
value and a digital signature). A verifier therefore always learns the institution code, and a
PIN-less signature can never pass for a PIN one: it is over a different digest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re

from jpki.profile.errors import ProfileError

DOMAIN = b"JPKI-PINLESS-V1"
INSTITUTION_CODE = re.compile(r"[0-9A-Z]{4,16}")
CHALLENGE_LENGTH = 8
CODE_TAG, SIGNATURE_TAG = 0x80, 0x9E


def validate_institution_code(code: str) -> str:
    """An institution code (機関コード): 4-16 characters of 0-9 and A-Z (our choice)."""
    if not INSTITUTION_CODE.fullmatch(code):
        raise ProfileError(f"an institution code is 4-16 characters of 0-9 and A-Z: {code!r}")
    return code


def pinless_digest(institution_code: str, digest: bytes) -> bytes:
    """What the card really signs in PIN-less mode (SHA-256, then PKCS#1 v1.5)."""
    code = validate_institution_code(institution_code).encode()
    return hashlib.sha256(DOMAIN + bytes((len(code),)) + code + digest).digest()


def terminal_challenge_message(challenge: bytes) -> bytes:
    """What the terminal signs for EXTERNAL AUTHENTICATE (SHA-256, PKCS#1 v1.5)."""
    return DOMAIN + b"/terminal/" + challenge


@dataclasses.dataclass(frozen=True)
class PinlessResult:
    """A PIN-less signature and the institution code it is bound to."""

    institution_code: str
    signature: bytes


def encode_pinless_result(result: PinlessResult) -> bytes:
    code = result.institution_code.encode()
    return _tlv1(CODE_TAG, code) + _tlv1(SIGNATURE_TAG, result.signature)


def _tlv1(tag: int, value: bytes) -> bytes:
    length = len(value)
    if length < 0x80:
        return bytes((tag, length)) + value
    if length < 0x100:
        return bytes((tag, 0x81, length)) + value
    return bytes((tag, 0x82)) + length.to_bytes(2) + value


def decode_pinless_result(data: bytes) -> PinlessResult:
    """Inverse of `encode_pinless_result`; raises ProfileError when malformed."""
    try:
        if data[0] != CODE_TAG:
            raise ProfileError("a PIN-less result starts with the institution code (80)")
        code_length = data[1]
        code = data[2 : 2 + code_length].decode("ascii")
        rest = data[2 + code_length :]
        if rest[0] != SIGNATURE_TAG:
            raise ProfileError("the signature (9E) follows the institution code")
        first = rest[1]
        if first < 0x80:
            length, start = first, 2
        elif first == 0x81:
            length, start = rest[2], 3
        elif first == 0x82:
            length, start = int.from_bytes(rest[2:4]), 4
        else:
            raise ProfileError("bad signature length")
        signature = rest[start : start + length]
        if len(signature) != length or start + length != len(rest):
            raise ProfileError("the signature's length does not match")
    except (IndexError, UnicodeDecodeError) as exc:
        raise ProfileError(f"malformed PIN-less result: {exc}") from exc
    return PinlessResult(validate_institution_code(code), signature)


__all__ = [
    "CHALLENGE_LENGTH",
    "DOMAIN",
    "PinlessResult",
    "decode_pinless_result",
    "encode_pinless_result",
    "pinless_digest",
    "terminal_challenge_message",
    "validate_institution_code",
]
