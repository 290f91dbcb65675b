"""Readers: how the client reaches a card. One method: send a command APDU, get the response.

- `InProcessReader`: the composition root hands it a card object (tests, the sandbox).
- `PcscReader`: a PC/SC reader through pyscard (a real card, or ours attached via vpcd).
`open_reader` picks one from the user's `--reader`: a card image path, or a PC/SC reader name
(or a unique part of it).
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from jpki.client.errors import (
    CardRefused,
    MalformedCardData,
    PinBlocked,
    ReaderError,
    WrongPin,
)
from jpki.profile.apdu import Instruction, StatusWord


class Transmitter(Protocol):
    """Anything that answers APDUs: our card object, or a real card behind PC/SC."""

    def transmit(self, raw: bytes) -> bytes: ...


class Reader(Protocol):
    """A connected card reader."""

    name: str

    def transmit(self, command: bytes) -> bytes: ...

    def close(self) -> None: ...


def exchange(reader: Reader, command: bytes) -> tuple[bytes, int]:
    """Send a command; follow `61 xx` with GET RESPONSE until the whole answer is in."""
    answer = reader.transmit(command)
    data, status = answer[:-2], int.from_bytes(answer[-2:])
    while status >> 8 == 0x61:
        answer = reader.transmit(bytes((0, 0xC0, 0, 0, status & 0xFF)))
        data, status = data + answer[:-2], int.from_bytes(answer[-2:])
    return data, status


def send_verify(reader: Reader, value: bytes, label: str) -> None:
    """VERIFY `value` against the selected PIN EF, as the real card answers it.

    Raises WrongPin with the tries left (63 Cx), PinBlocked when this attempt used the last try
    (63 C0) or the PIN was blocked already (69 84), CardRefused for anything else.
    """
    answer = reader.transmit(bytes((0, Instruction.VERIFY, 0, 0x80, len(value))) + value)
    status = int.from_bytes(answer[-2:])
    if status == StatusWord.OK:
        return
    if status in (StatusWord.AUTHENTICATION_BLOCKED, StatusWord.tries_left(0)):
        raise PinBlocked(label)
    if status & 0xFFF0 == 0x63C0:
        raise WrongPin(label, status & 0x0F)
    raise CardRefused("VERIFY", status)


MAX_FILE = 0x7FFF
"""READ BINARY's offset is 15 bits: no card file is longer."""


def read_selected_file(reader: Reader, fid: int) -> bytes | None:
    """The whole selected EF `fid`, in 256-byte READ BINARYs until a short one or `6B 00`;
    None when the credential opened does not cover it (`69 82`)."""
    content = b""
    while True:
        offset = len(content)
        if offset > MAX_FILE:
            raise MalformedCardData(f"file {fid:04X}", "longer than a card file can be")
        answer = reader.transmit(bytes((0, Instruction.READ_BINARY, offset >> 8, offset & 0xFF, 0)))
        status = int.from_bytes(answer[-2:])
        if status == StatusWord.SECURITY_STATUS_NOT_SATISFIED:
            return None
        if status == StatusWord.WRONG_OFFSET and content:
            return content
        if status != StatusWord.OK:
            raise CardRefused(f"READ BINARY {fid:04X}", status)
        content += answer[:-2]
        if len(answer) - 2 < 256:
            return content


class InProcessReader:
    """A card in the same process (the composition root or a test supplies it)."""

    def __init__(self, card: Transmitter, name: str = "in-process") -> None:
        self._card = card
        self.name = name

    def transmit(self, command: bytes) -> bytes:
        return self._card.transmit(command)

    def close(self) -> None:
        """Nothing to release."""


class PcscReader:
    """A PC/SC reader (pcscd) through pyscard, with T=0/T=1 handled by pcsc-lite."""

    def __init__(self, name_part: str | None = None) -> None:
        try:
            from smartcard.Exceptions import CardConnectionException, NoCardException
            from smartcard.System import readers
        except ImportError as exc:
            raise ReaderError("PC/SC support needs pyscard: pip install 'jpki[pcsc]'") from exc
        try:
            available = readers()
        except Exception as exc:  # pyscard raises its own error types when pcscd is down
            raise ReaderError(f"cannot reach pcscd: {exc}") from exc
        matching = [r for r in available if name_part is None or name_part in str(r)]
        if not matching:
            names = ", ".join(str(r) for r in available) or "none"
            raise ReaderError(f"no reader matching {name_part!r} (readers: {names})")
        for candidate in matching:
            connection = candidate.createConnection()
            try:
                connection.connect()
            except (NoCardException, CardConnectionException):
                _release(connection)
                continue
            self._connection = connection
            self.name = str(candidate)
            return
        raise ReaderError("no card in the reader / カードがリーダーにありません")

    def transmit(self, command: bytes) -> bytes:
        data, sw1, sw2 = self._connection.transmit(list(command))
        return bytes(data) + bytes((sw1, sw2))

    def close(self) -> None:
        self._connection.disconnect()
        _release(self._connection)


def _release(connection: object) -> None:
    """Free pyscard's PC/SC context now, not in a destructor that may outlive pcscd."""
    release = getattr(connection, "release", None)
    if release is not None:
        with contextlib.suppress(Exception):
            release()


__all__ = ["InProcessReader", "PcscReader", "Reader", "Transmitter", "exchange", "send_verify"]
