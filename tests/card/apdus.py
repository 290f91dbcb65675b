"""Sending APDUs to a card in process, as the card tests replay what readers send."""

from __future__ import annotations

from jpki.card.os import Card


def apdu(card: Card, hex_or_bytes: str | bytes) -> tuple[bytes, int]:
    """One command (hex or bytes); the response data and status word."""
    raw = bytes.fromhex(hex_or_bytes) if isinstance(hex_or_bytes, str) else hex_or_bytes
    answer = card.transmit(raw)
    return answer[:-2], int.from_bytes(answer[-2:])


def select_ef(card: Card, fid: int) -> int:
    return apdu(card, bytes.fromhex("00A4020C02") + fid.to_bytes(2))[1]


def verify(card: Card, fid: int, pin: str) -> int:
    """SELECT the credential EF and VERIFY `pin`; the status word."""
    select_ef(card, fid)
    return apdu(card, bytes((0, 0x20, 0, 0x80, len(pin))) + pin.encode())[1]


__all__ = ["apdu", "select_ef", "verify"]
