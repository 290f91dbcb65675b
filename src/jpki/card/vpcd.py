"""The bridge to pcscd through vsmartcard's virtual reader (Debian package vsmartcard-vpcd).

vpcd is a reader driver inside pcscd that listens on a TCP port (35963 by default) for a
virtual card. Frames in both directions are a 2-byte big-endian length and a payload; a
one-byte payload from vpcd is a control: 00 power off, 01 power on, 02 reset, 04 send the ATR.
Any longer payload is a command APDU, answered with the response APDU. Once attached, every
PC/SC application on the machine (OpenSC, browsers, the JPKI client software) sees a My Number
card in a reader called "Virtual PCD".
"""

from __future__ import annotations

import logging
import socket
import time

from jpki.card.os import Card

log = logging.getLogger(__name__)

DEFAULT_PORT = 35963
DRIVER = "/usr/lib/pcsc/drivers/serial/libifdvpcd.so"


def reader_conf(port: int = DEFAULT_PORT, driver: str = DRIVER) -> str:
    """A reader.conf entry making pcscd's vpcd listen for our card on `port`."""
    return (
        f'FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:0x{port:04X}\n'
        f"LIBPATH      {driver}\nCHANNELID    0x{port:04X}\n"
    )


POWER_OFF, POWER_ON, RESET, GET_ATR = 0x00, 0x01, 0x02, 0x04


def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
        _acknowledge_now(sock)
    return data


def _acknowledge_now(sock: socket.socket) -> None:
    """Linux: ACK at once. vpcd writes a frame's length and body separately, so a delayed ACK
    here would hold the body back by Nagle's algorithm (~40 ms per APDU). The flag does not
    stick, hence after every receive."""
    quick_ack = getattr(socket, "TCP_QUICKACK", None)
    if quick_ack is not None:
        sock.setsockopt(socket.IPPROTO_TCP, quick_ack, 1)


def _send_frame(sock: socket.socket, payload: bytes) -> None:
    sock.sendall(len(payload).to_bytes(2) + payload)


def serve_connection(card: Card, sock: socket.socket) -> None:
    """Answer vpcd on one connection until it closes."""
    while True:
        header = _receive_exactly(sock, 2)
        if header is None:
            return
        payload = _receive_exactly(sock, int.from_bytes(header))
        if payload is None:
            return
        if len(payload) == 1:
            control = payload[0]
            if control in (POWER_OFF, POWER_ON, RESET):
                card.reset()
            elif control == GET_ATR:
                _send_frame(sock, card.atr)
            else:
                log.warning("unknown vpcd control byte %02X", control)
            continue
        _send_frame(sock, card.transmit(payload))


def attach(
    card: Card,
    host: str = "127.0.0.1",
    port: int = DEFAULT_PORT,
    *,
    retry_seconds: float = 1.0,
    stop_after: float | None = None,
) -> None:
    """Insert `card` into the virtual reader; reconnects whenever pcscd restarts.

    `stop_after` (seconds) bounds the whole session, for tests and scripts.
    """
    deadline = None if stop_after is None else time.monotonic() + stop_after
    while deadline is None or time.monotonic() < deadline:
        try:
            with socket.create_connection((host, port), timeout=retry_seconds) as sock:
                sock.settimeout(None if deadline is None else max(0.1, deadline - time.monotonic()))
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                log.info("card inserted into vpcd at %s:%d", host, port)
                serve_connection(card, sock)
        except (ConnectionError, TimeoutError, OSError) as error:
            log.debug("vpcd not reachable (%s); retrying", error)
            time.sleep(retry_seconds)


__all__ = ["DEFAULT_PORT", "DRIVER", "attach", "reader_conf", "serve_connection"]
