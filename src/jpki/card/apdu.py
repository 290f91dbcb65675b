"""Command and response APDUs (ISO 7816-4 §5.1), short and extended length."""

from __future__ import annotations

import dataclasses

from jpki.card.errors import CardError
from jpki.profile.apdu import StatusWord


@dataclasses.dataclass(frozen=True)
class CommandApdu:
    """CLA INS P1 P2 [Lc data] [Le]; `le` is None when absent, 0 never (it means 256/65536)."""

    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    le: int | None = None
    extended: bool = False

    @classmethod
    def parse(cls, raw: bytes) -> CommandApdu:
        """Decode the four cases in short or extended form; raises CardError(6700) if malformed."""
        if len(raw) < 4:
            raise CardError(StatusWord.WRONG_LENGTH, "an APDU has at least 4 bytes")
        cla, ins, p1, p2 = raw[:4]
        body = raw[4:]
        if not body:
            return cls(cla, ins, p1, p2)
        if len(body) == 1:
            return cls(cla, ins, p1, p2, le=body[0] or 256)
        if body[0] != 0:
            lc = body[0]
            if len(body) == 1 + lc:
                return cls(cla, ins, p1, p2, body[1:])
            if len(body) == 2 + lc:
                return cls(cla, ins, p1, p2, body[1 : 1 + lc], body[-1] or 256)
            raise CardError(StatusWord.WRONG_LENGTH, "Lc does not match the data")
        # extended length: a 00 byte, then 2-byte fields
        if len(body) == 3:
            return cls(cla, ins, p1, p2, le=int.from_bytes(body[1:3]) or 65536, extended=True)
        if len(body) < 3:
            raise CardError(StatusWord.WRONG_LENGTH, "truncated extended length")
        lc = int.from_bytes(body[1:3])
        if lc == 0:
            raise CardError(StatusWord.WRONG_LENGTH, "extended Lc of zero")
        if len(body) == 3 + lc:
            return cls(cla, ins, p1, p2, body[3:], extended=True)
        if len(body) == 5 + lc:
            le = int.from_bytes(body[-2:]) or 65536
            return cls(cla, ins, p1, p2, body[3 : 3 + lc], le, extended=True)
        raise CardError(StatusWord.WRONG_LENGTH, "extended Lc does not match the data")

    def encode(self) -> bytes:
        """The APDU bytes, short form unless a field needs extended length."""
        header = bytes((self.cla, self.ins, self.p1, self.p2))
        extended = self.extended or len(self.data) > 255 or (self.le or 0) > 256
        body = b""
        if self.data:
            length = len(self.data)
            body += (b"\x00" + length.to_bytes(2)) if extended else bytes((length,))
            body += self.data
        if self.le is not None:
            if extended:
                body += (b"" if self.data else b"\x00") + (self.le % 65536).to_bytes(2)
            else:
                body += bytes((self.le % 256,))
        return header + body


def response(data: bytes = b"", status: int = StatusWord.OK) -> bytes:
    """Response APDU bytes: data followed by SW1 SW2."""
    return data + status.to_bytes(2)


__all__ = ["CommandApdu", "response"]
