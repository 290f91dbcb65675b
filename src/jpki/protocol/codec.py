"""The field encodings every protocol's JSON shares: binary values as standard base64, nonces
as base64url.

A field that is missing or not base64 is refused with the receiving party's own error (its
`refusal`), so each party still answers in its protocol's terms (a 400, a `bad-request`, a
sealed message's `BadMessage`) while the rule itself lives here once.
"""

from __future__ import annotations

import base64
from collections.abc import Callable

from jpki.profile.errors import ProfileError


class MalformedField(ProfileError):
    """A message field is missing or not in its protocol's encoding."""


def encode_b64(data: bytes) -> str:
    """Binary data as a JSON string (standard base64, padded)."""
    return base64.b64encode(data).decode("ascii")


def decode_b64(
    value: object, what: str, refusal: Callable[[str], Exception] = MalformedField
) -> bytes:
    """A base64 field's bytes; `refusal(message)` is raised for a missing or malformed one."""
    return _decoded(
        value, what, "base64", lambda text: base64.b64decode(text, validate=True), refusal
    )


def encode_b64url(data: bytes) -> str:
    """Binary data for a URL or a nonce: base64url without padding (RFC 4648 section 5)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def decode_b64url(
    value: object, what: str, refusal: Callable[[str], Exception] = MalformedField
) -> bytes:
    """Inverse of `encode_b64url` (padding optional); `refusal(message)` when malformed."""

    def decode(text: str) -> bytes:
        return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)

    return _decoded(value, what, "base64url", decode, refusal)


def _decoded(
    value: object,
    what: str,
    encoding: str,
    decode: Callable[[str], bytes],
    refusal: Callable[[str], Exception],
) -> bytes:
    if not isinstance(value, str):
        raise refusal(f"{what} ({encoding}) is required")
    try:
        return decode(value)
    except ValueError:  # binascii.Error is one
        raise refusal(f"{what} is not {encoding}") from None


__all__ = ["MalformedField", "decode_b64", "decode_b64url", "encode_b64", "encode_b64url"]
