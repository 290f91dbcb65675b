"""Response APDUs as the card answers them (the command codec is in jpki.profile.apdu)."""

from __future__ import annotations

from jpki.profile.apdu import StatusWord


def response(data: bytes = b"", status: int = StatusWord.OK) -> bytes:
    """Response APDU bytes: data followed by SW1 SW2."""
    return data + status.to_bytes(2)


__all__ = ["response"]
