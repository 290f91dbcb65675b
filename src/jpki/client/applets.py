"""The free area from a terminal's side (空き領域のカードアプリ): install, select, read, authenticate.

An issuer's desk installs an applet with the package its issuer signed
(jpki.profile.free_area); a gate or a counter selects the applet by its AID, reads its files,
verifies its PIN and has its key answer a challenge. Every refusal of the card is a client
error that says what happened (`ApplicationMissing`, `CardRefused`, `WrongPin`, `PinBlocked`).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import load_der_public_key

from jpki.client.errors import ApplicationMissing, CardRefused, MalformedCardData
from jpki.client.readers import Reader, exchange, read_selected_file, send_verify
from jpki.profile.apdu import Instruction, StatusWord
from jpki.profile.free_area import AID_FREE_AREA_MANAGER, INS_DELETE, INS_INSTALL


def _extended(cla: int, ins: int, p1: int, p2: int, data: bytes, le: bool) -> bytes:
    """An extended-length APDU (install packages run to kilobytes)."""
    return (
        bytes((cla, ins, p1, p2, 0)) + len(data).to_bytes(2) + data + (b"\x00\x00" if le else b"")
    )


def _select(reader: Reader, aid: bytes, name: str, advice: str) -> None:
    _data, status = exchange(reader, bytes((0, Instruction.SELECT, 4, 0x0C, len(aid))) + aid)
    if status == StatusWord.FILE_NOT_FOUND:
        raise ApplicationMissing(name, advice)
    if status != StatusWord.OK:
        raise CardRefused(f"SELECT {name}", status)


def install(reader: Reader, package: bytes) -> ec.EllipticCurvePublicKey:
    """Install a signed package; returns the applet's public key, made on the card."""
    _select(
        reader,
        AID_FREE_AREA_MANAGER,
        "free-area manager (空き領域)",
        "the card was issued before the free area existed; re-personalise it",
    )
    data, status = exchange(reader, _extended(0x80, INS_INSTALL, 0x0C, 0, package, True))
    if status != StatusWord.OK:
        raise CardRefused("INSTALL", status)
    try:
        key = load_der_public_key(data)
    except ValueError:
        raise MalformedCardData("applet key", "not a public key") from None
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise MalformedCardData("applet key", "not an ECDSA key")
    return key


def delete(reader: Reader, package: bytes) -> None:
    """Delete an applet with its issuer's signed removal."""
    _select(reader, AID_FREE_AREA_MANAGER, "free-area manager (空き領域)", "nothing to delete")
    _, status = exchange(reader, _extended(0x80, INS_DELETE, 0, 0, package, False))
    if status != StatusWord.OK:
        raise CardRefused("DELETE", status)


class AppletSession:
    """One installed applet, selected on the card in `reader`."""

    def __init__(self, reader: Reader, aid: bytes, name: str) -> None:
        self.reader = reader
        self.aid = aid
        self.name = name
        _select(reader, aid, name, "it was not installed on this card")

    def read(self, fid: int) -> bytes | None:
        """File `fid` of the applet; None while it needs the applet PIN."""
        command = bytes((0, Instruction.SELECT, 2, 0x0C, 2)) + fid.to_bytes(2)
        _, status = exchange(self.reader, command)
        if status != StatusWord.OK:
            raise CardRefused(f"SELECT EF {fid:04X} of the {self.name}", status)
        return read_selected_file(self.reader, fid)

    def verify(self, pin: str) -> None:
        send_verify(self.reader, pin.encode("ascii"), f"{self.name} PIN")

    def authenticate(self, challenge: bytes) -> bytes:
        """The applet key's signature (DER ECDSA) over the challenge (INTERNAL AUTHENTICATE)."""
        command = bytes((0, Instruction.INTERNAL_AUTHENTICATE, 0, 0, len(challenge))) + challenge
        data, status = exchange(self.reader, command + b"\x00")
        if status != StatusWord.OK:
            raise CardRefused(f"INTERNAL AUTHENTICATE of the {self.name}", status)
        return data


__all__ = ["AppletSession", "delete", "install"]
